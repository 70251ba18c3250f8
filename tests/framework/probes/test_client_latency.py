"""The client-latency probe: the run's own HTTP exchanges, timed as its user sees them.

A real HTTP server answers ``/delay/<ms>`` after that many milliseconds, so the
durations the run's exchanges take are known within the machine's overhead; a whole
pytest run (serial, and under pytest-xdist) judges them in its controller.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from greenlight.config.environment import Environment
from greenlight.errors import ConfigError
from greenlight.probes.client_latency import percentile
from greenlight.probes.spec import probe_specs

DELAYS_MS = [0, 50, 100, 150, 200, 250, 300, 350, 400, 450]
OVERHEAD = 0.045  # below the 50 ms between two delays: the rank picked is unambiguous


@pytest.mark.parametrize(
    ("rank", "expected"), [(50, 0.2), (90, 0.4), (95, 0.45), (100, 0.45), (10, 0.0), (0.1, 0.0)]
)
def test_the_percentile_is_the_nearest_rank(rank: float, expected: float) -> None:
    durations = [ms / 1000 for ms in reversed(DELAYS_MS)]
    assert percentile(durations, rank) == expected


def test_one_duration_is_every_percentile() -> None:
    assert percentile([0.3], 1) == percentile([0.3], 100) == 0.3


class Delaying(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.startswith("/delay/"):
            time.sleep(int(self.path.rsplit("/", 1)[-1]) / 1000)
        body = b'{"status": "ok", "version": "1.0.0"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def delaying_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Delaying)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


PROBES = """
[local]
sensitive = false
services = {{ shop = "{url}" }}

[[local.probes]]
name = "all"
kind = "client-latency"
percentile = 90
warn_above = 0.1
fail_above = 0.3

[[local.probes]]
name = "fast"
kind = "client-latency"
percentile = 100
route = "/delay/(0|50)"
method = "get"
fail_above = 0.3

[[local.probes]]
name = "posts"
kind = "client-latency"
percentile = 95
method = "POST"
fail_above = 1
optional = true
"""
CALLS = f"""
import pytest

@pytest.mark.check
@pytest.mark.parametrize("ms", {DELAYS_MS})
def test_call(http_client, ms):
    http_client.call("GET", f"/delay/{{ms}}")
"""
NO_CALLS = """
import pytest
import requests

@pytest.mark.check
def test_around_the_client(greenlight_env):
    # Not through greenlight's http_client: no exchange is recorded.
    requests.get(greenlight_env.base_url + "/delay/0", timeout=5).raise_for_status()
"""


def run(pytester: pytest.Pytester, url: str, tests: str, *args: str) -> dict[str, Any]:
    pytester.makefile(".toml", environments=PROBES.format(url=url))
    pytester.makepyfile(test_calls=tests)
    result = pytester.runpytest_subprocess("-p", "no:randomly", "--verdict=out/verdict.json", *args)
    result.stdout.fnmatch_lines(["*greenlight probes*", "*client-latency*"])
    verdict: dict[str, Any] = json.loads((pytester.path / "out" / "verdict.json").read_text())
    return verdict


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_the_run_judges_the_percentile_of_its_own_exchanges(
    pytester: pytest.Pytester, delaying_server: str, workers: list[str]
) -> None:
    verdict = run(pytester, delaying_server, CALLS, *workers)
    assert verdict["counts"]["passed"] == len(DELAYS_MS)
    probes = {probe["name"]: probe for probe in verdict["evidence"]["probes"]}
    # The nearest rank of 10: p90 is the 9th fastest, 400 ms, whether workers ran them or not.
    every = probes["all"]
    assert every["result"] == "breach"
    assert 0.4 <= every["value"] < 0.4 + OVERHEAD, every
    assert every["source"] == "p90 of 10 HTTP exchanges the run made"
    assert 0.05 <= probes["fast"]["value"] < 0.05 + OVERHEAD, probes["fast"]
    assert probes["fast"]["result"] == "ok"
    assert probes["fast"]["source"] == "p100 of 2 HTTP exchanges the run made (GET /delay/(0|50))"
    # No POST was made: no reading, never ok; optional, so only a note.
    assert probes["posts"]["result"] == "unreadable"
    assert verdict["notes"] == [
        "probes: optional probe posts could not be read: the run made no HTTP exchange "
        "through greenlight's http_client matching POST"
    ]
    assert verdict["decision"] == "no-go"
    assert verdict["reasons"] == [
        f"probes: probe all breached: {every['value']:.3g} is above fail_above 0.3 at "
        f"{every['seen']:.1f}s (p90 of 10 HTTP exchanges the run made)"
    ]


def test_a_run_without_exchanges_is_inconclusive_never_ok(
    pytester: pytest.Pytester, delaying_server: str
) -> None:
    verdict = run(pytester, delaying_server, NO_CALLS)
    assert verdict["counts"]["passed"] == 1
    probes = {probe["name"]: probe for probe in verdict["evidence"]["probes"]}
    assert {name: probe["result"] for name, probe in probes.items()} == {
        "all": "unreadable",
        "fast": "unreadable",
        "posts": "unreadable",
    }
    assert verdict["decision"] == "no-go"
    assert verdict["reasons"] == [
        "probes: probe all inconclusive: could not be read: the run made no HTTP exchange "
        "through greenlight's http_client",
        "probes: probe fast inconclusive: could not be read: the run made no HTTP exchange "
        "through greenlight's http_client matching GET /delay/(0|50)",
    ]


def problems(**table: Any) -> str:
    env = Environment(
        name="prod",
        source=Path("environments.toml"),
        services={"shop": "http://127.0.0.1:9"},
        settings={"probes": [{"name": "slow", "kind": "client-latency", **table}]},
    )
    with pytest.raises(ConfigError) as raised:
        probe_specs(env, {})
    return str(raised.value)


def test_its_keys_are_checked() -> None:
    assert "percentile" in problems(fail_above=1)
    assert "'slow'.percentile" in problems(percentile=0, fail_above=1)
    assert "'slow'.percentile" in problems(percentile=101, fail_above=1)
    assert "'slow'.route" in problems(percentile=95, route="/api/(", fail_above=1)
    assert "'slow'.method" in problems(percentile=95, method="GET POST", fail_above=1)
    assert "fail_above" in problems(percentile=95)
    floor = problems(percentile=95, fail_below=0.01)
    assert "'slow': a client-latency probe judges how slow exchanges are" in floor
