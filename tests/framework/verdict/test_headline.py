"""One headline for a decision: what ran, where, the root cause first, then what to do next."""

from __future__ import annotations

import pytest

from greenlight.verdict.words import headline
from tests.framework.verdict.conftest import last_line, verdict_of


def test_a_broken_module_is_the_root_cause_not_the_interruption_it_caused(
    shop_project: pytest.Pytester,
) -> None:
    shop_project.makepyfile(test_broken="import a_module_that_is_not_there\n")
    result = shop_project.runpytest_subprocess()
    assert result.ret != 0
    verdict = verdict_of(shop_project)
    assert verdict["reasons"][0].startswith("1 collection error(s): ")
    assert "The run was interrupted before it finished." in verdict["reasons"]
    line = last_line(result)
    assert line.startswith("greenlight: NO-GO - no scenarios ran on local (shop 2.1.0) - ")
    assert " - 1 collection error(s): " in line and "test_broken.py" in line
    assert f"(+{len(verdict['reasons']) - 1} more)" in line
    assert line.endswith(
        "; next: fix the module or feature file that does not load, then run again"
    )


def test_failed_scenarios_keep_every_other_blocking_reason_in_the_count() -> None:
    document = {
        "decision": "no-go",
        "reasons": [
            "1 of 2 scenarios failed: Checkout (api).",
            "probes: probe latency inconclusive: could not be read: connection refused",
        ],
        "next_step": "read the failures (greenlight report), fix them, then run again",
        "environment": "prod",
        "target": "canary",
        "sensitive": True,
        "service": "shop",
        "system_version": "1.3.0",
        "counts": {"passed": 1, "ran": 2},
    }
    assert headline(document) == (
        "greenlight: NO-GO - 1/2 smoke scenarios passed on prod (canary) (shop 1.3.0) - "
        "1 of 2 scenarios failed: Checkout (api) (+1 more); next: read the failures "
        "(greenlight report), fix them, then run again"
    )
    assert headline(document, program=False).startswith("NO-GO - 1/2 smoke scenarios passed")


def test_a_go_says_what_passed_where_and_on_which_version() -> None:
    document = {
        "decision": "go",
        "reasons": [],
        "environment": "prod",
        "sensitive": True,
        "service": "shop",
        "system_version": "2.1.0",
        "counts": {"passed": 14, "ran": 14, "flaky": 1},
    }
    assert headline(document) == (
        "greenlight: GO - 14/14 smoke scenarios passed on prod (shop 2.1.0), 1 flaky"
    )
