"""Parsing --fault values."""

from __future__ import annotations

import pytest

from sut.faults import FaultError, Faults, parse_faults
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
        "unknown fault 'explode'; known: checkout-error, error-rate=R, errors-after=N, leak, "
        "log-errors, slow=MS, wrong-total"
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
