"""The ``metrics`` probe: scrape a Prometheus text endpoint and evaluate an expression.

    [[prod.probes]]
    name = "error-ratio"
    kind = "metrics"
    expression = 'increase(http_requests_total{status=~"5.."}) / increase(http_requests_total)'
    fail_above = 0.05

The endpoint (``url``, default ``/metrics`` of the primary service) is parsed with
``prometheus_client``'s parser; probes on the same URL share one scrape per reading.
Each probe folds its scrapes into its own run window, so every reading is the
expression's value from the scrape before the run up to that reading.

    >>> probe.observe({})        # the window so far, one scrape later
    Window(first=Snapshot(...), last=Snapshot(...), totals={...})
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import requests

from greenlight.probes.expression import Expression, Labels, Snapshot, Window
from greenlight.probes.judge import Unreadable

SCRAPE_TIMEOUT = 5.0
FAMILY_SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum")}


def parse_exposition(text: str, taken: float) -> Snapshot:
    # Imported here: prometheus_client is needed only when a metrics probe is read, and
    # would otherwise add to the start-up of every pytest run.
    from prometheus_client.parser import text_string_to_metric_families

    samples: dict[str, dict[Labels, float]] = {}
    try:
        for family in text_string_to_metric_families(text):
            # A labelled metric without series yet (no request answered) is still known:
            # its increase is 0, not an unreadable probe.
            for suffix in FAMILY_SUFFIXES.get(family.type, ("",)):
                samples.setdefault(family.name + suffix, {})
            for sample in family.samples:
                labels = tuple(sorted(sample.labels.items()))
                samples.setdefault(sample.name, {})[labels] = float(sample.value)
    except ValueError as error:
        raise Unreadable(f"not Prometheus text format ({error})") from None
    return Snapshot(time=taken, samples=samples)


def answer_of(url: str, session: requests.Session, timeout: float) -> requests.Response:
    """The successful answer at ``url``; :class:`Unreadable` when there is none."""
    try:
        answer = session.get(url, timeout=timeout)
    except requests.RequestException as error:
        raise Unreadable(f"no answer from {url} ({type(error).__name__})") from None
    if not answer.ok:
        raise Unreadable(f"{url} answered HTTP {answer.status_code}")
    return answer


def scrape(url: str, session: requests.Session, timeout: float = SCRAPE_TIMEOUT) -> Snapshot:
    taken = time.time()
    return parse_exposition(answer_of(url, session, timeout).text, taken)


@dataclass
class MetricsProbe:
    url: str
    expression: Expression
    session: requests.Session
    window: Window | None = None  # the scrapes read so far; a failed scrape is not in it

    @property
    def source(self) -> str:
        return f"{self.expression} at {self.url}"

    def observe(self, shared: dict[str, Any]) -> Window:
        snapshot = self._scrape(shared)
        if self.window is None:
            self.window = self.expression.open(snapshot)
        else:
            self.window = self.expression.then(self.window, snapshot)
        return self.window

    def _scrape(self, shared: dict[str, Any]) -> Snapshot:
        # One scrape per URL and reading, however many probes read it.
        key = f"metrics {self.url}"
        if key not in shared:
            try:
                shared[key] = scrape(self.url, self.session)
            except Unreadable as error:
                shared[key] = error
        found = shared[key]
        if isinstance(found, Unreadable):
            raise found
        assert isinstance(found, Snapshot)
        return found

    def value(self, start: Any, now: Any) -> float:
        # ``now`` is the window from the first observation (``start``) up to now.
        assert isinstance(now, Window)
        return self.expression.value(now)

    def between(self, before: Window, after: Window) -> float:
        """The value over one interval only: from ``before``'s latest scrape to ``after``'s."""
        return self.expression.evaluate(before.last, after.last)

    @property
    def windowed(self) -> bool:
        return self.expression.windowed

    @property
    def grows(self) -> bool:
        return self.expression.grows
