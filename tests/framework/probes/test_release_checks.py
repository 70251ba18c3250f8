"""The report's body agrees with the verdict: each release check is an Allure result of its own.

Real pytest runs against the real reference shop; the probe reads its real metrics.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from greenlight.report.allure_cli import QUALITY_GATE, find_allure
from greenlight.report.release_checks import SUITE, write
from tests.framework.probes.conftest import StartShop

ENVIRONMENT = """
[local]
sensitive = false
services = {{ shop = "{url}" }}
probe_interval = 0.2

[[local.probes]]
name = "products-browsed"
kind = "metrics"
expression = 'increase(http_requests_total{{route="/api/products"}})'
{threshold}
"""
BROWSE = """
import pytest
import requests

@pytest.mark.check
def test_browse(greenlight_env):
    for _ in range(3):
        requests.get(greenlight_env.base_url + "/api/products", timeout=10).raise_for_status()
"""


def run(pytester: pytest.Pytester, url: str, threshold: str) -> tuple[dict[str, Any], Path]:
    pytester.makefile(".toml", environments=ENVIRONMENT.format(url=url, threshold=threshold))
    pytester.makepyfile(test_browse=BROWSE)
    result = pytester.runpytest_subprocess(
        "-p", "no:randomly", "--verdict=out/verdict.json", "--alluredir=out/results"
    )
    result.assert_outcomes(passed=1)  # the scenario itself passes either way
    verdict: dict[str, Any] = json.loads((pytester.path / "out" / "verdict.json").read_text())
    return verdict, pytester.path / "out" / "results"


def release_checks(results: Path) -> dict[str, dict[str, Any]]:
    found = [json.loads(path.read_text()) for path in results.glob("*-result.json")]
    return {
        result["name"]: result
        for result in found
        if {"name": "suite", "value": SUITE} in result["labels"]
    }


def global_errors(results: Path) -> list[str]:
    return [
        error["message"]
        for path in results.glob("*-globals.json")
        for error in json.loads(path.read_text()).get("errors", [])
    ]


def test_a_no_go_caused_only_by_a_probe_is_a_failed_result_naming_the_probe(
    pytester: pytest.Pytester, start_logging_shop: StartShop
) -> None:
    shop = start_logging_shop()
    verdict, results = run(pytester, shop.url, "fail_above = 1")

    assert verdict["decision"] == "no-go"
    assert [reason.split(":")[0] for reason in verdict["reasons"]] == ["probes"]
    checks = release_checks(results)
    probe = checks["probe products-browsed"]
    assert probe["status"] == "failed"
    assert "breach" in probe["statusDetails"]["message"]
    assert "(fail > 1)" in probe["statusDetails"]["message"]
    decision = checks["release decision"]
    assert decision["status"] == "failed"
    assert decision["statusDetails"]["message"].startswith("greenlight: NO-GO - 1/1 scenarios")
    assert "probe products-browsed breached" in decision["statusDetails"]["message"]
    assert checks["selected tests all ran"]["status"] == "passed"
    assert global_errors(results) == verdict["reasons"]


def test_a_go_has_every_release_check_passed_and_no_global_error(
    pytester: pytest.Pytester, start_logging_shop: StartShop
) -> None:
    shop = start_logging_shop()
    verdict, results = run(pytester, shop.url, "fail_below = 1")

    assert verdict["decision"] == "go"
    checks = release_checks(results)
    assert set(checks) == {"probe products-browsed", "selected tests all ran", "release decision"}
    assert {check["status"] for check in checks.values()} == {"passed"}
    assert global_errors(results) == []


def quality_gate(results: Path, config: Path) -> subprocess.CompletedProcess[str]:
    """Allure 3's own gate over the results, with the rule greenlight's report config carries."""
    config.write_text(json.dumps({"qualityGate": QUALITY_GATE}))
    shim = Path(__file__).with_name("node_iterator_shim.cjs")
    return subprocess.run(
        [*find_allure(Path(__file__)), "quality-gate", str(results), "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1", "NODE_OPTIONS": f"--require {shim}"},
    )


@pytest.mark.parametrize(("threshold", "gate"), [("fail_above = 1", 1), ("fail_below = 1", 0)])
def test_allures_quality_gate_fails_on_a_probe_no_go_and_passes_a_go(
    pytester: pytest.Pytester, start_logging_shop: StartShop, threshold: str, gate: int
) -> None:
    shop = start_logging_shop()
    verdict, results = run(pytester, shop.url, threshold)

    done = quality_gate(results, pytester.path / "allurerc.json")

    assert done.returncode == gate, done.stdout + done.stderr
    if gate:
        assert "maxFailures" in done.stdout + done.stderr
    assert verdict["decision"] == ("no-go" if gate else "go")


def test_each_shard_of_a_split_run_has_release_checks_of_its_own(tmp_path: Path) -> None:
    for group in (1, 2):
        document = {
            "decision": "go",
            "reasons": [],
            "environment": "prod",
            "counts": {"passed": 1, "ran": 1},
            "shard": {"group": group, "splits": 2},
        }
        write(tmp_path, document, reported=(1, 1))
    checks = [json.loads(path.read_text()) for path in tmp_path.glob("*-result.json")]
    names = sorted(check["name"] for check in checks)
    assert names == [
        "release decision (shard 1 of 2)",
        "release decision (shard 2 of 2)",
        "selected tests all ran (shard 1 of 2)",
        "selected tests all ran (shard 2 of 2)",
    ]
    assert len({check["historyId"] for check in checks}) == 4  # no shard a retry of another
