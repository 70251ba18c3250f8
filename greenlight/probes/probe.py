"""What every probe kind does, and building one from its declaration.

A probe is observed at each reading; its value compares the first observation
(before the run) with the current one. A ``windowed`` probe has no value until it
has both, e.g. the error ratio during the run.

    >>> probe = build(spec, env, workdir=Path("/tmp/run"), session=requests.Session())
    >>> first = probe.observe({})
    >>> probe.value(first, probe.observe({}))

A probe's ``path`` and ``url`` may hold ``{workdir}`` (the run's folder), ``{target}``
(``default`` without ``--target``), ``{env}`` (the environment's name) and ``{root}``
(the folder of ``environments.toml``) (:func:`greenlight.placeholders.render_text`;
``{{`` and ``}}`` for literal braces); any other name is a configuration error. A
relative file ``path`` is taken from the folder of ``environments.toml``, wherever
pytest was started; a relative URL from the primary service.
A ``client-latency`` probe reads the :class:`~greenlight.probes.client_latency.Timings`
of the run's own exchanges; built without them, it has none to read (never ok).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Protocol

import requests

from greenlight.config.environment import Environment
from greenlight.placeholders import render_text
from greenlight.probes.client_latency import ClientLatencyProbe, Timings
from greenlight.probes.expression import parse
from greenlight.probes.health import HealthProbe, version_of
from greenlight.probes.json_probe import JsonProbe
from greenlight.probes.log import LogProbe
from greenlight.probes.metrics import MetricsProbe
from greenlight.probes.prometheus import DEFAULT_SETTLE_S, PrometheusProbe
from greenlight.probes.spec import ProbeSpec
from greenlight.urls import join

DEFAULT_PATHS = {"health": "", "metrics": "/metrics"}


class Probe(Protocol):
    @property
    def windowed(self) -> bool: ...

    @property
    def source(self) -> str:
        """What is read, for people: the expression or query and where."""
        ...

    @property
    def grows(self) -> bool:
        """A running total (an increase, a count of log lines): its floor is judged at the end."""
        ...

    def observe(self, shared: dict[str, Any]) -> Any:
        """One reading; raises :class:`~greenlight.probes.judge.Unreadable`.

        ``shared`` lives for one reading round, so probes can share a scrape.
        """
        ...

    def value(self, start: Any, now: Any) -> float: ...


def build(
    spec: ProbeSpec,
    env: Environment,
    *,
    workdir: Path,
    session: requests.Session,
    timings: Timings | None = None,
) -> Probe:
    settings = spec.settings
    if spec.kind == "client-latency":
        return ClientLatencyProbe(
            timings or Timings(),
            settings["percentile"],
            route=settings.get("route"),
            method=settings.get("method"),
        )
    if spec.kind == "health":
        return HealthProbe(
            url=_url(settings.get("url") or env.health_path, env, workdir, spec.name),
            session=session,
            status=settings.get("status", 200),
            version=settings.get("version"),
            expression=version_of(env.health_path),
        )
    if spec.kind == "json":
        return JsonProbe(
            url=_url(settings.get("url") or settings["path"], env, workdir, spec.name),
            query=settings["query"],
            session=session,
        )
    if spec.kind == "metrics":
        return MetricsProbe(
            url=_url(settings.get("url", DEFAULT_PATHS["metrics"]), env, workdir, spec.name),
            expression=parse(settings["expression"]),
            session=session,
        )
    if spec.kind == "prometheus":
        return PrometheusProbe(
            url=_url(settings["url"], env, workdir, spec.name),
            query=settings["query"],
            session=session,
            settle=float(settings.get("settle", DEFAULT_SETTLE_S)),
        )
    path = settings.get("path")
    return LogProbe(
        pattern=re.compile(settings["pattern"]),
        session=session,
        # A relative path is the environments file's folder's, not pytest's current one.
        path=env.source.parent
        / render_text(path, places(env, workdir), where=f"probe {spec.name}: path")
        if path
        else None,
        url=_url(settings["url"], env, workdir, spec.name) if "url" in settings else None,
    )


def places(env: Environment, workdir: Path) -> dict[str, object]:
    """The values of the placeholders a probe's path or url may hold."""
    return {
        "workdir": workdir,
        "target": env.target or "default",
        "env": env.name,
        "root": env.source.parent.resolve(),
    }


def _url(given: str, env: Environment, workdir: Path, name: str) -> str:
    given = render_text(given, places(env, workdir), where=f"probe {name}: url")
    if given.startswith(("http://", "https://")):
        return given
    return join(env.base_url, given)
