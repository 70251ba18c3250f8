"""PageDriver.visit in a real headless Chromium: a refused page fails with what it said.

A small local HTTP server answers ``/missing`` with 404 and a body, ``/ok`` with 200;
pytest-playwright's ``page`` runs greenlight's Chromium (see tests/framework/conftest.py).
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from greenlight import HttpError, PageDriver
from greenlight.secrets import Secrets

MISSING = b"<html><head><title>x</title></head><body><p>no product 'pear' here</p></body></html>"
OK = b"<html><body><p>welcome</p></body></html>"


class _Pages(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status, body = (200, OK) if self.path == "/ok" else (404, MISSING)
        self.send_response(status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_404_page_fails_with_method_url_status_and_what_it_said(page: Page, site: str) -> None:
    driver = PageDriver(page, site, env_name="local", timeout=10)
    with pytest.raises(HttpError) as raised:
        driver.visit("/missing")
    message = str(raised.value)
    assert message.startswith(f"GET {site}/missing answered 404 in the browser")
    assert "no product 'pear' here" in message
    assert raised.value.exchange.status == 404
    assert "no product 'pear' here" in raised.value.exchange.response_body


def test_a_200_page_passes(page: Page, site: str) -> None:
    response = PageDriver(page, site, env_name="local").visit("/ok")
    assert response is not None and response.status == 200
    assert page.inner_text("body") == "welcome"


def test_an_allowed_error_status_is_returned_for_the_driver_to_read(page: Page, site: str) -> None:
    response = PageDriver(page, site, env_name="local").visit("/missing", allow_error=(404,))
    assert response is not None and response.status == 404
    assert "no product" in page.inner_text("body")


def test_the_message_masks_secrets(page: Page, site: str) -> None:
    driver = PageDriver(page, site, env_name="local", secrets=Secrets({"sku": "pear-secret"}))
    page.route("**/masked", lambda route: route.fulfill(status=500, body="leaked pear-secret"))
    with pytest.raises(HttpError) as raised:
        driver.visit("/masked")
    assert "pear-secret" not in str(raised.value)
    assert "answered 500" in str(raised.value)
