"""Latency in front of the system: the smoke run is no-go when its users would wait.

A real shop, and a real delaying proxy in front of it adding 400 ms to every request.
The repository's suite runs with ``--env=prod`` aimed at the proxy, as a pipeline run
behind a slow load balancer or network would. The server-side probes read the shop's
``/metrics`` through the proxy too, and see nothing wrong: the shop answers as fast as
ever. Only the client-latency probe, which times the run's own exchanges, says no.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.framework.e2e.conftest import PLANTED_SECRET, RunningShop, run_suite
from tests.framework.e2e.proxy import DelayingProxy

DELAY = 0.4


def test_the_proxy_adds_its_delay_to_each_request(shop_server: RunningShop) -> None:
    with DelayingProxy(shop_server.url, delay=DELAY) as proxy, requests.Session() as session:
        for _ in range(3):  # on one keep-alive connection: each request is late, not only the first
            started = time.perf_counter()
            session.get(f"{proxy.url}/health", timeout=5).raise_for_status()
            assert DELAY <= time.perf_counter() - started < DELAY + 0.3
        # A POST with a body, which urllib3 may send in more than one write, is late once.
        started = time.perf_counter()
        session.post(f"{proxy.url}/api/login", json={"username": "x", "password": "y"}, timeout=5)
        assert DELAY <= time.perf_counter() - started < 2 * DELAY


@pytest.mark.parametrize("delayed", [False, True], ids=["straight", "behind-a-slow-proxy"])
def test_client_latency_is_no_go_behind_a_slow_proxy_and_go_straight(
    delayed: bool, shop_server: RunningShop, tmp_path: Path
) -> None:
    with DelayingProxy(shop_server.url, delay=DELAY) as proxy:
        result = run_suite(
            "--env=prod",
            "-n",
            "2",
            f"--verdict={tmp_path / 'verdict.json'}",
            env={
                "SHOP_PROD_URL": proxy.url if delayed else shop_server.url,
                "SHOP_ADMIN_TOKEN": PLANTED_SECRET,
            },
        )
        assert (proxy.held > 0) is delayed  # the run went through the proxy, or around it
    verdict: dict[str, Any] = json.loads((tmp_path / "verdict.json").read_text())
    out = result.stdout[-3000:]
    assert verdict["counts"]["failed"] == verdict["counts"]["errors"] == 0, out
    assert verdict["counts"]["passed"] == 7, out
    probes = {probe["name"]: probe for probe in verdict["evidence"]["probes"]}
    latency = probes["client-latency"]
    blocking = [reason for reason in verdict["reasons"] if "probe" in reason]
    # The shop itself is as fast as ever: its own latency probe is fine either way.
    assert probes["latency-p95"]["result"] == "ok", probes["latency-p95"]
    if delayed:
        assert verdict["decision"] == "no-go", out
        assert [reason.split(":")[1].strip() for reason in blocking] == [
            "probe client-latency breached"
        ], blocking
        assert latency["result"] == "breach"
        assert latency["value"] >= DELAY
        assert "p95 of" in latency["source"] and "HTTP exchanges" in latency["source"]
    else:
        assert verdict["decision"] == "go", (verdict["reasons"], out)
        assert blocking == []
        assert latency["result"] == "ok"
        assert 0 < latency["value"] < 0.1, latency
    assert "client-latency" in result.stdout  # in the probes table
