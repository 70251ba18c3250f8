"""Probe declarations: ``[[ENV.probes]]`` tables, checked and turned into probes.

    [[prod.probes]]
    name = "latency-p95"
    kind = "metrics"
    expression = 'histogram_quantile(0.95, http_request_duration_seconds)'
    warn_above = 0.1
    fail_above = 0.25
    optional = false          # true: an unreadable probe warns instead of blocking

Every problem of every probe is reported at once, naming the environment, the probe
and the key. Strings may use ``${VARIABLE:-default}``; paths and URLs may use
``{workdir}`` (the run's folder, where an embedded system writes ``system.log``).
URLs may be paths, taken relative to the environment's primary service.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from greenlight.config.environment import Environment
from greenlight.config.interpolation import UnsetVariable, expand
from greenlight.config.schema import suggest
from greenlight.errors import ConfigError
from greenlight.probes.expression import ExpressionError, parse
from greenlight.probes.judge import THRESHOLD_KEYS, Thresholds

KINDS = ("health", "metrics", "prometheus", "log")
COMMON_KEYS = ("name", "kind", "optional", *THRESHOLD_KEYS)
KIND_KEYS: dict[str, tuple[str, ...]] = {
    "health": ("url", "status", "version"),
    "metrics": ("url", "expression"),
    "prometheus": ("url", "query"),
    "log": ("path", "url", "pattern"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "health": (),
    "metrics": ("expression",),
    "prometheus": ("url", "query"),
    "log": ("pattern",),
}
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class ProbeSpec:
    name: str
    kind: str
    thresholds: Thresholds
    optional: bool = False
    settings: Mapping[str, Any] = field(default_factory=dict)  # the kind's own keys, expanded


def probe_specs(env: Environment, environ: Mapping[str, str]) -> list[ProbeSpec]:
    """The environment's probes, or one :class:`ConfigError` listing every problem."""
    problems: list[str] = []
    specs: list[ProbeSpec] = []
    names: set[str] = set()
    for index, table in enumerate(env.settings.get("probes", [])):
        where = f"[[{env.name}.probes]] #{index + 1}"
        if not isinstance(table, dict):
            problems.append(f"{where}: must be a table")
            continue
        if isinstance(table.get("name"), str):
            where = f"[[{env.name}.probes]] '{table['name']}'"
        spec = _read(table, where, environ, problems)
        if spec is None:
            continue
        if spec.name in names:
            problems.append(f"{where}: the name is used twice; give each probe its own name")
        names.add(spec.name)
        specs.append(spec)
    interval = env.settings.get("probe_interval")
    if interval is not None and interval <= 0:
        problems.append(
            f"[{env.name}].probe_interval: must be more than 0 seconds (got {interval})"
        )
    if problems:
        raise ConfigError(problems, source=str(env.source))
    return specs


def _read(
    table: Mapping[str, Any], where: str, environ: Mapping[str, str], problems: list[str]
) -> ProbeSpec | None:
    before = len(problems)
    name, kind = table.get("name"), table.get("kind")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        problems.append(f'{where}: needs name = "..." (letters, digits, - _ .), e.g. "error-ratio"')
    if kind not in KINDS:
        got = f" (got {kind!r}{suggest(kind, KINDS) if isinstance(kind, str) else ''})"
        problems.append(f"{where}: kind must be one of {', '.join(KINDS)}{got if kind else ''}")
        return None
    allowed = COMMON_KEYS + KIND_KEYS[kind]
    for key in table:
        if key not in allowed:
            problems.append(f"{where}.{key}: unknown key for a {kind} probe{suggest(key, allowed)}")
    for key in REQUIRED[kind]:
        if key not in table:
            problems.append(f"{where}: a {kind} probe needs {key} = ...")
    thresholds = _thresholds(table, where, problems)
    if kind != "health" and thresholds is not None and not thresholds.given():
        problems.append(
            f"{where}: needs a threshold: one of {', '.join(THRESHOLD_KEYS)} (e.g. fail_above = 0.05)"
        )
    settings = {
        key: _expanded(table[key], f"{where}.{key}", environ, problems)
        for key in KIND_KEYS[kind]
        if key in table
    }
    _check_kind(kind, settings, where, problems)
    if not isinstance(table.get("optional", False), bool):
        problems.append(f"{where}.optional: must be true or false")
    if len(problems) > before or thresholds is None:
        return None
    assert isinstance(name, str)
    return ProbeSpec(name, kind, thresholds, bool(table.get("optional", False)), settings)


def _thresholds(table: Mapping[str, Any], where: str, problems: list[str]) -> Thresholds | None:
    bounds: dict[str, float] = {}
    for key in THRESHOLD_KEYS:
        value = table.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(f"{where}.{key}: must be a number (got {value!r})")
            return None
        bounds[key] = float(value)
    thresholds = Thresholds(**bounds)
    problems.extend(f"{where}: {problem}" for problem in thresholds.problems())
    return thresholds


def _expanded(value: Any, where: str, environ: Mapping[str, str], problems: list[str]) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return expand(value, environ)
    except UnsetVariable as unset:
        problems.append(
            f"{where}: needs environment variable {unset.name}; "
            f"set it, or give a default as ${{{unset.name}:-...}}"
        )
        return ""


def _check_kind(kind: str, settings: dict[str, Any], where: str, problems: list[str]) -> None:
    for key in ("url", "path", "query", "expression", "pattern", "version"):
        if key in settings and not isinstance(settings[key], str):
            problems.append(f"{where}.{key}: must be a string (got {settings[key]!r})")
            return
    if kind == "health" and not isinstance(settings.get("status", 200), int):
        problems.append(f"{where}.status: must be an HTTP status code like 200")
    if kind == "metrics" and "expression" in settings:
        try:
            parse(settings["expression"])
        except ExpressionError as error:
            problems.append(f"{where}.expression: {error}")
    if kind == "log":
        if ("path" in settings) == ("url" in settings):
            problems.append(f"{where}: a log probe needs exactly one of path = ... or url = ...")
        try:
            re.compile(settings.get("pattern", ""))
        except re.error as error:
            problems.append(f"{where}.pattern: not a regular expression ({error})")
