"""The smoke subset notices a broken checkout: a synthetic purchase, run as production runs it.

Each test starts a real shop (healthy, or with a checkout fault), runs the repository's
suite against it with ``--env=prod`` in a child pytest, reads the verdict, and then asks
the shop itself what the run left behind.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.framework.e2e.conftest import PLANTED_SECRET, RunningShop, run_suite, start_shop

PREFIX = "gl-smoke-"  # [prod]'s alias_prefix in environments.toml
SYNTHETIC = "A synthetic purchase of the run's own product is totalled and cancelled"
AUTH = {"Authorization": f"Bearer {PLANTED_SECRET}"}


@pytest.fixture(params=[None, "checkout-error", "wrong-total"])
def fault(request: pytest.FixtureRequest) -> str | None:
    found: str | None = request.param
    return found


def test_the_smoke_run_is_no_go_on_a_broken_checkout_and_leaves_nothing_behind(
    fault: str | None, tmp_path: Path
) -> None:
    shop = start_shop(*(["--fault", fault] if fault else []))
    try:
        stock_before = real_stock(shop)
        result = run_suite(
            "--env=prod",
            f"--verdict={tmp_path / 'verdict.json'}",
            env={"SHOP_PROD_URL": shop.url, "SHOP_ADMIN_TOKEN": PLANTED_SECRET},
        )
        verdict: dict[str, Any] = json.loads((tmp_path / "verdict.json").read_text())
        failed = sorted(scenario["name"] for scenario in verdict["failed"])
        if fault is None:
            assert verdict["decision"] == "go", (verdict["reasons"], result.stdout[-3000:])
        else:
            assert verdict["decision"] == "no-go", result.stdout[-3000:]
            # The synthetic purchase, and only it, is what catches a broken checkout.
            assert failed == [SYNTHETIC], (failed, result.stdout[-3000:])
            assert any(SYNTHETIC in reason for reason in verdict["reasons"]), verdict["reasons"]
        assert verdict["counts"]["ran"] == 7, verdict["counts"]
        assert leftovers(shop) == {"customers": [], "products": [], "orders": []}
        assert real_stock(shop) == stock_before
    finally:
        shop.process.terminate()
        shop.process.wait(10)


def admin_get(shop: RunningShop, path: str, **params: str) -> Any:
    answer = requests.get(f"{shop.url}{path}", params=params, headers=AUTH, timeout=5)
    answer.raise_for_status()
    return answer.json()


def leftovers(shop: RunningShop) -> dict[str, list[Any]]:
    """Everything under the run's prefix the shop still holds as live: customers, products, open orders."""
    orders = admin_get(shop, "/api/admin/orders", prefix=PREFIX)["orders"]
    return {
        "customers": admin_get(shop, "/api/admin/customers", prefix=PREFIX)["customers"],
        "products": [
            p["sku"] for p in admin_get(shop, "/api/admin/products", prefix=PREFIX)["products"]
        ],
        "orders": [order for order in orders if order["status"] != "cancelled"],
    }


def real_stock(shop: RunningShop) -> dict[str, int]:
    """Stock of every product that is not the run's own."""
    products = admin_get(shop, "/api/admin/products")["products"]
    return {p["sku"]: p["stock"] for p in products if not p["sku"].startswith(PREFIX)}


def business_counts(shop: RunningShop) -> dict[tuple[str, str], float]:
    """The shop's business counters by name and ``traffic`` label, from its /metrics."""
    text = requests.get(f"{shop.url}/metrics", timeout=5).text
    return {
        (sample.name, sample.labels["traffic"]): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if "traffic" in sample.labels and sample.name.endswith("_total")
    }


# [prod] has only the API channel; [staging] runs the same scenarios through the web UI.
@pytest.mark.parametrize(("env", "channel"), [("prod", "api"), ("staging", "ui")])
def test_a_smoke_checkout_is_counted_as_synthetic_never_as_real(
    env: str, channel: str, shop_server: RunningShop, tmp_path: Path
) -> None:
    before = business_counts(shop_server)
    result = run_suite(
        f"--env={env}",
        f"--channel={channel}",
        "-k",
        "synthetic_purchase or registers",
        f"--verdict={tmp_path / 'verdict.json'}",
        env={
            f"SHOP_{env.upper()}_URL": shop_server.url,
            "SHOP_ADMIN_TOKEN": PLANTED_SECRET,
        },
    )
    verdict: dict[str, Any] = json.loads((tmp_path / "verdict.json").read_text())
    assert verdict["counts"]["passed"] >= 1 and not verdict["failed"], result.stdout[-3000:]
    after = business_counts(shop_server)
    assert (
        after[("orders_placed_total", "synthetic")]
        >= 1 + before[("orders_placed_total", "synthetic")]
    )
    assert after[("customers_registered_total", "synthetic")] >= 1
    for name, traffic in before:
        if traffic == "real":  # unmarked: the smoke run moved none of them
            assert after[(name, "real")] == before[(name, "real")], name
