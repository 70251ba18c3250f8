"""``kind = "prometheus"`` probes and SLO burn rates against a real Prometheus scraping the
shop and a node exporter.

The fake of the query API (tests/framework/probes/test_kinds.py) stays for the error
answers a real server does not give on demand; here every reading is a real query.
"""

from __future__ import annotations

import time
from pathlib import Path

import requests

from greenlight.config import load_environment
from greenlight.probes.schedule import ProbeRun
from greenlight.watch.slo import slos_of
from greenlight.watch.window import WatchWindow
from tests.framework.e2e.conftest import PrometheusStack, prometheus_over, start_shop
from tests.framework.probes.test_kinds import watch

SETTLE = 2.5  # more than two scrape intervals of the test Prometheus


def watch_prometheus(
    stack: PrometheusStack, tmp_path: Path, **queries: tuple[str, dict[str, float]]
) -> ProbeRun:
    """``prometheus`` probes (name=(query, thresholds)) on the stack's server, settling."""
    url = stack.prometheus.url
    probes = [
        {"name": name, "kind": "prometheus", "url": url, "query": query, "settle": SETTLE} | limits
        for name, (query, limits) in queries.items()
    ]
    return watch(stack.shop.url, tmp_path, *probes)


def test_the_last_reading_waits_for_the_scrape_that_covers_the_run_end(
    prometheus_stack: PrometheusStack, tmp_path: Path
) -> None:
    stack = prometheus_stack
    run = watch_prometheus(
        stack,
        tmp_path,
        misses=(
            'sum(http_requests_total{job="shop", route="unmatched"}) or vector(0)',
            {"fail_above": 1000},
        ),
    )
    run.start()
    for _ in range(25):  # the run's last requests, just before its end
        assert requests.get(f"{stack.shop.url}/nowhere", timeout=5).status_code == 404
    ended = time.monotonic()
    (misses,) = run.finish()
    assert time.monotonic() - ended >= SETTLE
    assert (misses.status, misses.value) == ("ok", 25.0), misses


def test_cpu_disk_and_error_ratio_read_from_prometheus(
    prometheus_stack: PrometheusStack, tmp_path: Path
) -> None:
    stack = prometheus_stack
    run = watch_prometheus(
        stack,
        tmp_path,
        cpu=('sum(rate(process_cpu_seconds_total{job="shop"}[{window}]))', {"fail_above": 1.5}),
        disk=(
            'min(node_filesystem_avail_bytes{job="node", fstype!~"tmpfs|overlay"})',
            {"fail_below": 1},
        ),
        errors=(
            # A counter that never saw an error has no 5xx series: "or vector(0)".
            '(sum(increase(http_requests_total{job="shop", status=~"5.."}[{window}])) or vector(0))'
            ' / sum(increase(http_requests_total{job="shop"}[{window}]))',
            {"fail_above": 0.5},
        ),
    )
    run.start()
    for _ in range(20):
        requests.get(f"{stack.shop.url}/api/products", timeout=5).raise_for_status()
    time.sleep(1.5)  # a window of more than one scrape, so rate() has two samples
    cpu, disk, errors = run.finish()
    assert cpu.status == "ok" and cpu.value is not None and 0 < cpu.value < 1.5, cpu
    assert disk.status == "ok" and disk.value is not None and disk.value > 1e6, disk
    assert (errors.status, errors.value) == ("ok", 0.0), errors


SLOS = """
[shop]
sensitive = false
services = {{ shop = "{shop}" }}

[[shop.slos]]
name = "products"
objective = 0.99
kind = "prometheus"
url = "{prometheus}"
good = 'sum(increase(http_requests_total{{job="shop", route="/api/products", status!~"5.."}}[{{window}}]))'
total = 'sum(increase(http_requests_total{{job="shop", route="/api/products"}}[{{window}}]))'
burn = [{{ fast = "10s", slow = "1m", factor = 5 }}, {{ fast = "10s", slow = "1m", factor = 20 }}]
"""


def test_a_burn_rate_gate_reads_a_real_prometheus(tmp_path: Path) -> None:
    shop = start_shop("--fault", "error-rate=0.1")  # one request in ten answers 500
    try:
        with prometheus_over(shop, tmp_path) as stack:
            environments = tmp_path / "environments.toml"
            environments.write_text(SLOS.format(shop=shop.url, prometheus=stack.prometheus.url))
            env = load_environment(environments, "shop", {})
            window = WatchWindow(env, probes=(), slos=slos_of(env))
            # A series Prometheus first sees already counted has no increase() to show for
            # it: ten requests (one of them a 500) make both series, scraped before the run.
            for _ in range(10):
                requests.get(f"{shop.url}/api/products", timeout=5)
            stack.prometheus.wait_for(
                'count(http_requests_total{job="shop", route="/api/products"}) - 1'
            )
            statuses = [
                requests.get(f"{shop.url}/api/products", timeout=5).status_code for _ in range(100)
            ]
            assert statuses.count(500) == 10
            time.sleep(SETTLE)  # the scrape that holds the last of them
            reasons, values = window.judge()
    finally:
        shop.process.terminate()
        shop.process.wait(10)
    rules = values["slos"][0]["rules"]
    # A 1% budget burnt by 10% errors: 10x, give or take increase()'s extrapolation.
    for rule in rules:
        assert all(8 < rate < 12 for rate in rule["rates"]) and len(rule["rates"]) == 2, rules
    assert [rule["breached"] for rule in rules] == [True, False]
    assert [reason.text.split(":")[0] for reason in reasons] == [
        "slo products (0.99) burns too fast"
    ]


def test_real_answers_a_scalar_a_breach_and_each_unreadable_kind(
    prometheus_stack: PrometheusStack, tmp_path: Path
) -> None:
    run = watch_prometheus(
        prometheus_stack,
        tmp_path,
        scalar=("scalar(count(up))", {"fail_below": 2}),  # shop and node exporter
        breach=("sum(up)", {"fail_above": 1}),
        empty=("sum(no_such_metric_anywhere)", {"fail_above": 1}),
        many=("up", {"fail_above": 1}),
        typo=("rate(x", {"fail_above": 1}),
        matrix=("up[1m]", {"fail_above": 1}),
    )
    run.start()
    scalar, breach, empty, many, typo, matrix = run.finish()
    assert (scalar.status, scalar.value) == ("ok", 2.0)
    assert (breach.status, breach.value) == ("breach", 2.0)
    assert (empty.status, empty.detail) == (
        "unreadable",
        "query 'sum(no_such_metric_anywhere)' returned no data",
    )
    assert many.detail == "query 'up' returned 2 series; aggregate it, e.g. sum(...)"
    assert typo.status == "unreadable"
    assert typo.detail.startswith("query 'rate(x' failed: "), typo.detail
    assert matrix.detail == "query 'up[1m]' returned a matrix, not a scalar or an instant vector"
