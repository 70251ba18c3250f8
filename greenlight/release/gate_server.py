"""The HTTP side of ``greenlight serve``: token, framing, routes, one log line per request.

    >>> server = GateServer(("127.0.0.1", 8080), service, token=b"3f9c...")
    >>> server.serve_forever()
    # POST /gate            Authorization: Bearer 3f9c...  -> 200 go / 503 no-go (Flagger)
    # POST /decision        Authorization: Bearer 3f9c...  -> 200 {"decision": ...} (Argo)
    # GET  /decision?target=canary                         -> the last decision, runs nothing
    # GET  /health                                         -> 200, no token needed

Only POST runs the smoke suite; GET on ``/gate`` is 405. Every route but ``/health``
needs ``Authorization: Bearer <token>``, compared in constant time; the token is never
logged or answered. A body needs a Content-Length of at most ``MAX_BODY`` bytes and must
arrive within ``READ_TIMEOUT_S``; each connection's socket times out after as long, so
no caller holds a thread by sending slowly (the smoke run has the gate's own timeout).
"""

from __future__ import annotations

import hmac
import json
import re
import sys
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from greenlight.release.gate_service import NO_GO, Answer, Ask, GateService, Refusal, log

MAX_BODY = 64 * 1024
READ_TIMEOUT_S = 15.0
BACKLOG = 128  # connections the kernel queues while every thread is busy accepting
_LENGTH = re.compile(r"[0-9]{1,12}")
_UNPRINTABLE = re.compile(r"[^\x21-\x7e]")
_UNPRINTABLE_NOTE = re.compile(r"[^\x20-\x7e]")  # a note may have spaces, in parentheses
_RUNS = ("/gate", "/decision")
_ASKED = ("env", "target")


class GateServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = BACKLOG

    def __init__(
        self, address: tuple[str, int], service: GateService, *, token: bytes | None
    ) -> None:
        super().__init__(address, _Handler)
        self.service = service
        self.token = token  # None: --insecure-no-token on loopback

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A caller that hung up mid-answer is not worth a traceback on the gate's log.
        error = sys.exc_info()[1]
        log(f"connection from {client_address[0]} failed: {type(error).__name__}")


class _Handler(BaseHTTPRequestHandler):
    server: GateServer
    timeout = READ_TIMEOUT_S  # on the socket: reading the request line, headers and body

    def version_string(self) -> str:
        return "greenlight-gate"  # the Python version is nobody's business

    def handle_one_request(self) -> None:
        self._began = time.monotonic()
        self._status: int | None = None
        self._note = ""
        self._asked = "env=- target=-"
        super().handle_one_request()
        if self._status is not None or self._note:
            self._log_line()

    def do_GET(self) -> None:
        self._respond(self._get)

    def do_POST(self) -> None:
        self._respond(self._post)

    def _get(self, path: str, query: dict[str, str]) -> Answer:
        if path == "/health":
            return Answer(200, {"status": "ok"})
        if path == "/gate":
            reason = "only POST runs the smoke suite; GET /decision reads the last decision"
            raise Refusal(405, reason, (("Allow", "POST"),))
        if path != "/decision":
            raise _unknown()
        self._authorize()
        return self.server.service.last(self._ask(query))

    def _post(self, path: str, query: dict[str, str]) -> Answer:
        if path == "/health":
            raise Refusal(405, "GET /health", (("Allow", "GET"),))
        if path not in _RUNS:
            raise _unknown()
        raw = self._body()  # read before answering, even a 401: unread bytes reset the socket
        self._authorize()
        answer = self.server.service.decide(self._ask({**query, **self._webhook(raw)}))
        # Argo Rollouts counts a non-2xx as a measurement error: /decision carries no-go in
        # the body with a 200; Flagger's /gate needs the status.
        if path == "/decision" and answer.status == NO_GO:
            return Answer(200, answer.body, answer.headers)
        return answer

    def _respond(self, route: Callable[[str, dict[str, str]], Answer]) -> None:
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items() if k in _ASKED}
        try:
            answer = route(url.path, query)
        except Refusal as refusal:
            answer = refusal.answer
        self._send(answer)

    def _ask(self, asked: dict[str, str]) -> Ask:
        self._asked = " ".join(f"{key}={_printable(asked.get(key, '-'))}" for key in _ASKED)
        ask = self.server.service.ask(asked)
        self._asked = f"env={_printable(ask.env)} target={_printable(ask.target or '-')}"
        return ask

    def _authorize(self) -> None:
        token = self.server.token
        if token is None:
            return
        scheme, _, given = self.headers.get("Authorization", "").strip().partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            raise Refusal(
                401,
                "this gate needs its token: send 'Authorization: Bearer <token>'",
                (("WWW-Authenticate", 'Bearer realm="greenlight"'),),
            )
        # Header values arrive decoded as latin-1: encoding back gives the bytes sent.
        if not hmac.compare_digest(given.strip().encode("latin-1", "replace"), token):
            raise Refusal(
                401,
                "the bearer token is not this gate's token",
                (("WWW-Authenticate", 'Bearer realm="greenlight", error="invalid_token"'),),
            )

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding"):
            raise Refusal(400, "send the body with a Content-Length; chunked bodies are not read")
        lengths = {value.strip() for value in self.headers.get_all("Content-Length") or ()}
        if not lengths:
            return b""  # HTTP: no Content-Length and no Transfer-Encoding is no body
        if len(lengths) > 1:
            raise Refusal(400, "the request has two different Content-Length headers")
        value = lengths.pop()
        if not _LENGTH.fullmatch(value):
            raise Refusal(400, f"Content-Length must be a number of bytes, not {value[:20]!r}")
        length = int(value)
        if length > MAX_BODY:
            raise Refusal(400, f"the body is over {MAX_BODY} bytes (Content-Length {length})")
        return self._read(length)

    def _read(self, length: int) -> bytes:
        """The body, all of it within READ_TIMEOUT_S, however slowly it trickles in."""
        deadline = time.monotonic() + READ_TIMEOUT_S
        data = b""
        while len(data) < length:
            remaining = deadline - time.monotonic()
            try:
                if remaining <= 0:
                    raise TimeoutError
                self.connection.settimeout(remaining)
                chunk = self.rfile.read1(length - len(data))
            except TimeoutError:
                reason = f"the body did not arrive within {READ_TIMEOUT_S:g}s"
                raise Refusal(408, reason) from None
            if not chunk:
                raise Refusal(400, f"the body ended after {len(data)} of {length} bytes")
            data += chunk
        self.connection.settimeout(self.timeout)
        return data

    def _webhook(self, raw: bytes) -> dict[str, str]:
        """env and target from a Flagger body's metadata; other fields are only logged."""
        if not raw.strip():
            return {}
        try:
            body = json.loads(raw)
        except ValueError:
            raise Refusal(400, "the body is not JSON like Flagger's webhook payload") from None
        if not isinstance(body, dict):
            raise Refusal(400, "the body must be a JSON object like Flagger's webhook payload")
        metadata = body.get("metadata") or {}
        if not isinstance(metadata, dict):
            raise Refusal(400, "metadata must be an object of strings")
        self._note = "webhook {}/{} phase {}".format(
            *(_printable(str(body.get(key, "-"))) for key in ("namespace", "name", "phase"))
        )
        return {key: str(metadata[key]) for key in ("env", "target") if metadata.get(key)}

    def _send(self, answer: Answer) -> None:
        data = json.dumps(answer.body).encode()
        self.send_response(answer.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in answer.headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code  # also for the errors BaseHTTPRequestHandler answers itself
        super().send_response(code, message)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # handle_one_request logs one line per request, with more than this

    def log_message(self, format: str, *args: Any) -> None:  # the base class names it format
        self._note = _UNPRINTABLE_NOTE.sub("?", (format % args)[:120])

    def _log_line(self) -> None:
        method = _printable(getattr(self, "command", None) or "-")
        path = _printable(urlsplit(getattr(self, "path", "") or "-").path)  # no query
        status = self._status or "-"
        took = time.monotonic() - self._began
        note = f" ({self._note})" if self._note else ""
        client = self.client_address[0]
        log(f"{method} {path} {status} {self._asked} from {client} in {took:.2f}s{note}")


def _unknown() -> Refusal:
    return Refusal(404, "unknown path; use POST /gate, POST /decision or GET /decision")


def _printable(text: str, limit: int = 64) -> str:
    """Caller-sent text, safe in one log line: no spaces, controls or escape sequences."""
    return _UNPRINTABLE.sub("?", text[:limit]) or "-"
