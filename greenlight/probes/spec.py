"""Probe declarations: ``[[ENV.probes]]`` tables, checked and turned into probes.

    [[prod.probes]]
    name = "latency-p95"
    kind = "metrics"
    expression = 'histogram_quantile(0.95, http_request_duration_seconds)'
    warn_above = 0.1
    fail_above = 0.25
    optional = false          # true: an unreadable probe warns instead of blocking

The rules are the configuration's (the schema's ``probe`` branches and
:mod:`greenlight.config.probes`): every problem of every probe is reported at once,
naming the environment, the probe and the key. Strings may use ``${VARIABLE:-default}``;
paths and URLs may use ``{workdir}`` (the run's folder, where an embedded system writes
``system.log``), ``{target}``, ``{env}`` and ``{root}`` (:mod:`greenlight.probes.probe`). URLs may be paths, taken relative to the environment's primary service.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from greenlight.config.check import section_problems
from greenlight.config.environment import Environment
from greenlight.config.probes import KINDS, expanded
from greenlight.errors import ConfigError
from greenlight.probes.judge import THRESHOLD_KEYS, Thresholds

__all__ = ["KINDS", "ProbeSpec", "probe_specs"]


@dataclass(frozen=True)
class ProbeSpec:
    name: str
    kind: str
    thresholds: Thresholds
    optional: bool = False
    settings: Mapping[str, Any] = field(default_factory=dict)  # the kind's own keys, expanded


def probe_specs(env: Environment, environ: Mapping[str, str]) -> list[ProbeSpec]:
    """The environment's probes, or one :class:`ConfigError` listing every problem."""
    problems = section_problems(env, "probes")
    if problems:
        raise ConfigError(problems, source=str(env.source))
    specs: list[ProbeSpec] = []
    for index, table in enumerate(env.settings.get("probes", [])):
        settings, unset = expanded(env.name, index, table, environ)
        problems += [str(problem) for problem in unset]
        bounds = {key: float(table[key]) for key in THRESHOLD_KEYS if key in table}
        specs.append(
            ProbeSpec(
                name=table["name"],
                kind=table["kind"],
                thresholds=Thresholds(**bounds),
                optional=bool(table.get("optional", False)),
                settings=settings,
            )
        )
    if problems:
        raise ConfigError(problems, source=str(env.source))
    return specs
