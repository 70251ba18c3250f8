"""Against a running shop as production: smoke only, data marked and removed, secrets kept."""

from __future__ import annotations

import re
from pathlib import Path

import requests

from tests.framework.e2e.conftest import PLANTED_SECRET, RunningShop, run_suite, start_shop


def prod_env(shop: RunningShop) -> dict[str, str]:
    return {"SHOP_PROD_URL": shop.url, "SHOP_ADMIN_TOKEN": PLANTED_SECRET}


def scenarios_failed(output: str) -> int:
    """How many scenarios pytest's closing line (``=== 1 failed, 5 passed in 2.1s ===``) counts as failed."""
    closing = [line for line in output.splitlines() if re.match(r"^=+ .* in [\d.]+s.* =+$", line)]
    assert closing, f"no closing line in: {output[-2000:]}"
    found = re.search(r"(\d+) failed", closing[-1])
    return int(found.group(1)) if found else 0


def leftovers(shop: RunningShop, prefix: str) -> tuple[list[str], list[str]]:
    auth = {"Authorization": f"Bearer {PLANTED_SECRET}"}
    customers = requests.get(
        f"{shop.url}/api/admin/customers", params={"prefix": prefix}, headers=auth, timeout=5
    )
    products = requests.get(
        f"{shop.url}/api/admin/products", params={"prefix": prefix}, headers=auth, timeout=5
    )
    return customers.json()["customers"], [p["sku"] for p in products.json()["products"]]


def test_prod_runs_only_smoke_and_leaves_no_marked_data(
    shop_server: RunningShop, tmp_path: Path
) -> None:
    result = run_suite(
        "--env=prod",
        f"--verdict={tmp_path / 'verdict.json'}",
        f"--junitxml={tmp_path / 'junit.xml'}",
        "-v",
        env=prod_env(shop_server),
    )
    # The scenarios' outcomes are the subject here; the verdict also weighs production
    # probes, whose latency readings on a loaded test machine are not.
    assert scenarios_failed(result.stdout) == 0, result.stdout[-3000:]
    assert "WARNING: PROD IS A SENSITIVE ENVIRONMENT" in result.stdout
    assert "not tagged @smoke" in result.stdout
    passed = [line for line in result.stdout.splitlines() if " PASSED" in line]
    assert len(passed) == 7, passed  # the seven @smoke scenarios, API channel only
    assert all("[api]" in line for line in passed)
    # Customers and a product were created under the gl-smoke- prefix during the run, and are gone.
    assert leftovers(shop_server, "gl-smoke-") == ([], [])


def test_prod_without_its_url_is_a_usage_error_naming_the_variable(tmp_path: Path) -> None:
    result = run_suite("--env=prod", env={"SHOP_PROD_URL": "", "SHOP_ADMIN_TOKEN": PLANTED_SECRET})
    assert result.returncode == 4
    assert (
        "[prod] needs environment variable SHOP_PROD_URL (used in services.shop)" in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_no_output_file_holds_the_secret(shop_server: RunningShop, tmp_path: Path) -> None:
    """A planted admin token must not appear in the terminal, JUnit XML, Allure results or the verdict."""

    def outputs(name: str) -> list[str]:
        folder = tmp_path / name
        return [
            f"--junitxml={folder / 'junit.xml'}",
            f"--alluredir={folder / 'allure'}",
            f"--verdict={folder / 'verdict.json'}",
        ]

    passing = run_suite(
        "--env=prod", *outputs("passing"), "-k", "registers", env=prod_env(shop_server)
    )
    assert scenarios_failed(passing.stdout) == 0, passing.stdout[-2000:]
    broken = start_shop("--fault", "wrong-total")  # checkout totals off by a cent: a real failure
    try:
        failing = run_suite(
            "--env=staging",
            "--channel=api",
            *outputs("failing"),
            "-k",
            "checking_out",
            env={"SHOP_STAGING_URL": broken.url, "SHOP_ADMIN_TOKEN": PLANTED_SECRET},
        )
    finally:
        broken.process.terminate()
        broken.process.wait(10)
    assert scenarios_failed(failing.stdout) == 1, failing.stdout[-2000:]
    assert "expected a total of 15.00, saw 15.01" in failing.stdout
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert any(path.name.endswith("-attachment.txt") for path in files), (
        "no HTTP exchange was attached"
    )
    for output in (passing.stdout, passing.stderr, failing.stdout, failing.stderr):
        assert PLANTED_SECRET not in output
    for path in files:
        assert PLANTED_SECRET.encode() not in path.read_bytes(), f"secret found in {path}"
