"""A real shop as production, reached by a run whose environment's name says otherwise (issue 13).

What the shop itself counted (its ``/metrics``) is the evidence: no product created,
no stock changed, whatever the run's outcome says.
"""

from __future__ import annotations

import re
from pathlib import Path

import requests

from tests.framework.e2e.conftest import PLANTED_SECRET, ROOT, RunningShop, run_suite

# The destructive scenario, and one smoke scenario that changes nothing, to keep the run short.
PICK = ["--channel=api", "-k", "restocks or healthy", "-v", "-p", "no:randomly"]
# (route, method) of the shop's writes to its catalogue.
WRITES = (("/api/admin/products", "POST"), ("/api/admin/products/<sku>/stock", "PUT"))
_SAMPLE = re.compile(r"^http_requests_total\{(?P<labels>[^}]*)\} (?P<value>\S+)$")


def writes_seen(shop: RunningShop) -> dict[tuple[str, str], float]:
    """How many product creates and stock updates the shop answered, by its own counters."""
    text = requests.get(f"{shop.url}/metrics", timeout=5).text
    seen = dict.fromkeys(WRITES, 0.0)
    for line in text.splitlines():
        sample = _SAMPLE.match(line)
        if sample:
            labels = dict(re.findall(r'(\w+)="([^"]*)"', sample["labels"]))
            key = (labels.get("route", ""), labels.get("method", ""))
            if key in seen:
                seen[key] += float(sample["value"])
    return seen


def outputs(tmp_path: Path) -> list[str]:
    return [f"--verdict={tmp_path / 'verdict.json'}", f"--alluredir={tmp_path / 'allure'}"]


def test_staging_pointed_at_production_runs_no_destructive_scenario(
    shop_server: RunningShop, tmp_path: Path
) -> None:
    result = run_suite(
        "--env=staging",
        f"--base-url={shop_server.url}",
        *outputs(tmp_path),
        *PICK,
        env={"SHOP_PROD_URL": shop_server.url, "SHOP_ADMIN_TOKEN": PLANTED_SECRET},
    )
    host = shop_server.url.removeprefix("http://")
    assert f"staging points at {host}, a host of sensitive environment prod" in result.stdout, (
        result.stdout[-3000:] + result.stderr[-2000:]
    )
    passed = [line for line in result.stdout.splitlines() if " PASSED" in line]
    assert len(passed) == 1 and "healthy" in passed[0], result.stdout[-3000:]
    assert not re.search(r"restocks.*(PASSED|FAILED)", result.stdout)
    assert "1 deselected" in result.stdout or "deselected" in result.stdout
    assert writes_seen(shop_server) == dict.fromkeys(WRITES, 0.0)


def test_a_sensitive_default_stops_the_run_before_it_reaches_production(
    shop_server: RunningShop, tmp_path: Path
) -> None:
    lowered = tmp_path / "environments.toml"
    text = (ROOT / "environments.toml").read_text()
    lowered.write_text(text.replace("[defaults]\n", "[defaults]\nsensitive = false\n", 1))
    result = run_suite(
        "--env=prod",
        f"--environments={lowered}",
        *outputs(tmp_path),
        *PICK,
        env={"SHOP_PROD_URL": shop_server.url, "SHOP_ADMIN_TOKEN": PLANTED_SECRET},
    )
    assert result.returncode == 4, result.stdout[-3000:]
    assert "[defaults].sensitive: not allowed in [defaults]" in result.stderr
    assert "Traceback" not in result.stderr
    assert " PASSED" not in result.stdout
    assert writes_seen(shop_server) == dict.fromkeys(WRITES, 0.0)
    assert not (tmp_path / "verdict.json").exists()


def test_a_file_base_url_is_a_usage_error(tmp_path: Path) -> None:
    result = run_suite(
        "--env=staging",
        "--base-url=file:///",
        *outputs(tmp_path),
        env={"SHOP_ADMIN_TOKEN": PLANTED_SECRET},
    )
    assert result.returncode == 4
    assert "--base-url: malformed URL 'file:///'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "allure").exists() or not any((tmp_path / "allure").iterdir())


def test_the_embedded_shop_refuses_a_remote_base_url(tmp_path: Path) -> None:
    result = run_suite("--base-url=https://shop.example.com", *outputs(tmp_path), env={})
    assert result.returncode == 4
    assert "--base-url: https://shop.example.com is not on this machine" in result.stderr
    assert "Traceback" not in result.stderr
