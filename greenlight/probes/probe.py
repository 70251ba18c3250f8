"""What every probe kind does, and building one from its declaration.

A probe is observed at each reading; its value compares the first observation
(before the run) with the current one. A ``windowed`` probe has no value until it
has both, e.g. the error ratio during the run.

    >>> probe = build(spec, env, workdir=Path("/tmp/run"), session=requests.Session())
    >>> first = probe.observe({})
    >>> probe.value(first, probe.observe({}))

A probe's ``path`` and ``url`` may hold ``{workdir}``, the run's folder
(:func:`greenlight.placeholders.render_text`; ``{{`` and ``}}`` for literal braces).
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
from greenlight.probes.health import HealthProbe
from greenlight.probes.log import LogProbe
from greenlight.probes.metrics import MetricsProbe
from greenlight.probes.prometheus import PrometheusProbe
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
            url=_url(settings.get("url") or env.health_path, env, workdir),
            session=session,
            status=settings.get("status", 200),
            version=settings.get("version"),
        )
    if spec.kind == "metrics":
        return MetricsProbe(
            url=_url(settings.get("url", DEFAULT_PATHS["metrics"]), env, workdir),
            expression=parse(settings["expression"]),
            session=session,
        )
    if spec.kind == "prometheus":
        return PrometheusProbe(
            url=_url(settings["url"], env, workdir), query=settings["query"], session=session
        )
    path = settings.get("path")
    return LogProbe(
        pattern=re.compile(settings["pattern"]),
        session=session,
        path=Path(render_text(path, {"workdir": workdir}, where=f"probe {spec.name}: path"))
        if path
        else None,
        url=_url(settings["url"], env, workdir) if "url" in settings else None,
    )


def _url(given: str, env: Environment, workdir: Path) -> str:
    given = render_text(given, {"workdir": workdir}, where="probe url")
    if given.startswith(("http://", "https://")):
        return given
    return join(env.base_url, given)
