"""Samples of the compared metrics on canary and baseline, taken at a fixed interval.

    >>> sampler = Sampler({"canary": canary.probes, "baseline": baseline.probes}, every=1.0)
    >>> sampler.start()        # a thread reads both sides every second
    >>> ...                    # the observation window, then the smoke runs on each side
    >>> sampler.stop()["canary"]["latency-p95"]
    [0.312, 0.305, 0.331, ...]

Each sample is a probe's value over one interval, from one reading to the next: the p95
of the requests answered in that second, the error ratio of that second. An interval in
which a metric has no value (no request to measure, a reading that failed) gives no
sample of it, so a quiet side has few samples, and the judge calls that inconclusive.
The readings go on through the observation window (the users' traffic the canary
takes) and the smoke runs (each side's own synthetic traffic).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping
from typing import Any

from greenlight.probes.judge import Unreadable
from greenlight.probes.metrics import MetricsProbe
from greenlight.probes.window import Window

Series = dict[str, dict[str, list[float]]]  # side -> probe -> samples


class Sampler:
    """Reads every probe of every side each ``every`` seconds, in a thread of its own."""

    def __init__(self, sides: Mapping[str, Mapping[str, MetricsProbe]], every: float) -> None:
        self.sides = sides
        self.every = every
        self.samples: Series = {
            side: {name: [] for name in probes} for side, probes in sides.items()
        }
        self._last: dict[str, dict[str, Window]] = {side: {} for side in sides}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="greenlight-samples", daemon=True)

    def start(self) -> None:
        self.read()
        self._thread.start()

    def stop(self) -> Series:
        """Stop reading (one last reading first) and give the samples taken."""
        self._stop.set()
        self._thread.join()
        self.read()
        return self.samples

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.read()

    def read(self) -> None:
        for side, probes in self.sides.items():
            shared: dict[str, Any] = {}
            for name, probe in probes.items():
                try:
                    now = probe.observe(shared)
                except Unreadable:
                    self._last[side].pop(name, None)  # no sample across a gap
                    continue
                before = self._last[side].get(name)
                self._last[side][name] = now
                if before is None:
                    continue
                try:
                    value = probe.between(before, now)
                except Unreadable:
                    continue
                if not math.isnan(value):
                    self.samples[side][name].append(value)
