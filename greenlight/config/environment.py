"""Environments: where the system under test lives and how carefully to treat it.

Read from ``environments.toml`` at the project root (``--environments PATH`` for another)::

    [defaults]
    channels = ["api"]

    [local.embedded]                     # greenlight starts the system itself
    command = "{python} -m sut --port 0"
    service = "shop"

    [prod]
    services = { shop = "${SHOP_PROD_URL}" }
    secrets = { admin_token = "SHOP_PROD_ADMIN_TOKEN" }   # values only from the process
    mask_fields = ["pin"]                # masked too, besides password, token, cookie...
    targets = { blue = { shop = "http://10.0.0.5" } }

See :func:`greenlight.config.load_environment` for reading one, resolved.

Every problem in the file is collected and raised at once as one :class:`ConfigError`
(see :mod:`greenlight.config.check`). ``[defaults]`` lies underneath every environment:
its tables merge deeply into the environment's, its lists and values are replaced.
Environments are sensitive unless their own table says ``sensitive = false`` (never
``[defaults]``, see :mod:`greenlight.config.sensitivity`): forgetting the line
is never what lets a destructive scenario reach production.
"""

from __future__ import annotations

import argparse
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from greenlight.config.messages import suggest
from greenlight.config.schema import SCHEMA
from greenlight.errors import ConfigError
from greenlight.secrets import Secrets

DEFAULTS_TABLE = "defaults"
DEFAULT_FILE = "environments.toml"
# The schema's rule for table names: an environment's name becomes a folder, reports/<name>.
_NAMES = SCHEMA["propertyNames"]
_NAME = re.compile(_NAMES["pattern"])


def checked_name(name: str) -> str:
    """``name`` if it is a plain environment name, safe as one path component; else a ConfigError."""
    if not _NAME.fullmatch(name):  # fullmatch: "$" alone lets a trailing newline through
        raise ConfigError([f"[{name}]: not a valid environment name: {_NAMES['x-hint']}"])
    return name


def add_environments_argument(command: argparse.ArgumentParser, purpose: str = "") -> None:
    """The ``--environments PATH`` option every ``greenlight`` subcommand shares."""
    why = f", {purpose}" if purpose else ""
    command.add_argument(
        "--environments",
        type=Path,
        default=Path(DEFAULT_FILE),
        metavar="PATH",
        help=f"environments file{why} (default: {DEFAULT_FILE})",
    )


def add_reports_argument(command: argparse.ArgumentParser, record: str) -> None:
    """The ``--reports DIR`` option of a command that writes ``DIR/<env>/<record>``."""
    command.add_argument(
        "--reports",
        type=Path,
        default=Path("reports"),
        metavar="DIR",
        help=f"where the {record.split('.')[0]} record goes: DIR/<env>/{record} (default: reports)",
    )


@dataclass(frozen=True)
class Embedded:
    """How to start the system under test locally: a command that prints its URL when ready."""

    command: str
    service: str = "app"
    ready_timeout: float = 30.0


class HealthPath(str):
    """The health endpoint's path, carrying where its JSON answer keeps the version.

    A ``str``, so every reader that joins it to a URL works unchanged; the readers of
    :mod:`greenlight.probes.health` also take its ``version``, a JMESPath expression:

        >>> path = HealthPath("/status", version="app.version")   # health = { path = ..., version = ... }
        >>> path, path.version
        ('/status', 'app.version')
    """

    version: str

    def __new__(cls, path: str = "/health", version: str = "version") -> HealthPath:
        made = super().__new__(cls, path)
        made.version = version
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        # Kept whole when copied or pickled (an xdist worker, dataclasses.replace).
        return (HealthPath, (str(self), self.version))


@dataclass(frozen=True)
class Environment:
    """One environment of ``environments.toml``, resolved: where the system is and how to treat it.

    Built by :func:`greenlight.config.load_environment` (the pytest plugin's
    ``greenlight_env`` fixture gives a run's), never by hand in a suite:

        >>> env.name, env.base_url, env.sensitive
        ('prod', 'https://shop.example.com', True)
        >>> env.secrets["admin_token"]          # shown as *** wherever it is printed
    """

    name: str
    source: Path
    services: Mapping[str, str]
    sensitive: bool = True
    embedded: Embedded | None = None
    channels: tuple[str, ...] = ("api",)
    select: str | None = None
    request_timeout: float = 10.0
    step_timeout: float = 10.0
    scenario_timeout: float | None = None
    health_path: str = "/health"  # a HealthPath when the file says where the version is
    alias_prefix: str = ""
    variables: Mapping[str, str] = field(default_factory=dict)
    secrets: Secrets = field(default_factory=Secrets)
    targets: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    target: str | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)
    # The very settings the whole file's check passed (load_environment): a section need
    # not be checked again; settings replaced in code are.
    checked: Mapping[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def primary_service(self) -> str:
        if self.embedded is not None:
            return self.embedded.service
        return next(iter(self.services))

    @property
    def base_url(self) -> str:
        """The URL of the primary service (the first one listed)."""
        return self.services.get(self.primary_service, "")

    @property
    def mask_fields(self) -> tuple[str, ...]:
        """Field names whose values are masked, besides ``password``, ``token`` and the like."""
        names = self.settings.get("mask_fields", ())
        return tuple(name for name in names if isinstance(name, str))

    @property
    def synthetic_header(self) -> tuple[str, str]:
        """The header that marks the run's requests as synthetic, and its value."""
        given = self.settings.get("synthetic", {})
        return (
            str(given.get("header", "X-Greenlight-Synthetic")),
            str(given.get("value", "1")),
        )

    def url_of(self, service: str) -> str:
        try:
            return self.services[service]
        except KeyError:
            known = ", ".join(self.services) or "none"
            raise ConfigError(
                [f"[{self.name}] has no service '{service}' (known: {known})"],
                source=str(self.source),
            ) from None

    def aimed_at(self, target: str | None) -> Environment:
        """This environment with its services pointed at a named target (``--target``)."""
        if target is None:
            return self
        if target not in self.targets:
            known = ", ".join(sorted(self.targets)) or "none defined"
            hint = suggest(target, self.targets)
            raise ConfigError(
                [f"[{self.name}] has no target '{target}'{hint} (known targets: {known})"],
                source=str(self.source),
            )
        return replace(self, services={**self.services, **self.targets[target]}, target=target)

    def with_url(self, url: str, service: str | None = None) -> Environment:
        """This environment with one service's URL replaced (``--base-url``, embedded start)."""
        name = service or self.primary_service
        return replace(self, services={**self.services, name: url.rstrip("/")})


def read_tables(path: Path) -> dict[str, Any]:
    """The raw TOML of an environments file, or a :class:`ConfigError` naming file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            [
                "environments file not found; create it (see the README's environment example) "
                "or pass --environments PATH"
            ],
            source=str(path),
        ) from None
    except OSError as error:
        raise ConfigError(
            [f"cannot read the environments file: {error.strerror}"], source=str(path)
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError([f"invalid TOML: {error}"], source=str(path)) from None


def environment_names(tables: Mapping[str, Any]) -> list[str]:
    return sorted(
        name for name, value in tables.items() if name != DEFAULTS_TABLE and isinstance(value, dict)
    )


def merged(tables: Mapping[str, Any], name: str) -> dict[str, Any]:
    """An environment's table with ``[defaults]`` underneath it, merged deeply.

    Tables merge key by key at every depth, so ``timeouts = { request = 5 }`` keeps the
    default ``scenario`` timeout; lists and values replace the default whole.
    """
    defaults = tables.get(DEFAULTS_TABLE)
    return deep_merge(defaults if isinstance(defaults, dict) else {}, tables[name])


def written_urls(env: Mapping[str, Any]) -> list[tuple[tuple[str, ...], str]]:
    """Every URL of an environment's table, as written, with where it is: ``("targets", "blue", "shop")``."""
    urls: list[tuple[tuple[str, ...], Any]] = []
    services, targets = env.get("services"), env.get("targets")
    if isinstance(services, dict):
        urls += [(("services", service), url) for service, url in services.items()]
    for target, table in targets.items() if isinstance(targets, dict) else ():
        if isinstance(table, dict):
            urls += [(("targets", target, service), url) for service, url in table.items()]
    return [(parts, url) for parts, url in urls if isinstance(url, str)]


def deep_merge(under: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``over`` laid on ``under``: tables in both merge, anything else from ``over`` wins."""
    result = dict(under)
    for key, value in over.items():
        below = result.get(key)
        if isinstance(below, dict) and isinstance(value, dict):
            result[key] = deep_merge(below, value)
        else:
            result[key] = value
    return result
