"""Checks of ``[ENV.watch]``, ``[[ENV.slos]]`` and ``[ENV.notify]`` the schema cannot express.

    >>> [str(p) for p in watch_problems("prod", {"watch": {"mode": "deployment"}})]
    ['[prod.watch]: mode = "deployment" needs a rollback command (rollback = "deploy/rollback.sh {version}" in [prod.watch] or [prod]); or use mode = "delivery"']

The schema checks keys, types and the spelling of durations; here: a window probe that
names no metrics or prometheus probe of the environment, a rollback command's
placeholders, deployment mode without a rollback command, a round interval longer than
the watch, an objective's expressions that do not parse, a fast window that is not
shorter than its slow one, and names used twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from greenlight.config.commands import HOOK_PLACEHOLDERS, unknown_placeholders
from greenlight.config.messages import Path, Problem, where
from greenlight.durations import seconds

WINDOW_KINDS = ("metrics", "prometheus")


def watch_problems(name: str, env: Mapping[str, Any]) -> list[Problem]:
    """Every problem of the environment's watch, objectives and notifications beyond structure."""
    document = {name: env}
    watch = env.get("watch") if isinstance(env.get("watch"), dict) else {}
    assert isinstance(watch, dict)
    found = _window_problems(name, env, watch, document)
    rollback = watch.get("rollback", env.get("rollback"))
    at: Path = (name, "watch", "rollback") if "rollback" in watch else (name, "rollback")
    if isinstance(rollback, str) and (wrong := unknown_placeholders(rollback, HOOK_PLACEHOLDERS)):
        found.append(Problem(at, f"{where(at, document)}: {wrong}"))
    if watch.get("mode", env.get("mode")) == "deployment" and not rollback and watch:
        at = (name, "watch")
        found.append(
            Problem(
                at,
                f'{where(at, document)}: mode = "deployment" needs a rollback command '
                f'(rollback = "deploy/rollback.sh {{version}}" in [{name}.watch] or [{name}]); '
                'or use mode = "delivery"',
            )
        )
    lasting, every = _seconds(watch.get("for")), _seconds(watch.get("every"))
    if lasting is not None and every is not None and every > lasting:
        at = (name, "watch", "every")
        found.append(
            Problem(at, f"{where(at, document)}: is longer than the watch (for = {watch['for']!r})")
        )
    return found + _slo_problems(name, env, document)


def _window_problems(
    name: str, env: Mapping[str, Any], watch: Mapping[str, Any], document: Any
) -> list[Problem]:
    probes = env.get("probes") if isinstance(env.get("probes"), list) else []
    kinds = {p.get("name"): p.get("kind") for p in probes or [] if isinstance(p, dict)}
    found = []
    window = watch.get("window") if isinstance(watch.get("window"), list) else []
    for index, table in enumerate(window or []):
        probe = table.get("probe") if isinstance(table, dict) else None
        if not isinstance(probe, str) or kinds.get(probe) in WINDOW_KINDS:
            continue
        at: Path = (name, "watch", "window", index, "probe")
        usable = ", ".join(sorted(str(n) for n, k in kinds.items() if k in WINDOW_KINDS))
        what = "is not a probe" if probe not in kinds else f"is a {kinds[probe]} probe"
        found.append(
            Problem(
                at,
                f"{where(at, document)}: {probe!r} {what} of [[{name}.probes]]; a window "
                f"probe names a metrics or prometheus probe ({usable or 'none declared'})",
            )
        )
    return found


def _slo_problems(name: str, env: Mapping[str, Any], document: Any) -> list[Problem]:
    from greenlight.probes.expression import ExpressionError, parse

    slos = env.get("slos") if isinstance(env.get("slos"), list) else []
    found: list[Problem] = []
    seen: set[str] = set()
    for index, slo in enumerate(slos or []):
        if not isinstance(slo, dict):
            continue
        path: Path = (name, "slos", index)
        label = f"[[{name}.slos]] {slo.get('name', f'#{index + 1}')!r}"
        if slo.get("name") in seen:
            found.append(Problem(path, f"{label}: the name is used twice; give each its own"))
        seen.add(str(slo.get("name")))
        if slo.get("kind") == "prometheus" and not slo.get("url"):
            found.append(Problem(path, f"{label}: a prometheus objective needs url (the server)"))
        for key in ("good", "total"):
            if slo.get("kind") == "metrics" and isinstance(slo.get(key), str):
                try:
                    parse(slo[key])
                except ExpressionError as error:
                    found.append(Problem((*path, key), f"{label}.{key}: {error}"))
        burn = slo.get("burn") if isinstance(slo.get("burn"), list) else []
        for number, rule in enumerate(burn or []):
            if not isinstance(rule, dict):
                continue
            fast, slow = _seconds(rule.get("fast")), _seconds(rule.get("slow"))
            if fast is not None and slow is not None and fast >= slow:
                found.append(
                    Problem(
                        (*path, "burn", number),
                        f"{label}.burn #{number + 1}: the fast window ({rule['fast']}) must be "
                        f"shorter than the slow one ({rule['slow']})",
                    )
                )
    return found


def _seconds(value: Any) -> float | None:
    try:
        return seconds(value)
    except ValueError:
        return None
