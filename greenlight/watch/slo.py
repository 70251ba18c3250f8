"""Service level objectives and their multi-window burn rates, as in the SRE workbook.

    [[prod.slos]]
    name = "availability"
    objective = 0.999                       # of requests are good
    kind = "metrics"                        # or "prometheus" (with url = the server)
    good = 'increase(http_requests_total{status!~"5.."})'
    total = 'increase(http_requests_total)'
    burn = [{ fast = "5m", slow = "1h", factor = 14.4 }, { fast = "30m", slow = "6h", factor = 6 }]

The burn rate over a window is its share of bad events divided by the error budget
(``1 - objective``): at 1 the budget lasts exactly the objective's period, at 14.4 a
30-day budget's 2% goes in an hour. A rule breaches when the fast *and* the slow window
both burn above its factor: the slow one says the burn is significant, the fast one
that it is still going on. With the ``metrics`` kind both expressions are evaluated
over the watch's own scrapes (a window longer than the watch so far is the watch so
far); with ``prometheus``, ``{window}`` in a query becomes the window (``300s``).

    >>> burn_rate(good=990, total=1000, objective=0.999)
    10.0
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from greenlight.config.environment import Environment
from greenlight.config.interpolation import expand
from greenlight.durations import seconds


@dataclass(frozen=True)
class BurnRule:
    fast: float  # seconds
    slow: float
    factor: float
    written: tuple[str, str]  # the windows as the file says them, e.g. ("5m", "1h")


@dataclass(frozen=True)
class Slo:
    name: str
    objective: float
    kind: str  # metrics or prometheus
    good: str
    total: str
    rules: tuple[BurnRule, ...]
    url: str | None = None

    @property
    def budget(self) -> float:
        return 1.0 - self.objective


class NoEvents(Exception):
    """Nothing was counted in the window: no burn rate to judge."""


def burn_rate(*, good: float, total: float, objective: float) -> float:
    """How many times faster than the objective allows the error budget goes."""
    if total <= 0:
        raise NoEvents(f"total is {total:g}")
    bad = min(max(1.0 - good / total, 0.0), 1.0)
    return round(bad / (1.0 - objective), 6)


def slos_of(env: Environment) -> list[Slo]:
    """The environment's objectives, already checked by the configuration."""
    found = []
    for table in env.settings.get("slos", []):
        rules = tuple(
            BurnRule(
                seconds(rule["fast"]),
                seconds(rule["slow"]),
                float(rule["factor"]),
                (rule["fast"], rule["slow"]),
            )
            for rule in table["burn"]
        )
        url = table.get("url")
        found.append(
            Slo(
                name=table["name"],
                objective=float(table["objective"]),
                kind=table["kind"],
                good=table["good"],
                total=table["total"],
                rules=rules,
                url=expand(url, os.environ) if url else None,
            )
        )
    return found
