"""Checks of ``[[ENV.probes]]`` tables the schema cannot express, and their variables.

    >>> [str(p) for p in probe_problems("prod", {"probes": [{"name": "e", "kind": "metrics",
    ...     "expression": "rate(x", "fail_above": 1}]})]
    ["[[prod.probes]] 'e'.expression: expected ')' at column 7, found 'the end'"]

The schema (``#/$defs/probe``, a branch per kind) checks keys and types; here: names
used twice, metrics expressions that do not parse, JMESPath queries of json probes that
do not compile, ``{placeholders}`` in a ``path`` or ``url`` other than :data:`PLACES`,
thresholds that contradict each other, and a floor on client latency (fast is never a problem, so it is a mistake). :func:`expanded` fills in ``${VARIABLE:-default}`` in a probe's own settings.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from greenlight.config.interpolation import UnsetVariable, expand
from greenlight.config.messages import Path, Problem, where
from greenlight.config.schema import choices, keys_of
from greenlight.errors import ConfigError

KINDS = choices("probe/properties/kind")
# Keys every kind has; the rest of a kind's keys are its own settings (url, expression...).
COMMON_KEYS = ("name", "kind", "optional", "fail_above", "warn_above", "warn_below", "fail_below")
# The run-time values a probe's path or url may name: the run's folder, the target
# (``default`` without one), the environment's name and the environments file's folder.
PLACES = ("workdir", "target", "env", "root")
_VARIABLE = re.compile(r"\$\{[^}]*\}")


def kind_keys(kind: str) -> tuple[str, ...]:
    """The keys only probes of ``kind`` have, e.g. ``("url", "expression")`` for metrics."""
    return tuple(key for key in keys_of(f"probe-kinds/{kind}") if key not in COMMON_KEYS)


def probe_problems(name: str, env: Mapping[str, Any]) -> list[Problem]:
    """Every problem of the environment's probes beyond their structure."""
    # The probe modules are imported here, not above: greenlight.probes' package imports the
    # pytest side, which configuration must not need just to be imported.
    from greenlight.probes.expression import ExpressionError, parse
    from greenlight.probes.judge import THRESHOLD_KEYS, Thresholds

    probes = env.get("probes")
    problems = [
        problem
        for index, table in enumerate(probes if isinstance(probes, list) else [])
        if isinstance(table, dict)
        for problem in _query_and_places(name, index, table, env)
    ]

    document = {name: env}
    seen: set[str] = set()
    for index, table in enumerate(probes if isinstance(probes, list) else []):
        if not isinstance(table, dict):
            continue
        path: Path = (name, "probes", index)
        probe = table.get("name")
        if isinstance(probe, str) and probe in seen:
            problems.append(
                Problem(
                    path,
                    f"{where(path, document)}: the name is used twice; give each probe its own name",
                )
            )
        seen.add(str(probe))
        expression = table.get("expression")
        if table.get("kind") == "metrics" and isinstance(expression, str):
            try:
                parse(expression)
            except ExpressionError as error:
                at = (*path, "expression")
                problems.append(Problem(at, f"{where(at, document)}: {error}"))
        floors = [key for key in ("warn_below", "fail_below") if key in table]
        if table.get("kind") == "client-latency" and floors:
            problems.append(
                Problem(
                    path,
                    f"{where(path, document)}: a client-latency probe judges how slow exchanges "
                    f"are; {' and '.join(floors)} would only fault fast ones: use fail_above "
                    "or warn_above (seconds)",
                )
            )
        bounds = {
            key: float(table[key])
            for key in THRESHOLD_KEYS
            if isinstance(table.get(key), int | float) and not isinstance(table[key], bool)
        }
        problems += [
            Problem(path, f"{where(path, document)}: {contradiction}")
            for contradiction in Thresholds(**bounds).problems()
        ]
    return problems


def _query_and_places(
    name: str, index: int, table: Mapping[str, Any], env: Mapping[str, Any]
) -> list[Problem]:
    """A json probe's query that does not compile; an unknown placeholder in a path or url."""
    from jmespath import compile as jmespath_compile
    from jmespath.exceptions import JMESPathError

    from greenlight.placeholders import placeholders

    document = {name: env}
    problems: list[Problem] = []
    query = table.get("query")
    if table.get("kind") == "json" and isinstance(query, str):
        try:
            jmespath_compile(query)
        except JMESPathError as error:
            at: Path = (name, "probes", index, "query")
            first = str(error).strip().splitlines()[0]
            problems.append(
                Problem(at, f"{where(at, document)}: not a JMESPath expression ({first})")
            )
    for key in ("path", "url"):
        value = table.get(key)
        if not isinstance(value, str):
            continue
        value = _VARIABLE.sub("", value)  # ${VAR:-default}: the other dialect, expanded first
        at = (name, "probes", index, key)
        try:
            unknown = sorted(placeholders(value, where=where(at, document)) - set(PLACES))
        except ConfigError as error:  # a lone brace, {not a name}
            problems += [Problem(at, problem) for problem in error.problems]
            continue
        if unknown:
            known = ", ".join(f"{{{place}}}" for place in PLACES)
            shown = ", ".join(f"{{{place}}}" for place in unknown)
            problems.append(
                Problem(
                    at, f"{where(at, document)}: unknown placeholder(s) {shown} (known: {known})"
                )
            )
    return problems


def expanded(
    env: str, index: int, table: Mapping[str, Any], environ: Mapping[str, str]
) -> tuple[dict[str, Any], list[Problem]]:
    """A probe's own settings with variables filled in, and the variables that are unset."""
    document = {env: {"probes": [*([{}] * index), table]}}
    settings: dict[str, Any] = {}
    problems: list[Problem] = []
    kind = table.get("kind")
    for key in kind_keys(kind) if kind in KINDS else ():
        if key not in table:
            continue
        value = table[key]
        if isinstance(value, str):
            try:
                value = expand(value, environ)
            except UnsetVariable as unset:
                at = (env, "probes", index, key)
                problems.append(
                    Problem(
                        at,
                        f"{where(at, document)}: needs environment variable {unset.name}; "
                        f"set it, or give a default as ${{{unset.name}:-...}}",
                    )
                )
                value = ""
        settings[key] = value
    return settings, problems
