"""Thresholds and the judgement of one probe value: ok, warning, breach or unreadable.

A probe fails above ``fail_above`` or below ``fail_below``; between a ``warn_*`` and its
``fail_*`` bound it is a warning, reported without blocking (the warning band of Keptn's
and Kayenta's canary analysis).

    >>> limits = Thresholds(warn_above=0.1, fail_above=0.25)
    >>> judge(0.31, limits)
    Judgement(status='breach', bound='fail_above 0.25')
    >>> judge(0.12, limits).status
    'warning'

A probe is judged at every reading of the run window; the reading that weighs most
(:data:`SEVERITY`, then :func:`pressure`) is the one its result reports.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Status = Literal["ok", "warning", "breach", "unreadable"]
OK: Status = "ok"
WARNING: Status = "warning"
BREACH: Status = "breach"
UNREADABLE: Status = "unreadable"

THRESHOLD_KEYS = ("fail_above", "warn_above", "warn_below", "fail_below")


class Unreadable(Exception):
    """A probe could not be read; the message says what was tried and what went wrong."""


class NotYet(Unreadable):
    """Nothing to judge yet: no traffic to divide by, no observation in the histogram.

    During the run that is no failure (traffic may come); at the last reading the
    whole window had nothing, and the probe is unreadable.
    """


# Which reading a probe's result rests on: the most severe one.
SEVERITY: dict[Status, int] = {OK: 0, WARNING: 1, UNREADABLE: 2, BREACH: 3}


@dataclass(frozen=True)
class Thresholds:
    fail_above: float | None = None
    warn_above: float | None = None
    warn_below: float | None = None
    fail_below: float | None = None

    def given(self) -> dict[str, float]:
        """The bounds that are set, by name, in the order they are checked."""
        return {key: getattr(self, key) for key in THRESHOLD_KEYS if getattr(self, key) is not None}

    def above(self) -> Thresholds:
        """Only the upper bounds: what a total that may still grow is judged by before the end."""
        return Thresholds(fail_above=self.fail_above, warn_above=self.warn_above)

    def problems(self) -> list[str]:
        """Bounds that contradict each other (a warning band outside its failure bound)."""
        found = []
        bounds = self.given()
        if bounds.get("warn_above", -math.inf) >= bounds.get("fail_above", math.inf):
            found.append("warn_above must be below fail_above")
        if bounds.get("warn_below", math.inf) <= bounds.get("fail_below", -math.inf):
            found.append("warn_below must be above fail_below")
        return found

    def describe(self) -> str:
        return describe_bounds(self.given())


def describe_bounds(bounds: Mapping[str, Any]) -> str:
    """Thresholds as people read them (``fail > 0.25, warn > 0.15``), also from a verdict file."""
    symbols = dict(zip(THRESHOLD_KEYS, ("fail >", "warn >", "warn <", "fail <"), strict=True))
    return ", ".join(
        f"{symbols.get(key, key)} {number(value) if isinstance(value, int | float) else value}"
        for key, value in bounds.items()
    )


@dataclass(frozen=True)
class Judgement:
    status: Status
    bound: str = ""  # the bound crossed, e.g. "fail_above 0.25"


def judge(value: float, limits: Thresholds) -> Judgement:
    if math.isnan(value):
        return Judgement(UNREADABLE, "not a number")
    for key, status in (("fail_above", BREACH), ("fail_below", BREACH)):
        if _crosses(value, key, getattr(limits, key)):
            return Judgement(status, f"{key} {number(getattr(limits, key))}")
    for key in ("warn_above", "warn_below"):
        if _crosses(value, key, getattr(limits, key)):
            return Judgement(WARNING, f"{key} {number(getattr(limits, key))}")
    return Judgement(OK)


def pressure(value: float, limits: Thresholds) -> float:
    """How far past its nearest bound a value is (negative: inside); -inf without bounds.

    Among readings judged alike, the one with the highest pressure is the worst.
    """
    if math.isnan(value):
        return -math.inf
    beyond = [
        value - bound if key.endswith("above") else bound - value
        for key, bound in limits.given().items()
    ]
    return max(beyond, default=-math.inf)


def _crosses(value: float, key: str, bound: float | None) -> bool:
    if bound is None:
        return False
    return value > bound if key.endswith("above") else value < bound


_SUFFIXES = ((1e9, "G"), (1e6, "M"), (1e3, "k"))


def number(value: float | None) -> str:
    """A value as people read it: ``0.0123``, ``5.8M``, ``287``."""
    if value is None:
        return "-"
    if math.isfinite(value) and value == int(value) and abs(value) < 1e4:
        return str(int(value))
    for scale, suffix in _SUFFIXES:
        if abs(value) >= scale:
            return f"{value / scale:.3g}{suffix}"
    return f"{value:.3g}"
