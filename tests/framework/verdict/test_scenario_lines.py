"""The per-scenario reporter: a line per scenario as it ends, then a line per failure."""

from __future__ import annotations

import pytest


def test_a_sensitive_run_prints_a_line_per_scenario_by_default(
    shop_project: pytest.Pytester,
) -> None:
    result = shop_project.runpytest_subprocess("--env=prod", "-p", "no:randomly")
    assert result.ret == 0
    result.stdout.fnmatch_lines(
        [
            "  PASS  smoke       test_health (api) * *.??s",
            "  PASS  smoke       test_checkout (api) * *.??s",
        ]
    )
    assert "test_smoke.py ." not in result.stdout.str()  # the lines replace the dots
    assert "scenario failure(s)" not in result.stdout.str()


def test_failures_end_in_a_digest_of_one_line_each(shop_project: pytest.Pytester) -> None:
    result = shop_project.runpytest_subprocess(
        "--env=broken", "--scenario-lines=on", "-p", "no:randomly", "-n", "2"
    )
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        [
            "  FAIL  smoke       test_checkout (api) * *.??s",
            "greenlight: 1 scenario failure(s):",
            "  FAIL  test_checkout (api): AssertionError: checkout answered 500",
            "FAILED test_smoke.py::test_checkout[[]api[]]*",  # pytest's own summary stays whole
        ]
    )


@pytest.mark.parametrize(
    "how", [["--env=local"], ["--env=prod", "-v"], ["--env=prod", "--scenario-lines=off"]]
)
def test_off_on_other_environments_with_v_or_when_asked(
    shop_project: pytest.Pytester, how: list[str]
) -> None:
    result = shop_project.runpytest_subprocess(*how, "-p", "no:randomly")
    assert result.ret == 0
    assert "  PASS  smoke" not in result.stdout.str()
