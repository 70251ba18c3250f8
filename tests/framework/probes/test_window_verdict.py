"""A whole pytest run on the real shop: a breach during the run that is gone by its end is a no-go."""

from __future__ import annotations

import json

import pytest

from tests.framework.probes.conftest import StartShop

ENVIRONMENTS = """
[local]
sensitive = false
services = {{ shop = "{url}" }}
probe_interval = 0.2

[[local.probes]]
name = "not-found-ratio"
kind = "metrics"
expression = 'increase(http_requests_total{{status=~"4\\\\d\\\\d"}}) / increase(http_requests_total)'
fail_above = 0.5
"""
# Lookups of products that do not exist, a pause long enough for readings to see
# them, then so much good traffic that the ratio over the whole window is small again.
BURST_THEN_RECOVER = """
import time

import pytest
import requests

@pytest.mark.check
def test_burst_then_recover(greenlight_env):
    base = greenlight_env.base_url
    for _ in range(10):
        assert requests.get(base + "/api/products/NO-SUCH-SKU", timeout=10).status_code == 404
    time.sleep(1.5)
    for _ in range(60):
        requests.get(base + "/api/products", timeout=10).raise_for_status()
"""


def test_a_breach_that_recovered_by_the_end_is_a_no_go(
    pytester: pytest.Pytester, start_logging_shop: StartShop
) -> None:
    shop = start_logging_shop()
    pytester.makefile(".toml", environments=ENVIRONMENTS.format(url=shop.url))
    pytester.makepyfile(test_burst=BURST_THEN_RECOVER)
    result = pytester.runpytest_subprocess("-p", "no:randomly", "--verdict=out/verdict.json")
    result.assert_outcomes(passed=1)
    verdict = json.loads((pytester.path / "out" / "verdict.json").read_text())
    (probe,) = verdict["evidence"]["probes"]
    values = [reading["value"] for reading in probe["readings"]]
    # By the end the window holds 10 misses in about 70 requests: under the bound.
    assert values[-1] is not None and values[-1] < 0.5, values
    assert verdict["decision"] == "no-go", verdict["reasons"]
    assert probe["result"] == "breach"
    assert probe["value"] > 0.5 and probe["seen"] < probe["readings"][-1]["seconds"]
    (reason,) = [reason for reason in verdict["reasons"] if "not-found-ratio" in reason]
    assert "probe not-found-ratio breached: " in reason
    assert "is above fail_above 0.5 at " in reason
    result.stdout.fnmatch_lines(["*not-found-ratio*breach*"])
