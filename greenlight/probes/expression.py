"""Expressions over scraped Prometheus samples, judged over the run window.

A small, PromQL-like language; a window function compares the reading taken before
the run (``start``) with a later one (``now``)::

    increase(http_requests_total{status=~"5.."}) / increase(http_requests_total)
    histogram_quantile(0.95, http_request_duration_seconds{route!="/metrics"})
    delta(process_resident_memory_bytes)       # growth of a gauge during the run
    rate(orders_placed_total)                  # per second
    fulfilment_queue_depth                     # the value now

    >>> parse('increase(orders_placed_total)').evaluate(start, now)
    4.0

Every matching series is summed. A series that appears during the run counts from
zero (a first 500 creates its series); a counter that went down was reset and counts
from zero too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from greenlight.probes.judge import Unreadable

Labels = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Snapshot:
    """One scrape: when it was taken and every sample, by sample name then label set."""

    time: float
    samples: Mapping[str, Mapping[Labels, float]] = field(default_factory=dict)


@dataclass(frozen=True)
class Matcher:
    label: str
    op: str  # =, !=, =~, !~
    value: str

    def matches(self, labels: Mapping[str, str]) -> bool:
        actual = labels.get(self.label, "")
        if self.op in ("=", "!="):
            return (actual == self.value) == (self.op == "=")
        return bool(re.fullmatch(self.value, actual)) == (self.op == "=~")


@dataclass(frozen=True)
class Selector:
    name: str
    matchers: tuple[Matcher, ...] = ()

    def series(self, snapshot: Snapshot, suffix: str = "") -> dict[Labels, float]:
        name = self.name + suffix
        if name not in snapshot.samples:
            raise Unreadable(f"the scrape has no metric {name}")
        return {
            labels: value
            for labels, value in snapshot.samples[name].items()
            if all(matcher.matches(dict(labels)) for matcher in self.matchers)
        }

    def __str__(self) -> str:
        inner = ", ".join(f'{m.label}{m.op}"{m.value}"' for m in self.matchers)
        return f"{self.name}{{{inner}}}" if inner else self.name


@dataclass(frozen=True)
class Term:
    function: str  # value, increase, rate, delta, histogram_quantile
    selector: Selector
    quantile: float = 0.0

    @property
    def windowed(self) -> bool:
        return self.function != "value"

    def evaluate(self, start: Snapshot, now: Snapshot) -> float:
        if self.function == "value":
            return sum(self.selector.series(now).values())
        if self.function == "delta":
            return sum(self.selector.series(now).values()) - sum(
                self.selector.series(start).values()
            )
        if self.function == "histogram_quantile":
            return self._quantile(start, now)
        increase = sum(_increases(self.selector.series(start), self.selector.series(now)).values())
        if self.function == "rate":
            elapsed = now.time - start.time
            return increase / elapsed if elapsed > 0 else math.nan
        return increase

    def _quantile(self, start: Snapshot, now: Snapshot) -> float:
        buckets: dict[float, float] = {}
        increases = _increases(
            self.selector.series(start, "_bucket"), self.selector.series(now, "_bucket")
        )
        for labels, count in increases.items():
            bound = float(dict(labels).get("le", "nan"))
            buckets[bound] = buckets.get(bound, 0.0) + count
        return histogram_quantile(self.quantile, buckets, str(self.selector))

    def __str__(self) -> str:
        if self.function == "value":
            return str(self.selector)
        if self.function == "histogram_quantile":
            return f"histogram_quantile({self.quantile:g}, {self.selector})"
        return f"{self.function}({self.selector})"


@dataclass(frozen=True)
class Expression:
    numerator: Term
    denominator: Term | None = None

    @property
    def windowed(self) -> bool:
        """Whether it needs a reading from before the run as well as one now."""
        return self.numerator.windowed or bool(self.denominator and self.denominator.windowed)

    def evaluate(self, start: Snapshot, now: Snapshot) -> float:
        top = self.numerator.evaluate(start, now)
        if self.denominator is None:
            return top
        bottom = self.denominator.evaluate(start, now)
        if bottom == 0:
            raise Unreadable(f"{self.denominator} is 0 over the run window, nothing to divide by")
        return top / bottom

    def __str__(self) -> str:
        return str(self.numerator) + (f" / {self.denominator}" if self.denominator else "")


def _increases(start: Mapping[Labels, float], now: Mapping[Labels, float]) -> dict[Labels, float]:
    increases = {}
    for labels, value in now.items():
        before = start.get(labels, 0.0)
        increases[labels] = value if value < before else value - before
    return increases


def histogram_quantile(q: float, buckets: Mapping[float, float], what: str) -> float:
    """Prometheus's estimate: linear interpolation inside the bucket holding the rank."""
    bounds = sorted(buckets)
    if not bounds or bounds[-1] != math.inf:
        raise Unreadable(f"{what} has no +Inf bucket; is it a histogram?")
    total = buckets[math.inf]
    if total <= 0:
        raise Unreadable(f"{what} observed nothing during the run window")
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


_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d*)?|\.\d+)|(?P<name>[A-Za-z_:][A-Za-z0-9_:]*)"
    r'|(?P<string>"(?:[^"\\]|\\.)*")|(?P<op>=~|!~|!=|=|[(){},/]))'
)
FUNCTIONS = ("increase", "rate", "delta", "histogram_quantile")


class ExpressionError(ValueError):
    """An expression that does not parse; the message says where and what was expected."""


def parse(text: str) -> Expression:
    parser = _Parser(text)
    numerator = parser.term()
    denominator = parser.term() if parser.accept("/") else None
    parser.end()
    return Expression(numerator, denominator)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, str, int]] = []
        position = 0
        while position < len(text.rstrip()):
            match = _TOKEN.match(text, position)
            if match is None or match.end() == position:
                self.fail(position, "an expression like increase(http_requests_total)")
            assert match is not None and match.lastgroup is not None
            self.tokens.append((match.lastgroup, match.group(match.lastgroup), match.start()))
            position = match.end()
        self.index = 0

    def fail(self, position: int, expected: str) -> None:
        found = self.text[position:].strip()[:20] or "the end"
        raise ExpressionError(f"expected {expected} at column {position + 1}, found {found!r}")

    def peek(self) -> tuple[str, str, int]:
        if self.index < len(self.tokens):
            return self.tokens[self.index]
        return ("end", "", len(self.text))

    def take(self, kind: str, expected: str) -> str:
        token_kind, value, position = self.peek()
        if token_kind != kind:
            self.fail(position, expected)
        self.index += 1
        return value

    def accept(self, op: str) -> bool:
        if self.peek()[:2] == ("op", op):
            self.index += 1
            return True
        return False

    def expect(self, op: str) -> None:
        if not self.accept(op):
            self.fail(self.peek()[2], f"'{op}'")

    def end(self) -> None:
        if self.peek()[0] != "end":
            self.fail(self.peek()[2], "the end of the expression (one '/' at most)")

    def term(self) -> Term:
        name = self.take("name", "a metric name or a function like increase(...)")
        if not self.accept("("):
            return Term("value", self.selector_rest(name))
        if name not in FUNCTIONS:
            self.fail(
                self.peek()[2] - len(name) - 1, f"one of the functions {', '.join(FUNCTIONS)}"
            )
        quantile = 0.0
        if name == "histogram_quantile":
            quantile = float(self.take("number", "a quantile between 0 and 1, e.g. 0.95"))
            if not 0 <= quantile <= 1:
                self.fail(self.peek()[2], "a quantile between 0 and 1")
            self.expect(",")
        selector = self.selector_rest(self.take("name", "a metric name"))
        self.expect(")")
        return Term(name, selector, quantile)

    def selector_rest(self, name: str) -> Selector:
        matchers: list[Matcher] = []
        if self.accept("{"):
            while not self.accept("}"):
                label = self.take("name", "a label name or '}'")
                kind, op, position = self.peek()
                if kind != "op" or op not in ("=", "!=", "=~", "!~"):
                    self.fail(position, "one of = != =~ !~")
                self.index += 1
                value = self.take("string", 'a quoted label value like "5.."')[1:-1]
                if op in ("=~", "!~"):
                    try:
                        re.compile(value)
                    except re.error as error:
                        self.fail(position, f"a valid regular expression ({error})")
                matchers.append(Matcher(label, op, value))
                if not self.accept(","):
                    self.expect("}")
                    break
        return Selector(name, tuple(matchers))
