"""Metrics expressions: a subset of PromQL, judged at every scrape of the run window.

    increase(http_requests_total{status=~"5.."}) / increase(http_requests_total)
    histogram_quantile(0.95, http_request_duration_seconds{route!="/metrics"})
    delta(process_resident_memory_bytes)       # growth of a gauge since the run began
    rate(orders_placed_total) * 60             # per minute
    fulfilment_queue_depth                     # the value at the scrape

    >>> parse('increase(orders_placed_total)').evaluate(before, during, after)
    9.0

The window functions (``increase``, ``rate``, ``delta``, ``histogram_quantile``) take
no range: they are evaluated from the scrape before the run to each later one, so
every reading is a value that can be judged. Every matching series is summed;
counters are accumulated scrape by scrape with resets handled as Prometheus does
(see :mod:`greenlight.probes.window`). Parsing is :mod:`greenlight.probes.promql`'s.
"""

from __future__ import annotations

from dataclasses import dataclass

from greenlight.probes.nodes import Node
from greenlight.probes.promql import ExpressionError, to_node
from greenlight.probes.window import Labels, Snapshot, Window

__all__ = [
    "Expression",
    "ExpressionError",
    "Labels",
    "Snapshot",
    "Window",
    "parse",
]


@dataclass(frozen=True)
class Expression:
    text: str  # as written in the probe's declaration
    root: Node

    @property
    def windowed(self) -> bool:
        """Whether it needs a reading from before the run as well as one now."""
        return self.root.windowed

    @property
    def grows(self) -> bool:
        """Whether it is a running total (an increase): one that may still grow."""
        return self.root.grows

    def check(self, snapshot: Snapshot) -> None:
        """Raise :class:`~greenlight.probes.judge.Unreadable` if the scrape cannot answer the expression."""
        for selector, sample in self.root.samples():
            selector.check(snapshot, sample)

    def open(self, snapshot: Snapshot) -> Window:
        self.check(snapshot)
        return Window.open(snapshot, set(self.root.counters()))

    def then(self, window: Window, snapshot: Snapshot) -> Window:
        self.check(snapshot)
        return window.then(snapshot)

    def value(self, window: Window) -> float:
        """The value from the window's first scrape to its latest."""
        return self.root.value(window)

    def evaluate(self, first: Snapshot, *later: Snapshot) -> float:
        """The value over scrapes in the order they were taken."""
        window = self.open(first)
        for snapshot in later:
            window = self.then(window, snapshot)
        return self.value(window)

    def __str__(self) -> str:
        return self.text.strip()


def parse(text: str) -> Expression:
    """The expression, or :class:`ExpressionError` saying what is wrong or unsupported."""
    return Expression(text, to_node(text))
