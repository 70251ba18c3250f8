"""The run window of a metrics probe: its scrapes folded one by one, counters accumulated.

    >>> window = Window.open(before, counters=["orders_placed_total"])
    >>> window = window.then(during).then(after_a_restart)
    >>> window.increase("orders_placed_total")
    {(): 9.0}

A counter that went down between two scrapes was reset (the process restarted): its
increase over that step is its new value, as Prometheus counts it. A series that
appears during the window counts from zero. So the increase over a window with a
restart is the sum of the increases of its steps, not the last value minus the first,
and every reading has the increase from the start of the window up to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

Labels = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Snapshot:
    """One scrape: when it was taken and every sample, by sample name then label set."""

    time: float
    samples: Mapping[str, Mapping[Labels, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class Window:
    """The first and the latest scrape, and each counter's increase, series by series."""

    first: Snapshot
    last: Snapshot
    totals: Mapping[str, Mapping[Labels, float]]

    @classmethod
    def open(cls, snapshot: Snapshot, counters: Iterable[str]) -> Window:
        """The window at its first scrape: nothing has increased yet."""
        return cls(snapshot, snapshot, {name: {} for name in counters})

    def then(self, snapshot: Snapshot) -> Window:
        """The window one scrape later; only the counters named at its opening are kept."""
        totals: dict[str, Mapping[Labels, float]] = {}
        for name, so_far in self.totals.items():
            before = self.last.samples.get(name, {})
            grown = dict(so_far)
            for labels, value in snapshot.samples.get(name, {}).items():
                grown[labels] = grown.get(labels, 0.0) + step(before.get(labels, 0.0), value)
            totals[name] = grown
        return Window(self.first, snapshot, totals)

    def increase(self, name: str) -> Mapping[Labels, float]:
        """The counter's increase since the window opened, by series."""
        return self.totals.get(name, {})

    @property
    def elapsed(self) -> float:
        return self.last.time - self.first.time


def step(before: float, now: float) -> float:
    """A counter's increase between two scrapes; one that went down was reset to zero."""
    return now if now < before else now - before
