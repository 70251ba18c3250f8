"""Each probe kind read for real: the reference shop, its log; a fake Prometheus API only for
answers a real server does not give on demand (the real one: tests/framework/e2e)."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from greenlight.config.environment import Environment
from greenlight.probes.probe import build
from greenlight.probes.schedule import ProbeRun, Watched
from greenlight.probes.spec import probe_specs
from tests.framework.probes.conftest import StartShop


def watch(
    url: str, tmp_path: Path, *probes: dict[str, Any], interval: float | None = None
) -> ProbeRun:
    env = Environment(
        name="prod",
        source=Path("environments.toml"),
        services={"shop": url},
        settings={"probes": list(probes)},
    )
    http = requests.Session()
    specs = probe_specs(env, {})
    return ProbeRun(
        [Watched(spec, build(spec, env, workdir=tmp_path, session=http)) for spec in specs],
        interval=interval,
    )


def shop_traffic(url: str, count: int) -> None:
    for _ in range(count):
        requests.get(f"{url}/api/products", timeout=10).raise_for_status()


def test_health_checks_status_and_version(start_logging_shop: StartShop, tmp_path: Path) -> None:
    shop = start_logging_shop()
    run = watch(
        shop.url,
        tmp_path,
        {"name": "up", "kind": "health", "version": "1.0.0"},
        {"name": "new", "kind": "health", "version": "2.0.0"},
        {"name": "gone", "kind": "health", "url": "/nowhere"},
    )
    run.start()
    up, new, gone = run.finish()
    assert (up.status, up.value) == ("ok", 1.0)
    assert new.status == "breach"
    assert new.detail == f"{shop.url}/health reports version 1.0.0, expected 2.0.0"
    assert gone.detail == f"{shop.url}/nowhere answered HTTP 404, expected 200"


def test_metrics_read_the_shop_over_the_run_window(
    start_logging_shop: StartShop, tmp_path: Path
) -> None:
    shop = start_logging_shop()
    run = watch(
        shop.url,
        tmp_path,
        {
            "name": "products",
            "kind": "metrics",
            "expression": 'increase(http_requests_total{route="/api/products"})',
            "fail_below": 1,
        },
        {
            "name": "error-ratio",
            "kind": "metrics",
            "expression": 'increase(http_requests_total{status=~"5.."}) / increase(http_requests_total)',
            "fail_above": 0.05,
        },
        {
            "name": "queue",
            "kind": "metrics",
            "expression": "fulfilment_queue_depth",
            "fail_above": 5,
        },
        {
            "name": "orders",
            "kind": "metrics",
            "expression": "increase(orders_placed_total)",
            "fail_below": 1,
        },
    )
    run.start()
    shop_traffic(shop.url, 5)
    products, error_ratio, queue, orders = run.finish()
    assert (products.status, products.value) == ("ok", 5)
    assert (error_ratio.status, error_ratio.value) == ("ok", 0)
    assert (queue.status, queue.value) == ("ok", 0)
    # The business probe: browsing places no order, so the window saw none.
    assert (orders.status, orders.value, orders.detail) == ("breach", 0, "fail_below 1")


def test_log_counts_only_lines_written_during_the_run(
    start_logging_shop: StartShop, tmp_path: Path
) -> None:
    shop = start_logging_shop("log-errors")
    shop_traffic(shop.url, 3)  # before the run: not counted
    run = watch(
        shop.url,
        tmp_path,
        {
            "name": "errors",
            "kind": "log",
            "path": str(shop.log),
            "pattern": " ERROR ",
            "warn_above": 0,
            "fail_above": 10,
        },
    )
    run.start()
    shop_traffic(shop.url, 2)
    (errors,) = run.finish()
    assert (errors.status, errors.value, errors.detail) == ("warning", 2, "warn_above 0")


def test_a_log_in_the_run_folder_via_workdir(tmp_path: Path) -> None:
    log = tmp_path / "system.log"
    log.write_text("old ERROR line\n")
    run = watch(
        "http://127.0.0.1:9",
        tmp_path,
        {
            "name": "errors",
            "kind": "log",
            "path": "{workdir}/system.log",
            "pattern": "ERROR",
            "fail_above": 0,
        },
    )
    run.start()
    with log.open("a") as sink:
        sink.write("INFO fine\nERROR one\nERROR half a li")  # the last line is not finished
    (errors,) = run.finish()
    assert (errors.status, errors.value) == ("breach", 1)


class FakePrometheus(BaseHTTPRequestHandler):
    """A fake of Prometheus's ``GET /api/v1/query`` JSON contract, nothing more.

    ``answers`` maps a query to the ``data`` of a successful answer; ``proxy`` gets an
    HTML error page, as a proxy in front of Prometheus gives; any other query gets
    Prometheus's error shape. Every query received is kept in ``queries``. Only what a
    real server does not answer on demand is tested here; the rest against a real one
    (tests/framework/e2e/test_real_prometheus.py).
    """

    answers: ClassVar[dict[str, Any]] = {}
    queries: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        url = urlparse(self.path)
        query = parse_qs(url.query).get("query", [""])[0]
        self.queries.append(query)
        if query == "proxy":
            self.send_response(502)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body>502 Bad Gateway</body></html>")
            return
        if url.path != "/api/v1/query":
            body, status = {"status": "error", "error": "not found"}, 404
        elif query.split("[")[0] in self.answers:
            body, status = {"status": "success", "data": self.answers[query.split("[")[0]]}, 200
        else:
            body = {"status": "error", "errorType": "bad_data", "error": f"parse error in {query}"}
            status = 400
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def prometheus() -> Iterator[str]:
    FakePrometheus.answers = {
        "ratio": {"resultType": "scalar", "result": [1.0, "0.002"]},
        "garbled": {"resultType": "vector", "result": [{"metric": {}, "value": [1, "n/a"]}]},
    }
    FakePrometheus.queries = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakePrometheus)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_prometheus_answers_a_real_server_does_not_give_on_demand(
    prometheus: str, tmp_path: Path
) -> None:
    def probe(name: str, query: str, **limits: float) -> dict[str, Any]:
        # A fake answers at once: nothing to wait for before the last reading.
        return {
            "name": name,
            "kind": "prometheus",
            "url": prometheus,
            "query": query,
            "settle": 0,
        } | (limits)

    run = watch(
        "http://127.0.0.1:9",
        tmp_path,
        probe("ratio", "ratio[{window}]", fail_above=0.05),
        probe("proxy", "proxy", fail_above=1),
        probe("garbled", "garbled", fail_above=1),
    )
    run.start()
    ratio, proxy, garbled = run.finish()
    assert (ratio.status, ratio.value) == ("ok", 0.002)
    assert "ratio[1s]" in FakePrometheus.queries  # {window}: the time since the first reading
    assert proxy.detail == f"{prometheus}/api/v1/query answered HTTP 502, not JSON"
    assert garbled.detail == "query 'garbled' returned 'n/a', not a number"


def test_a_prometheus_probe_settles_15_seconds_by_default_or_as_configured(
    tmp_path: Path,
) -> None:
    def run(**settle: float) -> ProbeRun:
        query = {"name": "q", "kind": "prometheus", "url": "http://127.0.0.1:9", "query": "up"}
        return watch("http://127.0.0.1:9", tmp_path, query | {"fail_above": 1} | settle)

    assert run().settle == 15.0
    assert run(settle=4).settle == 4.0
    assert watch("http://127.0.0.1:9", tmp_path, {"name": "up", "kind": "health"}).settle == 0


def test_readings_are_taken_during_the_run_at_the_interval(
    start_logging_shop: StartShop, tmp_path: Path
) -> None:
    shop = start_logging_shop()
    run = watch(shop.url, tmp_path, {"name": "up", "kind": "health"}, interval=0.05)
    run.start()
    reading = threading.Event()
    while len(run.watched[0].readings) < 3:
        reading.wait(0.05)
    (up,) = run.finish()
    assert len(up.readings) >= 4  # before, at least two during, after
    assert all(r.value == 1.0 for r in up.readings)


def test_a_log_endpoint_that_was_rotated_is_read_from_its_start(tmp_path: Path) -> None:
    served = tmp_path / "served"
    served.mkdir()
    log = served / "current.log"
    log.write_text("ERROR before the run\n" * 5)
    handler = functools.partial(QuietFiles, directory=str(served))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/current.log"
        run = watch(
            url,
            tmp_path,
            {"name": "errors", "kind": "log", "url": url, "pattern": "ERROR", "fail_above": 1},
        )
        run.start()
        log.write_text(log.read_text() + "ERROR one\n")
        run.read()
        log.write_text("ERROR after rotation\n")  # shorter than before: a new log
        (errors,) = run.finish()
    finally:
        server.shutdown()
        server.server_close()
    assert [r.value for r in errors.readings] == [0, 1, 2]
    assert (errors.status, errors.detail) == ("breach", "fail_above 1")


class QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass
