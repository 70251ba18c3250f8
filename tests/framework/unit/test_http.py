"""The base HTTP driver against a small local server: timeouts, errors, recorded exchanges."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from greenlight import HttpClient, HttpError, SystemUnreachable
from greenlight.drivers.exchanges import Exchange
from greenlight.drivers.synthetic import SyntheticMarks
from greenlight.secrets import Secrets

SECRET = "planted-secret-7731"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status = 500 if self.path.startswith("/app/broken") else 200
        body = json.dumps(
            {"path": self.path, "echo": SECRET if "echo" in self.path else ""}
        ).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def client(base: str, record: list[Exchange]) -> HttpClient:
    return HttpClient(
        requests.Session(),
        base,
        env_name="staging",
        timeout=2,
        secrets=Secrets({"token": SECRET}),
        record=record.append,
    )


def test_the_base_path_is_kept_and_exchanges_are_recorded(server: str) -> None:
    record: list[Exchange] = []
    answer = client(f"{server}/app/", record).call(
        "GET", "/api/products", headers={"Authorization": f"Bearer {SECRET}"}
    )
    assert answer.json()["path"] == "/app/api/products"
    assert [exchange.status for exchange in record] == [200]
    rendered = record[0].render(Secrets({"token": SECRET}))
    assert rendered.startswith(f"GET {server}/app/api/products -> 200 in ")
    assert "Authorization: ***" in rendered
    assert SECRET not in rendered


def test_an_unexpected_status_names_method_url_status_and_body_without_secrets(server: str) -> None:
    record: list[Exchange] = []
    with pytest.raises(HttpError) as raised:
        client(f"{server}/app", record).call("GET", "/broken/echo", expect=(200, 404))
    message = str(raised.value)
    assert message.startswith(f"GET {server}/app/broken/echo answered 500 (expected 200 or 404): ")
    assert '"echo": "***"' in message
    assert SECRET not in message
    assert raised.value.exchange.status == 500


def test_an_unreachable_system_fails_fast_naming_environment_and_url() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(SystemUnreachable) as raised:
        client(f"http://127.0.0.1:{port}", []).call("GET", "/health")
    assert str(raised.value) == (
        f"staging: system unreachable at http://127.0.0.1:{port} (GET /health): connection refused; "
        "is it running, and is the environment's URL right?"
    )


def test_marks_go_on_every_request_one_trace_a_new_span_each(server: str) -> None:
    record: list[Exchange] = []
    marks = SyntheticMarks(header="X-Smoke", value="yes")
    http = HttpClient(
        requests.Session(), server, env_name="prod", record=record.append, marks=marks
    )
    http.call("GET", "/a")
    http.call("GET", "/b", headers={"X-Smoke": "overridden by the caller"})
    first, second = (exchange.request_headers for exchange in record)
    assert first["X-Smoke"] == "yes" and second["X-Smoke"] == "overridden by the caller"
    spans = []
    for sent in (first, second):
        version, trace, span, flags = sent["traceparent"].split("-")
        assert (version, trace, flags) == ("00", marks.trace_id, "01")
        assert len(trace) == 32 and len(span) == 16 and int(trace + span, 16) > 0
        spans.append(span)
        assert sent["baggage"] == f"greenlight.synthetic=yes,greenlight.trace={marks.trace_id}"
    assert spans[0] != spans[1]


def test_without_marks_a_client_sends_no_synthetic_header(server: str) -> None:
    record: list[Exchange] = []
    client(server, record).call("GET", "/a")
    assert not {"X-Greenlight-Synthetic", "traceparent", "baggage"} & set(record[0].request_headers)
