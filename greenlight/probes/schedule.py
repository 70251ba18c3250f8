"""When probes are read: once before the run, every N seconds during it, once after.

    >>> run = ProbeRun(watched, interval=5.0)
    >>> run.start()          # the reading before the run; a daemon thread takes the rest
    >>> results = run.finish()

It runs in the controller process only; pytest-xdist workers never read probes. The
thread takes its readings under a lock, so the final reading never overlaps one.

A probe is judged at every reading, and its result is the worst one: a breach at any
reading is a breach, even if the system recovered by the end. A reading that failed
leaves a gap in which a breach may hide, so it makes the probe unreadable, unless it
only found nothing to judge yet (no traffic to divide by) before the last reading. A
running total (an increase, a count of log lines) is held to its floor (``*_below``)
at the last reading only, since it may still grow. With ``prometheus`` probes the last
reading waits for the longest ``settle`` among them (the scrape that covers the end).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from greenlight.probes.health import HealthProbe
from greenlight.probes.judge import (
    BREACH,
    OK,
    SEVERITY,
    UNREADABLE,
    NotYet,
    Status,
    Unreadable,
    judge,
    pressure,
)
from greenlight.probes.probe import Probe
from greenlight.probes.prometheus import PrometheusProbe
from greenlight.probes.spec import ProbeSpec


@dataclass(frozen=True)
class Reading:
    time: float
    value: float | None
    error: str = ""  # why there is no value
    pending: bool = False  # the error only says there is nothing to judge yet (no traffic)
    problem: str = ""  # what was wrong, for a health reading of 0


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
        except NotYet as error:
            self.readings.append(Reading(now, None, str(error), pending=True))
            return
        except Unreadable as error:
            self.readings.append(Reading(now, None, str(error)))
            return
        problem = self.probe.problem if isinstance(self.probe, HealthProbe) else ""
        self.readings.append(Reading(now, value, problem=problem))


@dataclass(frozen=True)
class ProbeResult:
    spec: ProbeSpec
    source: str
    status: Status
    value: float | None  # the value of the reading the result rests on: the worst one
    detail: str  # why it is not ok, or ""
    readings: tuple[Reading, ...]
    seen: float | None = None  # when that reading was taken

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def last(self) -> float | None:
        return self.readings[-1].value


def result_of(watched: Watched) -> ProbeResult:
    """The probe judged at every reading; the worst reading is the result."""
    spec, probe, readings = watched.spec, watched.probe, watched.readings
    judged = [
        (reading, _judge(watched, reading, final=index == len(readings) - 1))
        for index, reading in enumerate(readings)
        if reading.value is not None
    ]
    worst = max(judged, key=lambda pair: (SEVERITY[pair[1].status], pair[1].pressure), default=None)

    def result(status: Status, detail: str, at: Reading) -> ProbeResult:
        return ProbeResult(spec, probe.source, status, at.value, detail, tuple(readings), at.time)

    if worst is not None and worst[1].status == BREACH:
        return result(BREACH, worst[1].bound, worst[0])
    # A gap in the window may hide a breach: only "no traffic yet" during the run is none.
    failed = [r for r in readings if r.error and (r is readings[-1] or not r.pending)]
    if failed:
        return result(UNREADABLE, _unread(failed, readings), failed[-1])
    if worst is None:
        detail = "needs a reading before and one after the run; only one was taken"
        return result(UNREADABLE, detail, readings[-1])
    return result(worst[1].status, worst[1].bound, worst[0])


@dataclass(frozen=True)
class _Judged:
    status: Status
    bound: str
    pressure: float


def _judge(watched: Watched, reading: Reading, final: bool) -> _Judged:
    assert reading.value is not None
    if isinstance(watched.probe, HealthProbe):
        healthy = reading.value >= 1
        return _Judged(OK if healthy else BREACH, reading.problem, 0.0 if healthy else 1.0)
    # A running total may still grow, and a measure over the window (a ratio of
    # increases) is only that measure at the end: below its floor only at the end counts.
    # Its ceiling holds at every reading: errors counted early did happen.
    limits = watched.spec.thresholds
    if (watched.probe.grows or watched.probe.windowed) and not final:
        limits = limits.above()
    judgement = judge(reading.value, limits)
    return _Judged(judgement.status, judgement.bound, pressure(reading.value, limits))


def _unread(failed: list[Reading], readings: list[Reading]) -> str:
    last = failed[-1]
    if last is readings[-1]:
        return last.error  # what is wrong now is what to check
    return (
        f"{len(failed)} of {len(readings)} readings could not be read, the last at "
        f"{last.time - readings[0].time:.1f}s: {last.error}"
    )


class ProbeRun:
    def __init__(self, watched: list[Watched], interval: float | None = None) -> None:
        self.watched = watched
        self.interval = interval
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def settle(self) -> float:
        """Seconds to wait before the last reading: a Prometheus server's scrape of the end."""
        return max(
            (w.probe.settle for w in self.watched if isinstance(w.probe, PrometheusProbe)),
            default=0.0,
        )

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
        time.sleep(self.settle)
        self.read()
        return [result_of(watched) for watched in self.watched]
