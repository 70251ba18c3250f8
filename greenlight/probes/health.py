"""The ``health`` probe: the health endpoint answers with the expected status and version.

    [[prod.probes]]
    name = "health"
    kind = "health"
    version = "${SHOP_VERSION:-1.0.0}"   # compared with the JSON answer's "version"

A reading is 1 when healthy and 0 when not (wrong HTTP status, wrong version, or no
answer at all: a system that does not answer is not healthy, so that is a breach,
not an unreadable probe). The reason names what was wrong at the last reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

HEALTH_TIMEOUT = 5.0


@dataclass
class HealthProbe:
    url: str
    session: requests.Session
    status: int = 200
    version: str | None = None
    problem: str = ""  # what was wrong at the last reading
    windowed: bool = False
    grows: bool = False

    @property
    def source(self) -> str:
        expected = f"HTTP {self.status}" + (f", version {self.version}" if self.version else "")
        return f"{self.url} answers {expected}"

    def observe(self, shared: dict[str, Any]) -> float:
        self.problem = self._check()
        return 0.0 if self.problem else 1.0

    def _check(self) -> str:
        try:
            answer = self.session.get(self.url, timeout=HEALTH_TIMEOUT)
        except requests.RequestException as error:
            return f"no answer from {self.url} ({type(error).__name__})"
        if answer.status_code != self.status:
            return f"{self.url} answered HTTP {answer.status_code}, expected {self.status}"
        if self.version is None:
            return ""
        try:
            version = answer.json().get("version")
        except (ValueError, AttributeError):
            return f"{self.url} did not answer a JSON object with a version"
        if version != self.version:
            return f"{self.url} reports version {version}, expected {self.version}"
        return ""

    def value(self, start: Any, now: Any) -> float:
        return float(now)
