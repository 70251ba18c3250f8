"""The ``prometheus`` probe: a PromQL query against a Prometheus server's HTTP API.

    [[prod.probes]]
    name = "error-ratio"
    kind = "prometheus"
    url = "http://prometheus.internal:9090"
    query = 'sum(rate(http_requests_total{status=~"5.."}[{window}])) / sum(rate(http_requests_total[{window}]))'
    fail_above = 0.05
    settle = 15               # seconds; at least the server's scrape interval

``{window}`` becomes the time since the first reading (``37s``, at least ``1s``), so a
query can judge the run window. The answer must be a scalar or a vector of exactly
one sample; aggregate with ``sum(...)`` when the query would give several series.
Only the documented JSON contract of ``GET /api/v1/query`` is relied upon.

Prometheus sees a request only at its next scrape of the system, so the last reading
waits ``settle`` seconds (default :data:`DEFAULT_SETTLE_S`, Debian's and the usual
``scrape_interval``) after the run ends: the run's last requests are in the answer.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import requests

from greenlight.probes.judge import NotYet, Unreadable
from greenlight.probes.promql import running_total
from greenlight.urls import join

QUERY_TIMEOUT = 10.0
DEFAULT_SETTLE_S = 15.0


def read_answer(body: Any, query: str) -> float:
    """The single number a ``/api/v1/query`` answer holds, or :class:`Unreadable`."""
    if not isinstance(body, dict) or body.get("status") != "success":
        error = body.get("error", "no status") if isinstance(body, dict) else "not a JSON object"
        raise Unreadable(f"query {query!r} failed: {error}")
    data = body.get("data") or {}
    kind, result = data.get("resultType"), data.get("result")
    if kind == "scalar" and isinstance(result, list) and len(result) == 2:
        return _number(result[1], query)
    if kind == "vector" and isinstance(result, list):
        if not result:
            # Early in the run a short window may hold no sample yet.
            raise NotYet(f"query {query!r} returned no data")
        if len(result) > 1:
            raise Unreadable(
                f"query {query!r} returned {len(result)} series; aggregate it, e.g. sum(...)"
            )
        return _number(result[0].get("value", [None, None])[1], query)
    raise Unreadable(f"query {query!r} returned a {kind}, not a scalar or an instant vector")


def _number(text: Any, query: str) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise Unreadable(f"query {query!r} returned {text!r}, not a number") from None
    if math.isnan(value):
        raise NotYet(f"query {query!r} returned NaN (no data in the window?)")
    return value


@dataclass
class PrometheusProbe:
    url: str
    query: str
    session: requests.Session
    started: float | None = None  # the first reading: where the run window begins
    windowed: bool = False
    settle: float = DEFAULT_SETTLE_S  # waited before the last reading: the scrape of the end

    @property
    def grows(self) -> bool:
        return running_total(self.query)

    @property
    def source(self) -> str:
        return f"{self.query} at {self.url}"

    def observe(self, shared: dict[str, Any]) -> float:
        now = time.time()
        if self.started is None:
            self.started = now
        window = f"{max(1, round(now - self.started))}s"
        query = self.query.replace("{window}", window)
        endpoint = join(self.url, "/api/v1/query")
        try:
            answer = self.session.get(
                endpoint, params={"query": query, "time": f"{now:.3f}"}, timeout=QUERY_TIMEOUT
            )
        except requests.RequestException as error:
            raise Unreadable(f"no answer from {endpoint} ({type(error).__name__})") from None
        try:
            body = answer.json()
        except ValueError:
            raise Unreadable(f"{endpoint} answered HTTP {answer.status_code}, not JSON") from None
        return read_answer(body, query)

    def value(self, start: Any, now: Any) -> float:
        return float(now)
