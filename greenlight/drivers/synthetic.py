"""The marks of greenlight's own traffic: a synthetic-traffic header, W3C traceparent and baggage.

    >>> marks = SyntheticMarks()                      # X-Greenlight-Synthetic: 1
    >>> sorted(marks.headers())
    ['X-Greenlight-Synthetic', 'baggage', 'traceparent']
    >>> marks.headers()["traceparent"]                 # one trace, a new span per request
    '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'

Every request of a smoke run carries them (the API driver through
:class:`~greenlight.drivers.http.HttpClient`, the UI through the browser context's extra
headers), so the system can count its own business metrics without greenlight's orders
and a team can find the run in its traces: ``traceparent`` holds one trace id per
:class:`SyntheticMarks` (a test's client, a run's browser), ``baggage`` says
``greenlight.synthetic`` and that trace id. The header and its value are the
environment's ``synthetic = { header = "...", value = "..." }``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from urllib.parse import quote

DEFAULT_HEADER = "X-Greenlight-Synthetic"
DEFAULT_VALUE = "1"


@dataclass(frozen=True)
class SyntheticMarks:
    """The headers that mark a request as greenlight's; one trace id for all of them."""

    header: str = DEFAULT_HEADER
    value: str = DEFAULT_VALUE
    trace_id: str = field(default_factory=lambda: secrets.token_hex(16))

    def headers(self) -> dict[str, str]:
        """The marks for one request: its own span id in ``traceparent`` (W3C Trace Context)."""
        span = secrets.token_hex(8)
        baggage = f"greenlight.synthetic={quote(self.value)},greenlight.trace={self.trace_id}"
        return {
            self.header: self.value,
            "traceparent": f"00-{self.trace_id}-{span}-01",
            "baggage": baggage,
        }
