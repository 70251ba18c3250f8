"""HTTP exchanges as evidence: what was sent, what came back, secrets masked.

    >>> text = exchange.render(secrets)
    >>> print(text.splitlines()[0])
    POST http://127.0.0.1:8000/api/orders -> 201 in 12 ms

Every exchange a driver makes is kept for the test (the last one is shown on
failure) and attached to the Allure report as it happens.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

from greenlight.secrets import MASK, Secrets

BODY_LIMIT = 4000
_SECRET_HEADERS = {"authorization", "cookie", "set-cookie", "proxy-authorization", "x-api-key"}


@dataclass(frozen=True)
class Exchange:
    method: str
    url: str
    status: int | None
    elapsed_ms: float
    request_headers: Mapping[str, str]
    request_body: str
    response_headers: Mapping[str, str]
    response_body: str

    @property
    def title(self) -> str:
        outcome = str(self.status) if self.status is not None else "no answer"
        return f"{self.method} {self.url} -> {outcome} in {self.elapsed_ms:.0f} ms"

    def render(self, secrets: Secrets) -> str:
        lines = [self.title, "", "request headers:"]
        lines += _headers(self.request_headers)
        lines += ["", "request body:", _body(self.request_body), "", "response headers:"]
        lines += _headers(self.response_headers)
        lines += ["", "response body:", _body(self.response_body)]
        return secrets.mask("\n".join(lines))


def excerpt(body: str, limit: int = 300) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= limit else flat[:limit] + "..."


def _headers(headers: Mapping[str, str]) -> list[str]:
    return [
        f"  {name}: {MASK if name.lower() in _SECRET_HEADERS else value}"
        for name, value in headers.items()
    ] or ["  (none)"]


def _body(body: str) -> str:
    if not body:
        return "  (empty)"
    with contextlib.suppress(ValueError):
        body = json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    return (
        body
        if len(body) <= BODY_LIMIT
        else body[:BODY_LIMIT] + f"\n... ({len(body) - BODY_LIMIT} more characters)"
    )
