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
a comparison that proves nothing is never a go.
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
from greenlight.errors import ConfigError
from greenlight.probes.judge import Unreadable
from greenlight.probes.probe import Probe, build
from greenlight.probes.spec import ProbeSpec, probe_specs

DEFAULT_MAX_RATIO = 2.0
KEYS = ("baseline", "compare", "max_ratio")


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


def check(raw: Mapping[str, Any], env: Environment, where: str) -> list[str]:
    """Problems with the comparison keys of a canary release section."""
    given = [key for key in ("baseline", "compare") if key in raw]
    if not given:
        if "max_ratio" in raw:
            return [f"{where}.max_ratio: only means something with baseline and compare"]
        return []
    if len(given) == 1:
        missing = "compare" if given == ["baseline"] else "baseline"
        return [
            f"{where}: {given[0]} needs {missing} too: the target to compare the canary with "
            'and the metrics probes to compare, e.g. baseline = "blue", compare = ["latency-p95"]'
        ]
    problems: list[str] = []
    if raw.get("baseline") == raw.get("canary"):
        problems.append(f"{where}.baseline: must be another target than the canary")
    ratio = raw.get("max_ratio", DEFAULT_MAX_RATIO)
    if isinstance(ratio, bool) or not isinstance(ratio, int | float) or ratio < 1:
        problems.append(f"{where}.max_ratio: must be a number of at least 1 (got {ratio!r})")
    names = raw["compare"]
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        return [
            *problems,
            f'{where}.compare: must list metrics probes of [[{env.name}.probes]], e.g. ["latency-p95"]',
        ]
    try:
        specs = {spec.name: spec for spec in probe_specs(env, os.environ)}
    except ConfigError as error:
        return [*problems, *error.problems]
    for name in names:
        spec = specs.get(name)
        if spec is None:
            known = ", ".join(n for n, s in specs.items() if s.kind == "metrics") or "none defined"
            problems.append(
                f"{where}.compare: '{name}' is not a probe of [[{env.name}.probes]] (metrics probes: {known})"
            )
        elif spec.kind != "metrics":
            problems.append(
                f"{where}.compare: '{name}' is a {spec.kind} probe; only metrics probes compare"
            )
        elif str(spec.settings.get("url", "")).startswith(("http://", "https://")):
            problems.append(
                f"{where}.compare: '{name}' reads a fixed URL; give it a path (e.g. url = "
                '"/metrics") so each target is read at its own'
            )
    return problems


def compared(env: Environment, settings: Mapping[str, Any]) -> list[ProbeSpec]:
    """The probes the release section compares, in its order (already checked)."""
    specs = {spec.name: spec for spec in probe_specs(env, os.environ)}
    return [specs[str(name)] for name in settings.get("compare", ())]


@dataclass
class Side:
    """One target's probes and their first reading; ``None`` where it was unreadable."""

    probes: dict[str, Probe]
    start: dict[str, Any] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(cls, env: Environment, target: str, specs: Sequence[ProbeSpec]) -> Side:
        aimed = env.aimed_at(target)
        session = requests.Session()
        workdir = Path(tempfile.gettempdir())  # metrics probes do not use it
        side = cls(
            {spec.name: build(spec, aimed, workdir=workdir, session=session) for spec in specs}
        )
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
