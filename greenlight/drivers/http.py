"""The base HTTP driver: a session, a base URL, a timeout on every call, errors that explain.

    >>> client = HttpClient(session, "http://127.0.0.1:8000", env_name="local", timeout=5)
    >>> client.call("POST", "/api/login", json={"username": "a", "password": "b"}, expect=(200, 401))
    <Response [401]>

``expect`` lists the statuses the caller handles; any other is an :class:`HttpError`
(an AssertionError: the system did something its contract does not allow) whose
message names method, URL, status and a body excerpt. No answer at all is a
:class:`~greenlight.errors.SystemUnreachable` naming the environment and URL, raised
at once rather than after retries. Each exchange goes to the ``record`` callback,
and the credentials in it (a login's token, a password sent) become the run's secrets.
With ``marks`` every request carries them (:mod:`greenlight.drivers.synthetic`): the
synthetic-traffic header, ``traceparent`` and ``baggage``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping
from typing import Any

import requests

from greenlight.drivers.exchanges import Exchange, credentials, excerpt
from greenlight.drivers.synthetic import SyntheticMarks
from greenlight.errors import SystemUnreachable
from greenlight.secrets import Secrets
from greenlight.urls import join


class HttpError(AssertionError):
    """The system answered a status the caller does not handle; ``exchange`` is what was said.

    Raised by :meth:`HttpClient.call` and :meth:`~greenlight.drivers.page.PageDriver.visit`.
    The message names method, URL, status and a body excerpt, secrets masked.
    """

    def __init__(self, message: str, exchange: Exchange) -> None:
        super().__init__(message)
        self.exchange = exchange


class HttpClient:
    """The base HTTP driver: ``session`` on ``base_url``, ``timeout`` seconds per call.

    ``env_name`` names the environment in a SystemUnreachable; ``secrets`` masks error
    messages and learns the credentials the system hands out; ``record`` receives every
    exchange (the ``http_client`` fixture attaches each to the report); ``marks``
    mark every request as greenlight's own traffic.

        >>> client = HttpClient(requests.Session(), "http://127.0.0.1:8000", env_name="local")
        >>> client.call("GET", "/api/products").json()[0]["sku"]
        'apple'
    """

    def __init__(
        self,
        session: requests.Session,
        base_url: str,
        *,
        env_name: str,
        timeout: float = 10.0,
        secrets: Secrets | None = None,
        record: Callable[[Exchange], None] | None = None,
        marks: SyntheticMarks | None = None,
    ) -> None:
        self.session = session
        self.base_url = base_url
        self.env_name = env_name
        self.timeout = timeout
        self.secrets = secrets or Secrets()
        self.record = record
        self.marks = marks

    def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        expect: Collection[int] = (200,),
    ) -> requests.Response:
        """Send ``method`` to ``path``; any status not in ``expect`` is an :class:`HttpError`."""
        url = join(self.base_url, path)
        if self.marks is not None:
            headers = {**self.marks.headers(), **(headers or {})}
        started = time.perf_counter()
        try:
            response = self.session.request(
                method, url, json=json, params=params, headers=headers, timeout=self.timeout
            )
        except requests.ConnectionError as error:
            raise SystemUnreachable(
                self.secrets.mask(
                    f"{self.env_name}: system unreachable at {self.base_url} ({method} {path}): "
                    f"{_reason(error)}; is it running, and is the environment's URL right?"
                )
            ) from None
        except requests.Timeout:
            raise SystemUnreachable(
                self.secrets.mask(
                    f"{self.env_name}: no answer from {self.base_url} ({method} {path}) "
                    f"within {self.timeout:g}s"
                )
            ) from None
        exchange = _exchange(response, (time.perf_counter() - started) * 1000)
        # A token the system hands out (a login's answer) is masked from now on, also in
        # this call's error message and in the traceback of a later failure.
        self.secrets.learn(credentials(exchange, self.secrets.is_credential))
        if self.record is not None:
            self.record(exchange)
        if response.status_code not in expect:
            wanted = " or ".join(str(status) for status in expect)
            message = (
                f"{method} {response.request.url} answered {response.status_code} (expected {wanted}): "
                f"{excerpt(response.text)}"
            )
            raise HttpError(self.secrets.mask(message), exchange)
        return response


def _exchange(response: requests.Response, elapsed_ms: float) -> Exchange:
    request = response.request
    body = request.body or b""
    return Exchange(
        method=request.method or "",
        url=request.url or "",
        status=response.status_code,
        elapsed_ms=elapsed_ms,
        request_headers=dict(request.headers),
        request_body=body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body),
        response_headers=dict(response.headers),
        response_body=response.text,
    )


def _reason(error: requests.ConnectionError) -> str:
    text = str(error)
    for known in ("Connection refused", "Name or service not known", "No route to host"):
        if known in text:
            return known.lower()
    return type(error).__name__
