"""Canary versus baseline: the same metrics probes read on both, over the same kind of window.

    [prod.release]
    baseline = "blue"                          # the target serving the live version
    compare = ["error-ratio", "latency-p95"]   # metrics probes of [[prod.probes]]
    max_ratio = 2                              # the canary may be at most 2x the baseline

    >>> theirs = Side.open(env, "blue", compared(env, spec.settings))
    >>> ...                                    # the smoke suite runs on blue
    >>> ours = Side.open(env, "canary", compared(env, spec.settings))
    >>> ...                                    # the same suite runs on the canary
    >>> [str(c) for c in compare(ours, theirs, max_ratio=2)]
    ['latency-p95: canary 0.41 vs baseline 0.012 (34x, more than 2x)']

Each probe's expression is evaluated on the canary's and on the baseline's own
``/metrics`` (the probe's ``url`` taken relative to each target), from a reading before
its smoke run to one after. A breach is the canary above ``max_ratio`` times the
baseline; a baseline of 0 makes any canary value above 0 a breach. Fail safe: a side
that cannot be read (no scrape, nothing observed in the window) is a breach too, since
a comparison that proves nothing is never a go. The keys are checked with the rest of
the release section (:mod:`greenlight.config.release`).
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from greenlight.config.environment import Environment
from greenlight.probes.judge import Unreadable
from greenlight.probes.probe import Probe, build
from greenlight.probes.spec import ProbeSpec, probe_specs

DEFAULT_MAX_RATIO = 2.0


@dataclass(frozen=True)
class Comparison:
    probe: str
    canary: float | None  # None: unreadable, with the reason in ``problem``
    baseline: float | None
    max_ratio: float
    problem: str = ""

    @property
    def breached(self) -> bool:
        if self.canary is None or self.baseline is None:
            return True
        if self.baseline == 0:
            return self.canary > 0
        return self.canary > self.baseline * self.max_ratio

    def as_dict(self) -> dict[str, Any]:
        return {
            "probe": self.probe,
            "canary": self.canary,
            "baseline": self.baseline,
            "max_ratio": self.max_ratio,
            "breached": self.breached,
            **({"problem": self.problem} if self.problem else {}),
        }

    def __str__(self) -> str:
        if self.canary is None or self.baseline is None:
            return f"{self.probe}: cannot compare ({self.problem})"
        values = f"{self.probe}: canary {self.canary:.4g} vs baseline {self.baseline:.4g}"
        if self.baseline == 0:
            return values + (" (the baseline has none)" if self.breached else "")
        ratio = self.canary / self.baseline
        verdict = "more than" if self.breached else "within"
        return f"{values} ({ratio:.3g}x, {verdict} {self.max_ratio:g}x)"


def compared(env: Environment, settings: Mapping[str, Any]) -> list[ProbeSpec]:
    """The probes the release section compares, in its order (already checked)."""
    specs = {spec.name: spec for spec in probe_specs(env, os.environ)}
    return [specs[str(name)] for name in settings.get("compare", ())]


def probes_at(env: Environment, target: str, specs: Sequence[ProbeSpec]) -> dict[str, Probe]:
    """The probes read at ``target``'s own URLs, by name, on one HTTP session."""
    aimed = env.aimed_at(target)
    session = requests.Session()
    workdir = Path(tempfile.gettempdir())  # metrics probes do not use it
    return {spec.name: build(spec, aimed, workdir=workdir, session=session) for spec in specs}


@dataclass
class Side:
    """One target's probes and their first reading; ``None`` where it was unreadable."""

    probes: dict[str, Probe]
    start: dict[str, Any] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(cls, env: Environment, target: str, specs: Sequence[ProbeSpec]) -> Side:
        side = cls(probes_at(env, target, specs))
        side.start = side.read()
        return side

    def read(self) -> dict[str, Any]:
        shared: dict[str, Any] = {}
        readings: dict[str, Any] = {}
        for name, probe in self.probes.items():
            try:
                readings[name] = probe.observe(shared)
            except Unreadable as error:
                self.problems.setdefault(name, str(error))
        return readings

    def values(self) -> dict[str, float | None]:
        """Each probe's value from the first reading to now."""
        now = self.read()
        values: dict[str, float | None] = {}
        for name, probe in self.probes.items():
            if name in self.problems:
                values[name] = None
                continue
            try:
                value = probe.value(self.start[name], now[name])
            except Unreadable as error:
                self.problems[name] = str(error)
                value = None
            if value is not None and math.isnan(value):
                self.problems[name] = "no value over the window"
                value = None
            values[name] = value
        return values


def compare(canary: Side, baseline: Side, max_ratio: float) -> list[Comparison]:
    """Close both windows and compare each probe; call after both smoke runs."""
    ours, theirs = canary.values(), baseline.values()
    comparisons = []
    for name in canary.probes:
        problem = "; ".join(
            f"{side} {side_of.problems[name]}"
            for side, side_of in (("canary:", canary), ("baseline:", baseline))
            if name in side_of.problems
        )
        comparisons.append(Comparison(name, ours[name], theirs[name], max_ratio, problem))
    return comparisons
