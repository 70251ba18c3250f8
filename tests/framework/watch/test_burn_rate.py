"""SLO burn rates on the real shop, failing a known share of its requests (--fault error-rate=R).

With error-rate=0.1, one request in ten answers 500: against an objective of 0.99 (a
budget of 1%) the budget burns at exactly 10x. A rule breaches only when its fast and
its slow window both burn above its factor.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests

from greenlight.watch.slo import burn_rate
from greenlight.watch.window import WatchWindow
from tests.framework.e2e.conftest import RunningShop
from tests.framework.e2e.prometheus import SCRAPE_INTERVAL_S, running_prometheus
from tests.framework.watch.conftest import SHOP, Shop, window_of

SLOS = """
[[shop.slos]]
name = "products"
objective = 0.99
kind = "metrics"
good = 'increase(http_requests_total{{route="/api/products", status!~"5.."}})'
total = 'increase(http_requests_total{{route="/api/products"}})'
burn = [{{ fast = "1s", slow = "1m", factor = 5 }}, {{ fast = "1s", slow = "1m", factor = 20 }}]
"""


@pytest.fixture
def failing_shop(shop: Shop) -> RunningShop:
    return shop("error-rate=0.1")


def window_on(running: RunningShop, tmp_path: Path) -> WatchWindow:
    return window_of(SHOP + SLOS, tmp_path, url=running.url)


def test_the_burn_rate_is_the_bad_share_over_the_error_budget() -> None:
    assert burn_rate(good=990, total=1000, objective=0.999) == 10.0
    assert burn_rate(good=1000, total=1000, objective=0.999) == 0.0


def test_a_shop_failing_one_request_in_ten_burns_a_one_percent_budget_ten_times_too_fast(
    failing_shop: RunningShop, tmp_path: Path
) -> None:
    window = window_on(failing_shop, tmp_path)
    window.read()
    statuses = [
        requests.get(f"{failing_shop.url}/api/products", timeout=5).status_code for _ in range(100)
    ]
    assert statuses.count(500) == 10
    window.read()

    reasons, values = window.judge()

    rules = values["slos"][0]["rules"]
    assert [rule["rates"] for rule in rules] == [[10.0, 10.0], [10.0, 10.0]]
    assert [rule["breached"] for rule in rules] == [True, False]
    assert [(reason.text, reason.blocking) for reason in reasons] == [
        (
            "slo products (0.99) burns too fast: 10x over the last 1s and 10x over the last 1m "
            "(both above 5x)",
            True,
        )
    ]


def test_a_burn_that_stopped_lately_is_no_breach_however_much_the_slow_window_burned(
    failing_shop: RunningShop, tmp_path: Path
) -> None:
    window = window_on(failing_shop, tmp_path)
    window.read()
    for _ in range(50):
        requests.get(f"{failing_shop.url}/api/products", timeout=5)
    window.read()
    time.sleep(1.2)  # then a second of no traffic to the objective's route
    requests.get(f"{failing_shop.url}/health", timeout=5)
    window.read()

    reasons, values = window.judge()

    assert [rule["rates"] for rule in values["slos"][0]["rules"]] == [[0.0, 10.0], [0.0, 10.0]]
    assert reasons == []


def test_an_objective_that_counts_nothing_is_inconclusive(
    tmp_path: Path, failing_shop: RunningShop
) -> None:
    window = window_on(failing_shop, tmp_path)
    window.read()
    window.read()  # no request at all to the objective's route

    reasons, _ = window.judge()

    assert [(reason.text, reason.blocking) for reason in reasons] == [
        (
            "slo products inconclusive over the last 1m: nothing was counted (check the total "
            "expression)",
            True,
        )
    ] * 2


PROMETHEUS_SLOS = """
[[shop.slos]]
name = "products"
objective = 0.99
kind = "prometheus"
url = "{prometheus}"
good = 'sum(increase(http_requests_total{{route="/api/products", status!~"5.."}}[{{window}}]))'
total = 'sum(increase(http_requests_total{{route="/api/products"}}[{{window}}]))'
burn = [{{ fast = "20s", slow = "1m", factor = 3 }}]
"""


def test_a_prometheus_objective_reads_both_windows_from_a_real_prometheus(
    failing_shop: RunningShop, tmp_path: Path
) -> None:
    with running_prometheus(tmp_path / "prometheus", shop=failing_shop.url) as prometheus:
        prometheus.wait_for('up{job="shop"}')
        # Spread over several scrapes: Prometheus counts no increase before a series' first one.
        for _ in range(20):
            for _ in range(10):
                requests.get(f"{failing_shop.url}/api/products", timeout=5)
            time.sleep(SCRAPE_INTERVAL_S / 4)
        prometheus.wait_for('sum(http_requests_total{route="/api/products",status="500"}) >= 20')
        time.sleep(2 * SCRAPE_INTERVAL_S)  # a scrape after the last request, for increase()
        window = window_of(
            SHOP + PROMETHEUS_SLOS, tmp_path, url=failing_shop.url, prometheus=prometheus.url
        )

        reasons, values = window.judge()

    (rule,) = values["slos"][0]["rules"]
    # Prometheus extrapolates increase() at a window's edges: about 10x, not exactly.
    assert len(rule["rates"]) == 2, [r.text for r in reasons]
    assert all(5 < rate < 15 for rate in rule["rates"]), rule
    assert rule["breached"] is True
    assert [reason.text.split(":")[0] for reason in reasons] == [
        "slo products (0.99) burns too fast"
    ]
    assert "over the last 20s" in reasons[0].text and "over the last 1m" in reasons[0].text
