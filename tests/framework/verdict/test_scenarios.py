"""pytest-bdd scenarios in the verdict: named as the feature file says, serial and parallel."""

from __future__ import annotations

import pytest

from tests.framework.verdict.conftest import last_line, verdict_of

FEATURE = """
Feature: Shop
  @smoke
  Scenario: The shop is up
    Given the shop

  @smoke
  Scenario: Checking out places an order
    Given the shop
    Then a customer can check out
"""

STEPS = """
import uuid

import requests
from pytest_bdd import given, scenarios, then

scenarios("shop.feature")


@given("the shop")
def _(greenlight_env):
    assert requests.get(greenlight_env.base_url + "/health", timeout=5).ok


@then("a customer can check out")
def _(greenlight_env):
    base, session = greenlight_env.base_url, requests.Session()
    user = {"username": "bo-" + uuid.uuid4().hex[:8], "password": "secret-password"}
    session.post(base + "/api/customers", json=user, timeout=5).raise_for_status()
    auth = {"Authorization": "Bearer " + session.post(base + "/api/login", json=user, timeout=5).json()["token"]}
    sku = next(p["sku"] for p in session.get(base + "/api/products", timeout=5).json()["products"] if p["stock"])
    session.post(base + "/api/basket/items", json={"sku": sku}, headers=auth, timeout=5).raise_for_status()
    order = session.post(base + "/api/orders", headers=auth, timeout=5)
    assert order.status_code == 201, f"checkout answered {order.status_code}"
"""


@pytest.fixture
def bdd_project(shop_project: pytest.Pytester) -> pytest.Pytester:
    (shop_project.path / "test_smoke.py").unlink()
    shop_project.makefile(".feature", shop=FEATURE)
    shop_project.makepyfile(test_shop=STEPS)
    toml = shop_project.path / "environments.toml"
    toml.write_text(
        toml.read_text().replace(
            "[broken]\n", '[broken]\nrequired = ["Checking out places an order"]\n', 1
        )
    )
    return shop_project


@pytest.mark.parametrize("parallel", [[], ["-n", "2"]], ids=["serial", "parallel"])
def test_a_failed_scenario_is_named_by_its_feature_file(
    bdd_project: pytest.Pytester, parallel: list[str]
) -> None:
    result = bdd_project.runpytest_subprocess("--env=broken", *parallel)
    assert result.ret == 1
    assert last_line(result) == (
        "greenlight: NO-GO - 1/2 scenarios passed on broken (shop 2.1.0) - 1 of 2 scenarios "
        "failed: Checking out places an order (api) (+1 more); next: read the failures (greenlight "
        "report), fix them, then run again"
    )
    verdict = verdict_of(bdd_project, "broken")
    [failed] = verdict["failed"]
    assert failed["name"] == "Checking out places an order"
    assert failed["channel"] == "api"
    assert failed["error"] == "AssertionError: checkout answered 500"
    assert verdict["required"] == [{"name": "Checking out places an order", "status": "failed"}]


def test_a_required_scenario_by_its_name_passes(bdd_project: pytest.Pytester) -> None:
    toml = bdd_project.path / "environments.toml"
    toml.write_text(
        toml.read_text().replace("[local]\n", '[local]\nrequired = ["The shop is up"]\n', 1)
    )
    result = bdd_project.runpytest_subprocess()
    assert result.ret == 0
    assert verdict_of(bdd_project)["required"] == [{"name": "The shop is up", "status": "passed"}]


def test_collecting_only_decides_nothing(bdd_project: pytest.Pytester) -> None:
    result = bdd_project.runpytest_subprocess("--collect-only")
    assert result.ret == 0
    assert not (bdd_project.path / "reports" / "local" / "verdict.json").exists()
    assert "greenlight: GO" not in result.stdout.str()
