"""Loading one environment, resolved: variables expanded, secrets read, URLs checked.

    >>> env = load_environment(Path("environments.toml"), "prod", os.environ)
    >>> env.base_url, env.sensitive
    ('https://shop.example.com', True)

An unset variable names itself and the environment that needs it. Secrets come only
from the process environment; an embedded system gets fresh random ones when unset,
since it is started by greenlight and trusts whatever it is given.
"""

from __future__ import annotations

import secrets as random_secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from greenlight.config.environment import (
    Embedded,
    Environment,
    check_file,
    environment_names,
    merged,
    read_tables,
)
from greenlight.config.interpolation import UnsetVariable, expand
from greenlight.config.schema import suggest
from greenlight.errors import ConfigError
from greenlight.secrets import MIN_LENGTH, Secrets
from greenlight.urls import check_url


def load_environment(
    path: Path, name: str, environ: Mapping[str, str], *, target: str | None = None
) -> Environment:
    """Validate the whole file, then resolve the environment called ``name``."""
    tables = read_tables(path)
    problems = check_file(tables)
    names = environment_names(tables)
    if name not in names:
        known = ", ".join(names) or "none"
        problems.append(
            f"unknown environment '{name}'{suggest(name, names)}; known environments: {known}"
        )
    if problems:
        raise ConfigError(problems, source=str(path))
    return resolve(name, merged(tables, name), path, environ).aimed_at(target)


def resolve(
    name: str, raw: Mapping[str, Any], path: Path, environ: Mapping[str, str]
) -> Environment:
    problems: list[str] = []

    def text(value: str, where: str) -> str:
        try:
            return expand(value, environ)
        except UnsetVariable as unset:
            problems.append(
                f"[{name}] needs environment variable {unset.name} (used in {where}); "
                f"set it, or give a default as ${{{unset.name}:-...}}"
            )
            return ""

    def urls(table: Mapping[str, str], where: str) -> dict[str, str]:
        resolved = {}
        for service, value in table.items():
            url = text(value, f"{where}.{service}")
            if url:
                problems.extend(check_url(url, f"[{name}].{where}.{service}"))
            resolved[service] = url.rstrip("/")
        return resolved

    embedded = None
    if "embedded" in raw:
        spec = raw["embedded"]
        if "command" not in spec:
            problems.append(f'[{name}.embedded] needs command = "..." that starts the system')
        embedded = Embedded(
            command=text(spec.get("command", ""), "embedded.command"),
            service=spec.get("service", "app"),
            ready_timeout=float(spec.get("ready_timeout", 30.0)),
        )
    services = urls(raw.get("services", {}), "services")
    targets = {
        target: urls(table, f"targets.{target}") for target, table in raw.get("targets", {}).items()
    }
    variables = {
        key: text(value, f"variables.{key}") for key, value in raw.get("variables", {}).items()
    }
    secrets = _read_secrets(name, raw.get("secrets", {}), environ, embedded is not None, problems)
    timeouts = raw.get("timeouts", {})
    channels = tuple(raw.get("channels", ("api",)))
    if not channels:
        problems.append(f"[{name}].channels: must name at least one channel")
    if problems:
        raise ConfigError(problems, source=str(path))
    return Environment(
        name=name,
        source=path,
        services=services,
        sensitive=raw.get("sensitive", True),
        embedded=embedded,
        channels=channels,
        select=raw.get("select"),
        request_timeout=float(timeouts.get("request", 10.0)),
        step_timeout=float(timeouts.get("step", 10.0)),
        scenario_timeout=float(timeouts["scenario"]) if "scenario" in timeouts else None,
        health_path=raw.get("health", "/health"),
        alias_prefix=text(raw.get("alias_prefix", ""), "alias_prefix"),
        variables=variables,
        secrets=secrets,
        targets=targets,
        settings=dict(raw),
    )


def _read_secrets(
    name: str,
    table: Mapping[str, str],
    environ: Mapping[str, str],
    embedded: bool,
    problems: list[str],
) -> Secrets:
    values = {}
    for secret, variable in table.items():
        value = environ.get(variable, "")
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
