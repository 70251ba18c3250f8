"""Loading one environment, resolved: the whole file checked, variables expanded, secrets read.

    >>> env = load_environment(Path("environments.toml"), "prod", os.environ)
    >>> env.base_url, env.sensitive
    ('https://shop.example.com', True)

The file is read once and checked whole (:func:`greenlight.config.check.file_problems`);
the environment asked for is then resolved against the process environment. Every
problem of both is raised together, as one :class:`ConfigError`. An unset variable
names itself and the environment that needs it. Secrets come only from the process
environment; an embedded system gets fresh random ones when unset, since it is started
by greenlight and trusts whatever it is given.
"""

from __future__ import annotations

import secrets as random_secrets
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import jmespath
from jmespath.exceptions import JMESPathError

from greenlight.config.check import file_problems
from greenlight.config.environment import (
    Embedded,
    Environment,
    HealthPath,
    environment_names,
    merged,
    read_tables,
)
from greenlight.config.interpolation import UnsetVariable, expand, expand_arguments
from greenlight.config.messages import suggest
from greenlight.config.probes import expanded
from greenlight.errors import ConfigError
from greenlight.secrets import MIN_LENGTH, Secrets
from greenlight.urls import check_url

Expansion = Callable[[str, Mapping[str, str]], str]


def load_environment(
    path: Path,
    name: str,
    environ: Mapping[str, str],
    *,
    target: str | None = None,
    checked: bool = False,
) -> Environment:
    """Check the whole file, then resolve the environment called ``name``.

    ``checked``: the file was checked a moment ago by the process that started this one
    (an xdist worker's controller), so only ``name`` is resolved.
    """
    tables = read_tables(path)
    problems = [] if checked else file_problems(tables)
    names = environment_names(tables)
    if name not in names:
        known = ", ".join(names) or "none"
        problems.append(
            f"unknown environment '{name}'{suggest(name, names)}; known environments: {known}"
        )
        raise ConfigError(problems, source=str(path))
    env, unresolved = resolve(name, merged(tables, name), path, environ)
    problems += [problem for problem in unresolved if problem not in problems]
    if problems:
        raise ConfigError(problems, source=str(path))
    return replace(env, checked=env.settings).aimed_at(target)


def resolve(
    name: str, raw: Mapping[str, Any], path: Path, environ: Mapping[str, str]
) -> tuple[Environment, list[str]]:
    """The environment with variables and secrets filled in, and what could not be.

    ``raw`` may hold values of the wrong type (already reported by the file's check):
    they are left out here rather than raising.
    """
    problems: list[str] = []

    def text(value: Any, where: str, *, expansion: Expansion = expand) -> str:
        if not isinstance(value, str):
            return ""
        try:
            return expansion(value, environ)
        except UnsetVariable as unset:
            problems.append(
                f"[{name}] needs environment variable {unset.name} (used in {where}); "
                f"set it, or give a default as ${{{unset.name}:-...}}"
            )
            return ""

    def urls(table: Any, where: str) -> dict[str, str]:
        resolved = {}
        for service, value in _table(table).items():
            url = text(value, f"{where}.{service}")
            if url:
                problems.extend(check_url(url, f"[{name}].{where}.{service}"))
            resolved[service] = url.rstrip("/")
        return resolved

    embedded = None
    if isinstance(raw.get("embedded"), dict):
        spec = raw["embedded"]
        embedded = Embedded(
            # Each ${VAR} value inside its one argument, braces as text: never a {placeholder}.
            command=text(spec.get("command", ""), "embedded.command", expansion=expand_arguments),
            service=str(spec.get("service", "app")),
            ready_timeout=_number(spec.get("ready_timeout"), 30.0),
        )
    services = urls(raw.get("services"), "services")
    targets = {
        target: urls(table, f"targets.{target}")
        for target, table in _table(raw.get("targets")).items()
    }
    variables = {
        key: text(value, f"variables.{key}") for key, value in _table(raw.get("variables")).items()
    }
    secrets = _read_secrets(
        name, _table(raw.get("secrets")), environ, embedded is not None, problems
    )
    probes = raw.get("probes")
    for index, probe in enumerate(probes if isinstance(probes, list) else []):
        if isinstance(probe, dict):  # its variables, as the probes will expand them
            problems += [str(problem) for problem in expanded(name, index, probe, environ)[1]]
    timeouts = _table(raw.get("timeouts"))
    channels = raw.get("channels", ["api"])
    scenario = timeouts.get("scenario")
    env = Environment(
        name=name,
        source=path,
        services=services,
        sensitive=raw.get("sensitive") is not False,
        embedded=embedded,
        channels=tuple(channels) if isinstance(channels, list) else ("api",),
        select=raw.get("select") if isinstance(raw.get("select"), str) else None,
        request_timeout=_number(timeouts.get("request"), 10.0),
        step_timeout=_number(timeouts.get("step"), 10.0),
        scenario_timeout=_number(scenario, 0.0) if scenario is not None else None,
        health_path=_health(raw.get("health"), name, problems),
        alias_prefix=text(raw.get("alias_prefix", ""), "alias_prefix"),
        variables=variables,
        secrets=secrets,
        targets=targets,
        settings=dict(raw),
    )
    return env, problems


def _health(value: Any, name: str, problems: list[str]) -> HealthPath:
    """``health = "/health"`` or ``health = { path = "/status", version = "app.version" }``."""
    table = value if isinstance(value, dict) else {"path": value}
    path, version = table.get("path"), table.get("version")
    path = path if isinstance(path, str) else "/health"
    version = version if isinstance(version, str) else "version"
    try:
        jmespath.compile(version)
    except JMESPathError as error:
        problems.append(
            f"[{name}].health.version: not a JMESPath expression ({_first_line(error)})"
        )
    return HealthPath(path, version)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0]


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _number(value: Any, default: float) -> float:
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if is_number else default


def _read_secrets(
    name: str,
    table: Mapping[str, Any],
    environ: Mapping[str, str],
    embedded: bool,
    problems: list[str],
) -> Secrets:
    values = {}
    for secret, variable in table.items():
        value = environ.get(variable, "") if isinstance(variable, str) else ""
        if not value and embedded:
            value = random_secrets.token_urlsafe(24)
        elif not value:
            problems.append(
                f"[{name}] needs environment variable {variable} (secret {secret}); "
                "secrets are read only from the process environment"
            )
            continue
        elif len(value) < MIN_LENGTH:
            problems.append(
                f"[{name}] secret {secret} from {variable} is shorter than {MIN_LENGTH} characters"
            )
            continue
        values[secret] = value
    return Secrets(values)
