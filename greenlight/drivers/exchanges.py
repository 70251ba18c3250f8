"""HTTP exchanges as evidence: what was sent, what came back, secrets masked.

    >>> text = exchange.render(secrets)
    >>> print(text.splitlines()[0])
    POST http://127.0.0.1:8000/api/orders -> 201 in 12 ms
    >>> credentials(login, secrets.is_credential)     # what the system handed out
    ['tok-8b1d2c7e4f']

Every exchange a driver makes is kept in memory for the test; only a failing test's
are rendered and attached to the Allure report. Headers named like
credentials show as ``***``; :func:`credentials` finds their values, and those of
credential fields in the URL and bodies, for the run to mask from then on.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from greenlight.secrets import Secrets

BODY_LIMIT = 4000
_SCHEMES = ("bearer", "basic", "token", "digest")


@dataclass(frozen=True)
class Exchange:
    """One HTTP request and its answer, as evidence; ``status`` None means no answer."""

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
        """One line: ``POST http://.../api/orders -> 201 in 12 ms``."""
        outcome = str(self.status) if self.status is not None else "no answer"
        return f"{self.method} {self.url} -> {outcome} in {self.elapsed_ms:.0f} ms"

    def render(self, secrets: Secrets) -> str:
        """The whole exchange (headers, bodies) as text, with ``secrets`` masked."""
        lines = [self.title, "", "request headers:"]
        lines += _headers(self.request_headers, secrets)
        lines += ["", "request body:", _body(self.request_body), "", "response headers:"]
        lines += _headers(self.response_headers, secrets)
        lines += ["", "response body:", _body(self.response_body)]
        return secrets.mask("\n".join(lines))


def excerpt(body: str, limit: int = 300) -> str:
    """``body`` on one line, cut at ``limit`` characters, for an error message."""
    flat = " ".join(body.split())
    return flat if len(flat) <= limit else flat[:limit] + "..."


def credentials(exchange: Exchange, is_credential: Callable[[str], bool]) -> list[str]:
    """The values of credential headers, query parameters and body fields, in order."""
    found: list[str] = []
    for name, value in [*exchange.request_headers.items(), *exchange.response_headers.items()]:
        if is_credential(name):
            found += _header_values(name, value)
    pairs = parse_qsl(urlsplit(exchange.url).query)
    for body in (exchange.request_body, exchange.response_body):
        pairs += _fields(body)
    return found + [value for name, value in pairs if is_credential(name) and value]


def _header_values(name: str, value: str) -> list[str]:
    """``Bearer x`` -> x (``Basic`` also its decoded password); a cookie -> its values."""
    scheme, _, rest = value.strip().partition(" ")
    if scheme.lower() in _SCHEMES:
        found = [rest.strip()]
        if scheme.lower() == "basic":
            with contextlib.suppress(binascii.Error, UnicodeDecodeError):
                found.append(base64.b64decode(rest, validate=True).decode().partition(":")[2])
        return found
    if "cookie" not in name.lower():
        return [value]
    # Set-Cookie's attributes after the first pair (Path, Expires) are not credentials.
    pairs = value.split(";")[:1] if name.lower() == "set-cookie" else value.split(";")
    return [pair.partition("=")[2].strip() for pair in pairs]


def _fields(body: str) -> list[tuple[str, str]]:
    """A JSON body's string fields at any depth, or a form body's fields."""
    try:
        return list(_json_fields(json.loads(body)))
    except ValueError:
        return parse_qsl(body) if "=" in body else []


def _json_fields(value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str):
                yield str(key), item
            else:
                yield from _json_fields(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_fields(item)


def _headers(headers: Mapping[str, str], secrets: Secrets) -> list[str]:
    return [f"  {name}: {secrets.mask_value(name, value)}" for name, value in headers.items()] or [
        "  (none)"
    ]


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
