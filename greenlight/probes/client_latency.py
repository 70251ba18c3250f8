"""The client-latency probe: the run's own HTTP exchanges, timed as its user waits for them.

    [[prod.probes]]
    name = "client-latency"
    kind = "client-latency"
    percentile = 95           # nearest rank: 95% of the exchanges took at most this long
    route = "/api/orders.*"   # optional: a regex the URL path must match entirely
    method = "POST"           # optional
    fail_above = 0.3          # seconds

Server-side probes see how fast the system answers; this one sees what stands in front
of it too (a slow load balancer, proxy or network). Its readings are the durations of
the exchanges scenarios made through greenlight's ``HttpClient`` (``http_client``),
measured in the process that made them, pytest-xdist workers included: each test
report carries its new exchanges as plain ``[method, path, seconds]`` lists
(:func:`carry`), and :class:`Timings` gathers them in the controller, where probes
are read. A run without a matching exchange has nothing to judge: never ok.

    >>> percentile([0.01, 0.02, 0.5], 50)
    0.02
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

import pytest

from greenlight.drivers.exchanges import Exchange
from greenlight.probes.judge import NotYet

# The report attribute the exchanges travel on; pytest-xdist serialises a report's
# attributes, so workers' timings reach the controller with the report itself.
ATTRIBUTE = "greenlight_exchanges"

Timing = tuple[str, str, float]  # method, URL path, seconds


def carry(report: pytest.TestReport, exchanges: Iterable[Exchange]) -> None:
    """Put the exchanges made since the last report of the test on this report."""
    compact = [
        [exchange.method, urlsplit(exchange.url).path, round(exchange.elapsed_ms / 1000, 6)]
        for exchange in exchanges
    ]
    if compact:
        setattr(report, ATTRIBUTE, compact)


class Timings:
    """Every exchange the run's tests reported, in the controller; a pytest plugin."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # probes are read by their own thread
        self._timings: list[Timing] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        carried: Any = getattr(report, ATTRIBUTE, None) or []
        with self._lock:
            self._timings += [(str(m), str(p), float(s)) for m, p, s in carried]

    def snapshot(self) -> list[Timing]:
        with self._lock:
            return list(self._timings)


def percentile(durations: Sequence[float], rank: float) -> float:
    """The nearest-rank percentile: the smallest duration at least ``rank`` % are within."""
    ordered = sorted(durations)
    return ordered[max(math.ceil(rank / 100 * len(ordered)), 1) - 1]


class ClientLatencyProbe:
    windowed = False  # each reading stands alone: the exchanges so far
    grows = False

    def __init__(
        self, timings: Timings, rank: float, route: str | None = None, method: str | None = None
    ) -> None:
        self.timings = timings
        self.rank = rank
        self.route = re.compile(route) if route else None
        self.method = method.upper() if method else None
        self.count = 0

    @property
    def matching(self) -> str:
        """The filters, as people write them: ``GET /api/orders.*``, or ""."""
        return " ".join(filter(None, [self.method, self.route and self.route.pattern]))

    @property
    def source(self) -> str:
        judged = f"p{self.rank:g} of {self.count} HTTP exchanges the run made"
        return f"{judged} ({self.matching})" if self.matching else judged

    def observe(self, shared: dict[str, Any]) -> float:
        durations = [
            seconds
            for method, path, seconds in self.timings.snapshot()
            if (self.method is None or method.upper() == self.method)
            and (self.route is None or self.route.fullmatch(path))
        ]
        self.count = len(durations)
        if not durations:
            # Before the run and while it runs, exchanges may still come; at the end, none
            # came, and the probe is unreadable (schedule.result_of).
            none = "the run made no HTTP exchange through greenlight's http_client"
            raise NotYet(f"{none} matching {self.matching}" if self.matching else none)
        return percentile(durations, self.rank)

    def value(self, start: Any, now: Any) -> float:
        return float(now)
