"""Checks of an environment's ``release`` section the schema cannot express.

    >>> [str(p) for p in release_problems("prod", {"release": {"switch": "lb {taget}"}}, ["blue"])]
    ['[prod.release].switch: unknown placeholder(s) {taget} (known: {python}, {target}, {version})']

The schema (``#/$defs/release``) checks keys and types of the section; here, for every
environment whatever strategy it is released with: the placeholders of each command,
the targets the section names, canary steps that rise, and the canary comparison with
a baseline. What one strategy needs is checked when releasing with it
(:func:`strategy_problems`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from greenlight.config.commands import COMMANDS, unknown_placeholders
from greenlight.config.messages import Path, Problem, suggest, where
from greenlight.config.schema import choices, validate

STRATEGIES = choices("strategies")
# Keys naming targets of the environment's [targets]; the first two name lists of them.
TARGET_KEYS = ("targets", "variants", "instances", "canary", "baseline")


def release_problems(name: str, env: Mapping[str, Any], targets: Collection[str]) -> list[Problem]:
    """Every problem of the environment's release section beyond its structure."""
    raw = env.get("release")
    if not isinstance(raw, dict):
        return []
    document = {name: env}

    def problem(key: str, what: str) -> Problem:
        path: Path = (name, "release", key) if key else (name, "release")
        return Problem(path, f"{where(path, document)}: {what}")

    problems = [
        problem(key, wrong)
        for key, allowed in COMMANDS.items()
        if isinstance(raw.get(key), str) and (wrong := unknown_placeholders(raw[key], allowed))
    ]
    known = ", ".join(sorted(targets)) or "none defined"
    for key in TARGET_KEYS:
        names = [raw[key]] if isinstance(raw.get(key), str) else raw.get(key)
        for target in names if isinstance(names, list) else []:
            if isinstance(target, str) and target not in targets:
                problems.append(
                    problem(
                        key,
                        f"'{target}' is not a target of [{name}.targets]{suggest(target, targets)} (known: {known})",
                    )
                )
    steps = raw.get("steps")
    whole = isinstance(steps, list) and all(type(step) is int for step in steps)
    if whole and isinstance(steps, list) and steps != sorted(set(steps)):
        problems.append(problem("steps", f"must rise strictly (got {steps})"))
    return problems + _comparison(name, raw, env.get("probes"), problem)


def strategy_problems(name: str, env: Mapping[str, Any], strategy: str) -> list[Problem]:
    """What releasing the environment with ``strategy`` needs that its section lacks."""
    path: Path = (name, "release")
    problems = validate(env.get("release"), f"strategies/{strategy}", path, {name: env})
    hooks = [key for key in ("promote", "rollback") if key in env]
    if env.get("mode") == "deployment" and hooks:
        # Each smoke check is a pytest run: it must not promote or roll back on its own.
        problems.append(
            Problem(
                (name, "mode"),
                f'[{name}] has mode = "deployment" with {" and ".join(hooks)}, which every pytest run '
                f"carries out, so each smoke check of the release would too; put mode in [{name}.release] "
                "instead, or release through an environment without them",
            )
        )
    return problems


def _comparison(
    name: str, raw: Mapping[str, Any], probes: Any, problem: Callable[[str, str], Problem]
) -> list[Problem]:
    """The canary's comparison with a baseline: both keys or neither, naming metrics probes."""
    found = _judge(raw, problem)
    given = [key for key in ("baseline", "compare") if key in raw]
    if not given:
        if raw.get("judge") == "mann-whitney":
            return [
                problem("judge", "mann-whitney needs baseline and compare: what to judge against")
            ]
        if "max_ratio" in raw:
            return [problem("max_ratio", "only means something with baseline and compare")]
        return found
    if len(given) == 1:
        missing = "compare" if given == ["baseline"] else "baseline"
        return [
            problem(
                "",
                f"{given[0]} needs {missing} too: the target to compare the canary with "
                'and the metrics probes to compare, e.g. baseline = "blue", compare = ["latency-p95"]',
            ),
            *found,
        ]
    if raw.get("baseline") == raw.get("canary"):
        found.append(problem("baseline", "must be another target than the canary"))
    names = raw["compare"]
    tables = {
        table["name"]: table
        for table in (probes if isinstance(probes, list) else [])
        if isinstance(table, dict) and isinstance(table.get("name"), str)
    }
    metrics = (
        ", ".join(n for n, t in tables.items() if t.get("kind") == "metrics") or "none defined"
    )
    for probe in names if isinstance(names, list) else []:
        table = tables.get(probe)
        if table is None:
            found.append(
                problem(
                    "compare",
                    f"'{probe}' is not a probe of [[{name}.probes]] (metrics probes: {metrics})",
                )
            )
        elif table.get("kind") != "metrics":
            found.append(
                problem(
                    "compare",
                    f"'{probe}' is a {table.get('kind')} probe; only metrics probes compare",
                )
            )
        elif str(table.get("url", "")).startswith(("http://", "https://")):
            found.append(
                problem(
                    "compare",
                    f"'{probe}' reads a fixed URL; give it a path (e.g. url = "
                    '"/metrics") so each target is read at its own',
                )
            )
    return found


def _judge(raw: Mapping[str, Any], problem: Callable[[str, str], Problem]) -> list[Problem]:
    """The Mann-Whitney judge's settings: metrics of compare, a marginal score below the pass."""
    found = []
    given = raw.get("compare")
    compared: list[Any] = given if isinstance(given, list) else []
    metrics = raw.get("metrics")
    for name in metrics if isinstance(metrics, dict) else {}:
        if name not in compared:
            found.append(
                problem(
                    "metrics",
                    f"'{name}' is not in compare ({', '.join(map(str, compared)) or 'empty'})",
                )
            )
    passing, marginal = raw.get("pass_score", 95), raw.get("marginal_score", 75)
    numbers = all(isinstance(v, (int, float)) for v in (passing, marginal))
    if numbers and marginal > passing:
        found.append(problem("marginal_score", f"must not be above pass_score ({passing})"))
    return found
