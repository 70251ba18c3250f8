"""When probes are read: once before the run, every N seconds during it, once after.

    >>> run = ProbeRun(watched, interval=5.0)
    >>> run.start()          # the reading before the run; a daemon thread takes the rest
    >>> results = run.finish()

It runs in the controller process only; pytest-xdist workers never read probes. The
thread takes its readings under a lock, so the final reading never overlaps one.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from greenlight.probes.health import HealthProbe
from greenlight.probes.judge import BREACH, OK, UNREADABLE, Status, Unreadable, judge
from greenlight.probes.probe import Probe
from greenlight.probes.spec import ProbeSpec


@dataclass(frozen=True)
class Reading:
    time: float
    value: float | None
    error: str = ""


@dataclass
class Watched:
    """A probe and what it read so far."""

    spec: ProbeSpec
    probe: Probe
    readings: list[Reading] = field(default_factory=list)
    first: Any = None  # the first observation that succeeded
    observed: int = 0  # how many observations succeeded

    def read(self, shared: dict[str, Any]) -> None:
        now = time.time()
        try:
            observation = self.probe.observe(shared)
            self.observed += 1
            if self.first is None:
                self.first = observation
            value = None
            if not self.probe.windowed or self.observed > 1:
                value = self.probe.value(self.first, observation)
        except Unreadable as error:
            self.readings.append(Reading(now, None, str(error)))
            return
        self.readings.append(Reading(now, value))


@dataclass(frozen=True)
class ProbeResult:
    spec: ProbeSpec
    source: str
    status: Status
    value: float | None
    detail: str  # why it is not ok, or ""
    readings: tuple[Reading, ...]

    @property
    def name(self) -> str:
        return self.spec.name


def result_of(watched: Watched) -> ProbeResult:
    spec, probe, last = watched.spec, watched.probe, watched.readings[-1]

    def result(status: Status, detail: str = "") -> ProbeResult:
        readings = tuple(watched.readings)
        return ProbeResult(spec, probe.source, status, last.value, detail, readings)

    if last.error:
        return result(UNREADABLE, last.error)
    if last.value is None:
        return result(
            UNREADABLE, "needs a reading before and one after the run; only one was taken"
        )
    if isinstance(probe, HealthProbe):
        return result(OK) if last.value >= 1 else result(BREACH, probe.problem)
    judgement = judge(last.value, spec.thresholds)
    return result(judgement.status, judgement.bound)


class ProbeRun:
    def __init__(self, watched: list[Watched], interval: float | None = None) -> None:
        self.watched = watched
        self.interval = interval
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def read(self) -> None:
        with self._lock:
            shared: dict[str, Any] = {}
            for watched in self.watched:
                watched.read(shared)

    def start(self) -> None:
        self.read()
        if self.interval:
            self._thread = threading.Thread(
                target=self._every, name="greenlight-probes", daemon=True
            )
            self._thread.start()

    def _every(self) -> None:
        assert self.interval is not None
        while not self._stop.wait(self.interval):
            self.read()

    def finish(self) -> list[ProbeResult]:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.read()
        return [result_of(watched) for watched in self.watched]
