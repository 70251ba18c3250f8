"""Probes in a whole pytest run: their readings, results and reasons reach verdict.json."""

from __future__ import annotations

import json
from typing import Any

import pytest

from greenlight.probes.session import _json_number
from tests.framework.probes.conftest import StartShop

PROBES = """
[local]
sensitive = false
services = {{ shop = "{url}" }}
probe_interval = 0.2

[[local.probes]]
name = "health"
kind = "health"
version = "1.0.0"

[[local.probes]]
name = "products-browsed"
kind = "metrics"
expression = 'increase(http_requests_total{{route="/api/products"}})'
warn_below = 3
fail_below = 1
"""
BROKEN = """
[[local.probes]]
name = "orders-placed"
kind = "metrics"
expression = "increase(orders_placed_total)"
fail_below = 1

[[local.probes]]
name = "vanished-metric"
kind = "metrics"
expression = "increase(no_such_metric_total)"
fail_above = 0

[[local.probes]]
name = "missing-log"
kind = "log"
path = "{{workdir}}/not-there.log"
pattern = "ERROR"
fail_above = 0
optional = true
"""
BROWSE = """
import pytest
import requests

@pytest.mark.check
def test_browse(greenlight_env):
    for _ in range({count}):
        requests.get(greenlight_env.base_url + "/api/products", timeout=10).raise_for_status()
"""


def run(pytester: pytest.Pytester, environments: str, browse: int) -> dict[str, Any]:
    pytester.makefile(".toml", environments=environments)
    pytester.makepyfile(test_browse=BROWSE.format(count=browse))
    result = pytester.runpytest_subprocess("-p", "no:randomly", "--verdict=out/verdict.json")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*greenlight probes*", "*probe*kind*result*value*thresholds*"])
    verdict: dict[str, Any] = json.loads((pytester.path / "out" / "verdict.json").read_text())
    return verdict


def test_healthy_probes_leave_a_go(
    pytester: pytest.Pytester, start_logging_shop: StartShop
) -> None:
    shop = start_logging_shop()
    verdict = run(pytester, PROBES.format(url=shop.url), browse=5)
    assert verdict["decision"] == "go"
    probes = {probe["name"]: probe for probe in verdict["evidence"]["probes"]}
    assert probes["products-browsed"]["result"] == "ok"
    assert probes["products-browsed"]["value"] == 5
    assert probes["products-browsed"]["thresholds"] == {"warn_below": 3, "fail_below": 1}
    assert len(probes["health"]["readings"]) >= 2
    assert (pytester.path / "out" / "probes" / "products-browsed.png").read_bytes()[
        :4
    ] == b"\x89PNG"


def test_breach_warning_and_unreadable_probes(
    pytester: pytest.Pytester, start_logging_shop: StartShop
) -> None:
    shop = start_logging_shop()
    verdict = run(pytester, PROBES.format(url=shop.url) + BROKEN, browse=2)
    assert verdict["decision"] == "no-go"
    reasons = "\n".join(verdict["reasons"])
    notes = "\n".join(verdict["notes"])
    # A breach blocks, naming the probe; so does a probe that could not be read.
    assert "probe orders-placed breached: 0 is below fail_below 1" in reasons
    assert (
        "probe vanished-metric inconclusive: could not be read: "
        "the scrape has no metric no_such_metric_total" in reasons
    )
    # A warning and an optional probe that could not be read do not block.
    assert "probe products-browsed warns: 2 is below warn_below 3" in notes
    assert "optional probe missing-log could not be read" in notes
    assert "products-browsed" not in reasons and "missing-log" not in reasons
    results = {probe["name"]: probe["result"] for probe in verdict["evidence"]["probes"]}
    assert results == {
        "health": "ok",
        "products-browsed": "warning",
        "orders-placed": "breach",
        "vanished-metric": "unreadable",
        "missing-log": "unreadable",
    }


def test_a_value_json_cannot_hold_is_left_out() -> None:
    assert _json_number(float("nan")) is None
    assert _json_number(float("inf")) is None
    assert _json_number(0.25) == 0.25
