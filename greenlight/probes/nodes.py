"""The PromQL subset a metrics probe evaluates, one node per construct, over a run window.

    >>> ratio = Arithmetic("/", Increase(errors), Increase(requests))
    >>> ratio.value(window)      # the error ratio from the window's start to its last scrape
    0.2

Every selector is summed over the series it matches, so each node is one number. A
selector is checked against every scrape: a metric the scrape lacks, or a matcher on
a label that no series of the metric carries (a typo such as ``stauts``), makes the
probe unreadable rather than silently 0.
"""

from __future__ import annotations

import json
import math
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import ClassVar

from greenlight.config.schema import suggest
from greenlight.probes.judge import NotYet, Unreadable
from greenlight.probes.window import Labels, Snapshot, Window


@dataclass(frozen=True)
class Matcher:
    label: str
    op: str  # =, !=, =~, !~
    value: str  # unescaped, as the PromQL string means it

    def matches(self, labels: Mapping[str, str]) -> bool:
        actual = labels.get(self.label, "")
        if self.op in ("=", "!="):
            return (actual == self.value) == (self.op == "=")
        # PromQL anchors a regex at both ends.
        return bool(re.fullmatch(self.value, actual)) == (self.op == "=~")

    def __str__(self) -> str:
        return f"{self.label}{self.op}{json.dumps(self.value, ensure_ascii=False)}"


@dataclass(frozen=True)
class Selector:
    name: str
    matchers: tuple[Matcher, ...] = ()

    def check(self, snapshot: Snapshot, sample: str) -> None:
        """Raise :class:`Unreadable` if the scrape lacks the sample or a matcher's label."""
        if sample not in snapshot.samples:
            raise Unreadable(f"the scrape has no metric {sample}")
        series = snapshot.samples[sample]
        if not series:
            return  # no series yet: which labels it will carry cannot be known
        carried = sorted({label for labels in series for label, _ in labels})
        for matcher in self.matchers:
            if matcher.label not in carried:
                raise Unreadable(
                    f"{self}: no series of {sample} has a label {matcher.label}"
                    f"{suggest(matcher.label, carried)}; its labels: {', '.join(carried) or 'none'}"
                )

    def picks(self, labels: Labels) -> bool:
        named = dict(labels)
        return all(matcher.matches(named) for matcher in self.matchers)

    def sum(self, series: Mapping[Labels, float]) -> float:
        return sum(value for labels, value in series.items() if self.picks(labels))

    def __str__(self) -> str:
        inner = ", ".join(str(matcher) for matcher in self.matchers)
        return f"{self.name}{{{inner}}}" if inner else self.name


class Node(ABC):
    def children(self) -> tuple[Node, ...]:
        return ()

    @property
    def windowed(self) -> bool:
        """Whether it needs the scrape before the run as well as the latest one."""
        return any(child.windowed for child in self.children())

    @property
    def grows(self) -> bool:
        """Never negative and never smaller at a later scrape: a running total."""
        return False

    @abstractmethod
    def value(self, window: Window) -> float: ...

    def samples(self) -> Iterator[tuple[Selector, str]]:
        """Each selector and the sample name it reads, to check against every scrape."""
        for child in self.children():
            yield from child.samples()

    def counters(self) -> Iterator[str]:
        """The sample names whose increase the window must accumulate."""
        for child in self.children():
            yield from child.counters()


@dataclass(frozen=True)
class Number(Node):
    number: float

    @property
    def grows(self) -> bool:
        return self.number >= 0

    def value(self, window: Window) -> float:
        return self.number

    def __str__(self) -> str:
        return f"{self.number:g}"


@dataclass(frozen=True)
class OfSelector(Node):
    """A node reading one selector's series: at the latest scrape, or over the window."""

    selector: Selector
    window_function: ClassVar[bool] = True  # evaluated from the window's first scrape
    accumulates: ClassVar[bool] = False  # reads the increase of a counter

    @property
    def sample(self) -> str:
        return self.selector.name

    @property
    def windowed(self) -> bool:
        return self.window_function

    def samples(self) -> Iterator[tuple[Selector, str]]:
        yield self.selector, self.sample

    def counters(self) -> Iterator[str]:
        if self.accumulates:
            yield self.sample


@dataclass(frozen=True)
class Instant(OfSelector):
    """A gauge's value at the latest scrape: queue depth, memory."""

    window_function: ClassVar[bool] = False

    def value(self, window: Window) -> float:
        return self.selector.sum(window.last.samples[self.sample])

    def __str__(self) -> str:
        return str(self.selector)


@dataclass(frozen=True)
class Increase(OfSelector):
    accumulates: ClassVar[bool] = True

    @property
    def grows(self) -> bool:
        return True

    def value(self, window: Window) -> float:
        return self.selector.sum(window.increase(self.sample))

    def __str__(self) -> str:
        return f"increase({self.selector})"


@dataclass(frozen=True)
class Rate(Increase):
    @property
    def grows(self) -> bool:
        return False  # an average per second can fall

    def value(self, window: Window) -> float:
        elapsed = window.elapsed
        return super().value(window) / elapsed if elapsed > 0 else math.nan

    def __str__(self) -> str:
        return f"rate({self.selector})"


@dataclass(frozen=True)
class Delta(OfSelector):
    """How much a gauge changed since the window opened (no reset handling, as in PromQL)."""

    def value(self, window: Window) -> float:
        last, first = window.last.samples[self.sample], window.first.samples[self.sample]
        return self.selector.sum(last) - self.selector.sum(first)

    def __str__(self) -> str:
        return f"delta({self.selector})"


@dataclass(frozen=True)
class Quantile(OfSelector):
    """The quantile of the observations made in the window, from the ``_bucket`` counters."""

    quantile: float
    accumulates: ClassVar[bool] = True

    @property
    def sample(self) -> str:
        return f"{self.selector.name}_bucket"

    def value(self, window: Window) -> float:
        counts: dict[float, float] = {}
        for labels, count in window.increase(self.sample).items():
            if self.selector.picks(labels):
                bound = float(dict(labels).get("le", "nan"))
                counts[bound] = counts.get(bound, 0.0) + count
        if not counts:
            raise NotYet(f"{self.selector} observed nothing during the run window")
        return histogram_quantile(self.quantile, counts, str(self.selector))

    def __str__(self) -> str:
        return f"histogram_quantile({self.quantile:g}, {self.selector})"


@dataclass(frozen=True)
class Negative(Node):
    operand: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)

    def value(self, window: Window) -> float:
        return -self.operand.value(window)

    def __str__(self) -> str:
        inner = str(self.operand)
        return f"-({inner})" if isinstance(self.operand, Arithmetic) else f"-{inner}"


PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


@dataclass(frozen=True)
class Arithmetic(Node):
    op: str  # + - * /
    left: Node
    right: Node

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)

    @property
    def grows(self) -> bool:
        # Sums and products of non-negative running totals are running totals too.
        return self.op in "+*" and self.left.grows and self.right.grows

    def value(self, window: Window) -> float:
        left, right = self.left.value(window), self.right.value(window)
        if self.op == "+":
            return left + right
        if self.op == "-":
            return left - right
        if self.op == "*":
            return left * right
        if right == 0:
            raise NotYet(f"{self.right} is 0 over the run window, nothing to divide by")
        return left / right

    def __str__(self) -> str:
        def shown(node: Node, tighter: bool) -> str:
            # Parentheses where precedence (or, on the right, order) needs them.
            if isinstance(node, Arithmetic) and (
                PRECEDENCE[node.op] < PRECEDENCE[self.op]
                or (tighter and PRECEDENCE[node.op] == PRECEDENCE[self.op])
            ):
                return f"({node})"
            return str(node)

        return f"{shown(self.left, False)} {self.op} {shown(self.right, True)}"


def histogram_quantile(q: float, buckets: Mapping[float, float], what: str) -> float:
    """Prometheus's estimate: linear interpolation inside the bucket holding the rank."""
    bounds = sorted(buckets)
    if not bounds or bounds[-1] != math.inf:
        raise Unreadable(f"{what} has no +Inf bucket; is it a histogram?")
    total = buckets[math.inf]
    if total <= 0:
        raise NotYet(f"{what} observed nothing during the run window")
    rank = q * total
    lower, below = 0.0, 0.0
    for bound in bounds:
        count = buckets[bound]
        if count >= rank:
            if bound == math.inf:
                return lower  # Prometheus answers with the highest finite bound
            if count == below:
                return bound
            return lower + (bound - lower) * (rank - below) / (count - below)
        lower, below = bound, count
    return lower
