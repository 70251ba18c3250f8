"""The ``json`` probe: a number read from a JSON endpoint with a JMESPath query.

    [[prod.probes]]
    name = "queue-depth"
    kind = "json"
    path = "/api/stats"          # relative to the primary service; or url = "https://..."
    query = "queue.depth"        # JMESPath (https://jmespath.org)
    fail_above = 100

Every reading fetches the endpoint (once per URL and reading, however many probes read
it) and evaluates the query on its answer. The result must be a number; ``true`` and
``false`` read as 1 and 0. Anything else (no such key, a string, a list, null) makes the
reading unreadable, never 0: a value that is not there is no evidence of a healthy one.

    >>> probe = JsonProbe("https://shop.example/api/stats", "queue.depth", requests.Session())
    >>> probe.observe({})
    3.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import jmespath
import requests

from greenlight.probes.judge import Unreadable
from greenlight.probes.metrics import answer_of

FETCH_TIMEOUT = 5.0


def number_in(body: Any, query: str) -> float:
    """The number ``query`` gives on ``body``; :class:`Unreadable` when it gives none."""
    try:
        found = jmespath.search(query, body)
    except jmespath.exceptions.JMESPathError as error:  # a type error at run time
        raise Unreadable(f"query {query!r} failed: {error}") from None
    if isinstance(found, bool):
        return 1.0 if found else 0.0
    if isinstance(found, int | float) and math.isfinite(found):
        return float(found)
    shown = repr(found) if len(repr(found)) <= 60 else repr(found)[:57] + "..."
    raise Unreadable(f"query {query!r} gives no number (got {shown})")


def fetch(url: str, session: requests.Session) -> Any:
    """The JSON answer at ``url``; :class:`Unreadable` when there is none."""
    answer = answer_of(url, session, FETCH_TIMEOUT)
    try:
        return answer.json()
    except ValueError:
        raise Unreadable(f"{url} did not answer JSON") from None


@dataclass
class JsonProbe:
    url: str
    query: str
    session: requests.Session
    windowed: bool = False
    grows: bool = False  # a JSON value is read as it is now, not as a running total

    @property
    def source(self) -> str:
        return f"{self.query} at {self.url}"

    def observe(self, shared: dict[str, Any]) -> float:
        # One fetch per URL and reading round; a failure is shared like an answer.
        key = f"json {self.url}"
        if key not in shared:
            try:
                shared[key] = ("answer", fetch(self.url, self.session))
            except Unreadable as error:
                shared[key] = ("error", error)
        outcome, found = shared[key]
        if outcome == "error":
            raise found
        return number_in(found, self.query)

    def value(self, start: Any, now: Any) -> float:
        return float(now)
