"""Probes over the whole watch window, on the real shop: growth since the watch began, a recent error ratio."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests

from greenlight.watch.window import WatchWindow
from tests.framework.e2e.conftest import RunningShop
from tests.framework.watch.conftest import SHOP, Shop, window_of

PROBES = """
[[shop.probes]]
name = "memory-growth"
kind = "metrics"
expression = "delta(process_resident_memory_bytes)"
fail_above = 8_000_000

[[shop.probes]]
name = "error-ratio"
kind = "metrics"
expression = 'increase(http_requests_total{{status=~"5.."}}) / increase(http_requests_total)'
fail_above = 0.05

[shop.watch]
for = "1m"
every = "1s"
window = [{{ probe = "memory-growth" }}, {{ probe = "error-ratio", last = "1s" }}]
"""


def window_on(running: RunningShop, tmp_path: Path) -> WatchWindow:
    return window_of(SHOP + PROBES, tmp_path, url=running.url)


def products(running: RunningShop, count: int) -> None:
    for _ in range(count):
        requests.get(f"{running.url}/api/products", timeout=5)


def test_a_leak_breaches_the_growth_since_the_watch_began(shop: Shop, tmp_path: Path) -> None:
    leaking = shop("leak")  # 256 KiB kept per request
    window = window_on(leaking, tmp_path)
    window.read()
    for _ in range(3):  # three rounds, each too little to notice by itself
        products(leaking, 15)
        window.read()

    reasons, values = window.judge()

    growth = values["probes"][0]
    assert growth["name"] == "memory-growth" and growth["result"] == "breach"
    assert growth["value"] > 8_000_000
    assert reasons[0].blocking
    assert reasons[0].text.startswith("window probe memory-growth breached: ")
    assert reasons[0].text.endswith(" since the watch began is above fail_above 8M")


def test_the_error_ratio_of_the_last_part_of_the_window_sees_a_recent_degradation(
    shop: Shop, tmp_path: Path
) -> None:
    degrading = shop("errors-after=200")
    window = window_on(degrading, tmp_path)
    window.read()
    products(degrading, 200)  # healthy so far
    window.read()
    time.sleep(1.1)
    products(degrading, 10)  # every one of these fails
    window.read()

    reasons, values = window.judge()

    ratio = values["probes"][1]
    assert ratio["span"] == "over the last 1s"
    # Ten failures and the scrape that opened the last second: 10 of 11. Over the whole
    # window it would be 10 of 213, under the bound: only the recent part shows it.
    assert ratio["value"] == pytest.approx(10 / 11) and ratio["result"] == "breach"
    assert [r.text for r in reasons] == [
        "window probe error-ratio breached: 0.909 over the last 1s is above fail_above 0.05"
    ]


def test_a_window_probe_that_cannot_be_read_is_inconclusive(shop: Shop, tmp_path: Path) -> None:
    gone = shop()
    window = window_on(gone, tmp_path)
    window.read()
    gone.process.terminate()
    gone.process.wait(10)
    window.read()

    reasons, _ = window.judge()

    assert all(reason.blocking for reason in reasons) and len(reasons) == 2
    assert reasons[0].text.startswith(
        "window probe memory-growth inconclusive: could not be read since the watch began: no answer from"
    )
