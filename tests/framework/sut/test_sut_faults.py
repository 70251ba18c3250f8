"""Parsing --fault values, and what the resource faults cost per request."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families

from sut.faults import CPU_BURN_S, DISK_FILL_BYTES, FaultError, Faults, parse_faults
from tests.framework.sut.conftest import MakeClient


def test_no_faults_is_a_healthy_shop() -> None:
    assert parse_faults([]) == Faults()


def test_every_fault_parses() -> None:
    faults = parse_faults(["checkout-error", "slow=250", "leak", "wrong-total", "log-errors"])
    assert faults == Faults(
        checkout_error=True, slow_ms=250, leak=True, wrong_total=True, log_errors=True
    )
    assert faults.describe() == "checkout-error, leak, log-errors, wrong-total, slow=250"


def test_unknown_fault_names_the_known_ones() -> None:
    with pytest.raises(FaultError) as error:
        parse_faults(["explode"])
    assert str(error.value) == (
        "unknown fault 'explode'; known: checkout-error, cpu, disk, error-rate=R, "
        "errors-after=N, leak, log-errors, slow=MS, wrong-total"
    )


@pytest.mark.parametrize(
    "spec",
    [
        "slow", "slow=", "slow=fast", "slow=-5", "leak=3", "errors-after", "errors-after=-1",
        "errors-after=x", "error-rate=0", "error-rate=1.5", "error-rate=nan", "error-rate=",
    ],
)  # fmt: skip
def test_bad_fault_values_are_refused(spec: str) -> None:
    with pytest.raises(FaultError, match=spec):
        parse_faults([spec])


def test_errors_after_serves_its_first_requests_then_fails_all_but_health_and_metrics(
    make_client: MakeClient,
) -> None:
    client = make_client("errors-after=3")
    assert parse_faults(["errors-after=3"]).describe() == "errors-after=3"

    statuses = [client.get("/api/products").status_code for _ in range(5)]

    assert statuses == [200, 200, 200, 500, 500]
    assert client.get("/health").status_code == 200
    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'http_requests_total{method="GET",route="/api/products",status="500"} 2.0' in metrics
    assert "shop_errors_total 2.0" in metrics


def test_error_rate_fails_that_share_of_requests_evenly(make_client: MakeClient) -> None:
    client = make_client("error-rate=0.25")

    statuses = [client.get("/api/products").status_code for _ in range(12)]

    assert [index for index, status in enumerate(statuses, 1) if status == 500] == [4, 8, 12]
    assert client.get("/health").status_code == 200


def test_the_resource_faults_parse() -> None:
    assert parse_faults(["cpu", "disk"]) == Faults(cpu=True, disk=True)
    assert parse_faults(["cpu", "disk"]).describe() == "cpu, disk"


def scraped(client: FlaskClient) -> dict[str, float]:
    text = client.get("/metrics").get_data(as_text=True)
    return {
        sample.name: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if not sample.labels
    }


@pytest.mark.parametrize(
    ("fault", "metric", "per_request"),
    [
        ("cpu", "process_cpu_seconds_total", CPU_BURN_S),
        ("disk", "shop_data_bytes", DISK_FILL_BYTES),
    ],
)
def test_a_resource_fault_costs_its_resource_on_every_request(
    fault: str, metric: str, per_request: float, make_client: MakeClient
) -> None:
    healthy, sick = make_client(), make_client(fault)
    costs = {}
    for name, client in (("healthy", healthy), ("sick", sick)):
        before = scraped(client)[metric]
        for _ in range(10):
            assert client.get("/api/products").status_code == 200
        # The scrape itself is a request too: eleven for the sick shop.
        costs[name] = scraped(client)[metric] - before
    assert costs["sick"] >= 10 * per_request
    assert costs["healthy"] < 5 * per_request  # the healthy shop costs far less


def test_the_data_folder_reports_its_free_space(client: FlaskClient) -> None:
    assert scraped(client)["shop_data_free_bytes"] > 0
