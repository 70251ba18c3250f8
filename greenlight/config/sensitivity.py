"""Whether a run is sensitive: by its environment's own word, and by where its URLs lead.

    >>> judged = judge(staging.with_url("https://shop.example.com"), read_tables(path), os.environ)
    >>> judged.sensitive, judged.reasons
    (True, ('staging points at shop.example.com, a host of sensitive environment prod ([prod].services.shop)',))

An environment is sensitive unless its *own* table says ``sensitive = false``; a
``sensitive`` key in ``[defaults]`` is a configuration error (:func:`file_rules`), since
it would lower every environment at once, production included. A run of a
non-sensitive environment is sensitive still when any URL it may reach (its services,
``--base-url`` included, and its targets) has the host and port of a service or
target of a sensitive environment in the same file, or matches a ``sensitive_hosts``
pattern of ``[defaults]``. Hosts compare case-insensitively; ports must match, except
that 80 and 443 count as one (http:// of a site usually redirects to https://), and
``localhost``, 127.0.0.0/8 and ::1 count as one host.

A sensitive environment's URL may use variables this process has not set: it is
compared by what is known (a default, ``${X:-shop.example.com}``, stands in; an unset
part matches anything, so ``https://${REGION}.example.com`` guards ``*.example.com``).
A URL with no known host at all (``${SHOP_PROD_URL}``) cannot be compared: the run
notes it, and ``sensitive_hosts`` is the way to guard such a host anyway.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from greenlight.config.environment import (
    DEFAULTS_TABLE,
    Environment,
    environment_names,
    merged,
    written_urls,
)
from greenlight.config.interpolation import UnsetVariable, expand
from greenlight.config.messages import Problem
from greenlight.urls import LOOPBACK, WEB, WEB_PORTS, endpoint, loopback_name, split_netloc

# Stands in for an unset variable while a URL is parsed; then matches anything.
_UNSET = "glunset0"


@dataclass(frozen=True)
class Guard:
    """A host (and port) no run may reach without being sensitive, and whose it is."""

    host: str  # glob over a lowercased host name
    port: str  # glob over a port, "web" for 80 and 443
    owner: str  # ", a host of sensitive environment prod ([prod].services.shop)"

    def covers(self, url: str) -> bool:
        host, port = endpoint(url)
        hosts = {host, split_netloc(url)[1]}  # "127.*" matches 127.0.0.1 as written too
        return any(fnmatchcase(name, self.host) for name in hosts) and fnmatchcase(port, self.port)


@dataclass(frozen=True)
class Sensitivity:
    own: bool  # the environment's own word: sensitive unless its table says false
    sensitive: bool
    reasons: tuple[str, ...] = ()  # why a non-sensitive environment's run is sensitive
    notes: tuple[str, ...] = ()  # sensitive URLs this run could not compare with


def file_rules(tables: Mapping[str, Any]) -> list[Problem]:
    """What only an environment may say (``sensitive``), and only ``[defaults]`` (``sensitive_hosts``)."""
    found = []
    defaults = tables.get(DEFAULTS_TABLE)
    if isinstance(defaults, dict) and "sensitive" in defaults:
        found.append(
            Problem(
                (DEFAULTS_TABLE, "sensitive"),
                "[defaults].sensitive: not allowed in [defaults]: a default would lower every "
                "environment at once, production included; say sensitive = false in the table "
                "of each environment that is not production-like",
            )
        )
    for name in environment_names(tables):
        if "sensitive_hosts" in tables[name]:
            found.append(
                Problem(
                    (name, "sensitive_hosts"),
                    f"[{name}].sensitive_hosts: allowed only in [defaults], where it guards every "
                    "environment; move it there",
                )
            )
    return found


def judge(
    env: Environment, tables: Mapping[str, Any], environ: Mapping[str, str] = os.environ
) -> Sensitivity:
    """How sensitive a run of ``env`` (its services as resolved, ``--base-url`` applied) is."""
    guards, notes = guards_of(tables, environ, but=env.name)
    reasons = [
        f"{env.name} points at {_shown(url)}{guard.owner}"
        for url in _reached(env)
        for guard in guards
        if guard.covers(url)
    ]
    unique = tuple(dict.fromkeys(reasons))
    return Sensitivity(
        own=env.sensitive,
        sensitive=env.sensitive or bool(unique),
        reasons=unique,
        notes=() if env.sensitive or unique else tuple(notes),
    )


def guards_of(
    tables: Mapping[str, Any], environ: Mapping[str, str], *, but: str = ""
) -> tuple[list[Guard], list[str]]:
    """The guards of the file (sensitive environments other than ``but``, ``sensitive_hosts``)."""
    guards, notes = [], []
    for name in environment_names(tables):
        if name == but or tables[name].get("sensitive") is False:
            continue
        for parts, url in written_urls(merged(tables, name)):
            where = ".".join(parts)
            owner = f", a host of sensitive environment {name} ([{name}].{where})"
            guard, unset = _guard(url, environ, owner)
            if guard is None:
                notes.append(
                    f"[{name}].{where} is unset here ({', '.join(unset)}), so this run "
                    "cannot be compared with it; list that host in sensitive_hosts of "
                    "[defaults] to guard it whatever is set"
                )
            else:
                guards.append(guard)
    defaults = tables.get(DEFAULTS_TABLE)
    patterns = defaults.get("sensitive_hosts") if isinstance(defaults, dict) else None
    for pattern in patterns if isinstance(patterns, list) else []:
        if isinstance(pattern, str):
            host, _, port = pattern.lower().partition(":")
            owner = f", which matches sensitive_hosts pattern '{pattern}' of [defaults]"
            port = WEB if port in WEB_PORTS[1:] else port or "*"
            guards.append(Guard(LOOPBACK if loopback_name(host) else host, port, owner))
    return guards, notes


def _reached(env: Environment) -> list[str]:
    # Every URL the run may reach: its services (--base-url replaced one) and its targets.
    urls = [url for url in env.services.values() if url]
    return urls + [url for table in env.targets.values() for url in table.values() if url]


def _guard(url: str, environ: Mapping[str, str], owner: str) -> tuple[Guard | None, list[str]]:
    """The guard of one sensitive URL, unset variables matching anything; None if no host is known."""
    unset: list[str] = []
    while True:
        try:
            written = expand(url, {**environ, **dict.fromkeys(unset, _UNSET)})
            break
        except UnsetVariable as missing:
            unset.append(missing.name)
    scheme, host, port = split_netloc(written)
    host = host.replace(_UNSET, "*")
    if not host.strip("*."):
        return None, unset
    if loopback_name(host):
        host = LOOPBACK
    if port in WEB_PORTS and scheme in ("http", "https"):
        port = WEB
    return Guard(host, port.replace(_UNSET, "*") or "*", owner), unset


def _shown(url: str) -> str:
    """``host`` or ``host:port`` as written, lowercased."""
    _, host, port = split_netloc(url)
    return f"{host}:{port}" if port else host
