"""``greenlight clean --env prod`` removes leftover ``gl-smoke-`` data, and only that."""

from __future__ import annotations

import os
import subprocess
import sys

import requests

from tests.framework.e2e.conftest import PLANTED_SECRET, ROOT, RunningShop
from tests.framework.e2e.test_production_safety import leftovers, prod_env

AUTH = {"Authorization": f"Bearer {PLANTED_SECRET}"}


def plant(shop: RunningShop) -> None:
    """What a smoke run killed halfway leaves: a customer with an order, a product; and a real customer."""
    product = {"sku": "gl-smoke-mug-x1", "name": "gl-smoke-mug", "price_cents": 750, "stock": 5}
    requests.post(
        f"{shop.url}/api/admin/products", json=product, headers=AUTH, timeout=5
    ).raise_for_status()
    for username in ("gl-smoke-ada-x1", "alice"):
        user = {"username": username, "password": "secret-password"}
        requests.post(f"{shop.url}/api/customers", json=user, timeout=5).raise_for_status()
    login = {"username": "gl-smoke-ada-x1", "password": "secret-password"}
    token = requests.post(f"{shop.url}/api/login", json=login, timeout=5).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    line = {"sku": "gl-smoke-mug-x1", "quantity": 1}
    requests.post(
        f"{shop.url}/api/basket/items", json=line, headers=auth, timeout=5
    ).raise_for_status()
    requests.post(f"{shop.url}/api/orders", headers=auth, timeout=5).raise_for_status()


def clean(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "greenlight.cli", "clean", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_clean_removes_planted_smoke_data_and_prints_it(shop_server: RunningShop) -> None:
    plant(shop_server)
    assert leftovers(shop_server, "gl-smoke-") == (["gl-smoke-ada-x1"], ["gl-smoke-mug-x1"])

    result = clean("--env", "prod", env=prod_env(shop_server))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "removed order 1 of gl-smoke-ada-x1" in result.stdout
    assert "removed customer gl-smoke-ada-x1" in result.stdout
    assert "removed product gl-smoke-mug-x1" in result.stdout
    assert leftovers(shop_server, "gl-smoke-") == ([], [])
    assert leftovers(shop_server, "alice") == (["alice"], [])  # real data stays
    assert PLANTED_SECRET not in result.stdout + result.stderr

    again = clean("--env", "prod", env=prod_env(shop_server))
    assert again.returncode == 0
    assert "nothing to remove" in again.stdout


def test_clean_of_an_environment_without_a_clean_hook_is_a_usage_error() -> None:
    result = clean("--env", "staging", env={"SHOP_ADMIN_TOKEN": PLANTED_SECRET})

    assert result.returncode == 4
    assert "[staging] has no clean command" in result.stderr
    assert "Traceback" not in result.stderr
