"""Probes judge every reading of the run window, not only the last one.

A scripted server answers each request with the next page of a script: Prometheus
text exposition on /metrics, a health answer on /health. The probes read it over HTTP
the way they read production, one page per reading.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import requests

from greenlight.config.environment import Environment
from greenlight.errors import ConfigError
from greenlight.probes.probe import build
from greenlight.probes.schedule import ProbeResult, ProbeRun, Watched
from greenlight.probes.session import reason_for, section_for
from greenlight.probes.spec import probe_specs

Page = tuple[int, str]


class Scripted(BaseHTTPRequestHandler):
    """Answers each GET of a path with the next page of its script; the last page repeats."""

    script: ClassVar[dict[str, list[Page]]] = {}

    def do_GET(self) -> None:
        pages = self.script.get(self.path, [(404, "not scripted")])
        status, body = pages.pop(0) if len(pages) > 1 else pages[0]
        payload = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def scripted() -> Iterator[str]:
    Scripted.script = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def requests_page(ok: float, errors: float | None = None, queue: float = 0) -> Page:
    """A /metrics page of the shop: request counters by status and the fulfilment queue."""
    lines = [
        "# HELP http_requests_total HTTP requests answered.",
        "# TYPE http_requests_total counter",
        f'http_requests_total{{method="GET",route="/api/products",status="200"}} {ok}',
    ]
    if errors is not None:  # a labelled series exists only once it was counted
        lines.append(
            f'http_requests_total{{method="POST",route="/api/orders",status="500"}} {errors}'
        )
    lines += [
        "# HELP fulfilment_queue_depth Orders placed but not yet dispatched.",
        "# TYPE fulfilment_queue_depth gauge",
        f"fulfilment_queue_depth {queue}",
    ]
    return 200, "\n".join(lines) + "\n"


def orders_page(placed: float) -> Page:
    return (
        200,
        f"# HELP orders_placed_total Orders.\n# TYPE orders_placed_total counter\norders_placed_total {placed}\n",
    )


def read_all(url: str, tmp_path: Path, readings: int, *probes: dict[str, Any]) -> list[ProbeResult]:
    """The probes read ``readings`` times: before the run, during it, and after it."""
    env = Environment(
        name="prod",
        source=Path("environments.toml"),
        services={"shop": url},
        settings={"probes": list(probes)},
    )
    http = requests.Session()
    run = ProbeRun(
        [
            Watched(spec, build(spec, env, workdir=tmp_path, session=http))
            for spec in probe_specs(env, {})
        ]
    )
    run.start()
    for _ in range(readings - 2):
        run.read()
    return run.finish()


def metrics(name: str, expression: str, **limits: float) -> dict[str, Any]:
    return {"name": name, "kind": "metrics", "expression": expression, **limits}


RATIO = 'increase(http_requests_total{status=~"5.."}) / increase(http_requests_total)'
ERROR_RATIO = metrics("error-ratio", RATIO, warn_above=0.01, fail_above=0.05)
ORDERS = "increase(orders_placed_total)"
QUEUE = "fulfilment_queue_depth"


def test_an_error_burst_before_a_restart_breaches(scripted: str, tmp_path: Path) -> None:
    # 9 errors of 10 requests, then a restart resets the counters: today's last
    # reading would see 5 fresh requests and no error, a ratio of 0.
    Scripted.script["/metrics"] = [requests_page(10), requests_page(11, 9), requests_page(5)]
    (ratio,) = read_all(scripted, tmp_path, 3, ERROR_RATIO)
    values = [reading.value for reading in ratio.readings]
    assert values[0] is None  # the reading before the run opens the window
    assert values[1] == pytest.approx(0.9)
    # The restart's counts are added to what was counted before it: 9 errors of 15.
    assert values[2] == pytest.approx(9 / 15)
    assert (ratio.status, ratio.value, ratio.detail) == (
        "breach",
        pytest.approx(0.9),
        "fail_above 0.05",
    )
    assert ratio.seen == ratio.readings[1].time
    reason = reason_for(ratio)
    assert reason is not None and reason.blocking
    assert "0.9 is above fail_above 0.05 at " in reason.text
    section = section_for(ratio, None)
    assert section["value"] == pytest.approx(0.9)
    assert section["seen"] == pytest.approx(
        ratio.readings[1].time - ratio.readings[0].time, abs=1e-3
    )
    assert section["last"] == pytest.approx(9 / 15)


def test_a_counter_reset_mid_window_is_accumulated(scripted: str, tmp_path: Path) -> None:
    Scripted.script["/metrics"] = [orders_page(10), orders_page(14), orders_page(3), orders_page(5)]
    (orders,) = read_all(
        scripted,
        tmp_path,
        4,
        metrics("orders", ORDERS, fail_above=100),
    )
    # 4 before the restart, 3 since it started from zero, 2 more: not 5 - 10.
    assert [reading.value for reading in orders.readings] == [None, 4, 7, 9]


def test_a_business_total_is_judged_against_its_floor_at_the_end(
    scripted: str, tmp_path: Path
) -> None:
    # No order yet at the first reading during the run is no breach: the total may still grow.
    Scripted.script["/metrics"] = [orders_page(10), orders_page(10), orders_page(12)]
    (orders,) = read_all(
        scripted,
        tmp_path,
        3,
        metrics("orders", ORDERS, fail_below=1),
    )
    assert (orders.status, orders.value) == ("ok", 2)


def test_a_window_ratio_is_judged_against_its_floor_at_the_end(
    scripted: str, tmp_path: Path
) -> None:
    # Products browsed per order: early in the run nothing is ordered yet, a ratio of 0
    # over the first requests; over the whole window the floor holds.
    Scripted.script["/metrics"] = [
        (200, requests_page(10)[1] + orders_page(0)[1]),
        (200, requests_page(14)[1] + orders_page(0)[1]),
        (200, requests_page(20)[1] + orders_page(2)[1]),
    ]
    ratio = "increase(orders_placed_total) / increase(http_requests_total)"
    (conversion,) = read_all(
        scripted, tmp_path, 3, metrics("conversion", ratio, warn_below=0.1, fail_above=0.9)
    )
    assert [reading.value for reading in conversion.readings] == [None, 0, 0.2]
    assert (conversion.status, conversion.value) == ("ok", 0.2)


@pytest.mark.parametrize(
    ("peak", "status", "bound"), [(80, "breach", "fail_above 50"), (20, "warning", "warn_above 10")]
)
def test_a_queue_that_spiked_and_drained_breaches_or_warns(
    peak: float, status: str, bound: str, scripted: str, tmp_path: Path
) -> None:
    Scripted.script["/metrics"] = [
        requests_page(1, queue=0),
        requests_page(2, queue=peak),
        requests_page(3, queue=0),
    ]
    (queue,) = read_all(
        scripted, tmp_path, 3, metrics("queue", QUEUE, warn_above=10, fail_above=50)
    )
    assert (queue.status, queue.value, queue.detail) == (status, peak, bound)
    assert queue.seen == queue.readings[1].time


def test_health_down_in_the_middle_breaches(scripted: str, tmp_path: Path) -> None:
    healthy = (200, '{"status": "ok", "version": "1.0.0"}')
    Scripted.script["/health"] = [healthy, (503, '{"status": "down"}'), healthy]
    (health,) = read_all(
        scripted, tmp_path, 3, {"name": "health", "kind": "health", "version": "1.0.0"}
    )
    assert [reading.value for reading in health.readings] == [1, 0, 1]
    assert health.status == "breach"
    assert health.detail == f"{scripted}/health answered HTTP 503, expected 200"
    assert health.seen == health.readings[1].time
    reason = reason_for(health)
    assert reason is not None and "healthy again at the end" in reason.text


def test_a_label_typo_is_unreadable_never_zero(scripted: str, tmp_path: Path) -> None:
    Scripted.script["/metrics"] = [requests_page(10, 1), requests_page(20, 2)]
    typo = metrics("error-ratio", RATIO.replace("status", "stauts"), fail_above=0.05)
    (ratio,) = read_all(scripted, tmp_path, 2, typo)
    assert ratio.status == "unreadable"
    assert "stauts" in ratio.detail and "did you mean 'status'?" in ratio.detail
    reason = reason_for(ratio)
    assert reason is not None and reason.blocking


def test_a_scrape_lost_during_the_run_leaves_the_window_unjudged(
    scripted: str, tmp_path: Path
) -> None:
    # The queue may have spiked while the scrape failed: that is no "ok".
    Scripted.script["/metrics"] = [requests_page(1), (500, "oops"), requests_page(3)]
    (queue,) = read_all(
        scripted,
        tmp_path,
        3,
        metrics("queue", QUEUE, fail_above=50),
    )
    assert queue.status == "unreadable"
    assert "answered HTTP 500" in queue.detail


def test_no_traffic_yet_during_the_run_is_not_a_failure(scripted: str, tmp_path: Path) -> None:
    # Nothing to divide by at the first reading during the run; traffic comes later.
    Scripted.script["/metrics"] = [requests_page(10), requests_page(10), requests_page(30)]
    (ratio,) = read_all(scripted, tmp_path, 3, ERROR_RATIO)
    assert (ratio.status, ratio.value) == ("ok", 0)
    assert "nothing to divide by" in ratio.readings[1].error


def test_unsupported_promql_is_a_configuration_error_naming_the_probe() -> None:
    env = Environment(
        name="prod",
        source=Path("environments.toml"),
        services={"shop": "http://127.0.0.1:9"},
        settings={
            "probes": [
                metrics("by-route", "sum by (route) (increase(http_requests_total))", fail_above=1),
                metrics("last-hour", f"{QUEUE} offset 1h", fail_above=1),
                metrics("peak", f"max_over_time({QUEUE}[5m:30s])", fail_above=1),
            ]
        },
    )
    with pytest.raises(ConfigError) as error:
        probe_specs(env, {})
    problems = error.value.problems
    assert len(problems) == 3
    for name, problem in zip(("by-route", "last-hour", "peak"), problems, strict=True):
        assert problem.startswith(f"[[prod.probes]] '{name}'.expression: ")
        assert 'not supported here; use kind = "prometheus"' in problem
