"""Sensitive environments: smoke only, never destructive, and say so."""

from __future__ import annotations

import pytest


def test_a_sensitive_environment_runs_only_smoke_scenarios_and_says_why(
    project: pytest.Pytester,
) -> None:
    result = project.runpytest("--env=prod", "-v")
    result.assert_outcomes(passed=2, deselected=2)
    result.stdout.fnmatch_lines(
        [
            "greenlight: environment prod, target default, app=http://127.0.0.1:19",
            "WARNING: PROD IS A SENSITIVE ENVIRONMENT: only @smoke scenarios run, never @destructive",
            "*test_browse[[]api[]] PASSED*",
            "*test_health[[]api[]] PASSED*",
            "greenlight: prod is sensitive: deselected 1 scenario(s) not tagged @smoke and 1 tagged @destructive (only @smoke scenarios run on a sensitive environment)",
        ]
    )


def test_the_sensitive_deselection_line_also_ends_a_parallel_run(project: pytest.Pytester) -> None:
    """Under pytest-xdist the workers deselect; the controller still says how many."""
    result = project.runpytest_subprocess("--env=prod", "-n", "2", "-p", "no:randomly")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(
        [
            "greenlight: prod is sensitive: deselected 1 scenario(s) not tagged @smoke and 1 tagged @destructive (only @smoke scenarios run on a sensitive environment)",
        ]
    )


@pytest.mark.parametrize(
    "how",
    [
        ["test_shop.py::test_wipe_stock"],
        ["-k", "wipe"],
        ["-m", "destructive"],
        ["-m", "destructive or smoke"],
    ],
)
def test_a_destructive_scenario_never_runs_on_a_sensitive_environment(
    project: pytest.Pytester, how: list[str]
) -> None:
    result = project.runpytest("--env=prod", "-v", *how)
    assert "test_wipe_stock" not in "".join(
        line for line in result.outlines if "PASSED" in line or "FAILED" in line
    )
    assert result.parseoutcomes().get("passed", 0) in (0, 2)
    result.stdout.fnmatch_lines(["*deselected*"])


def test_smoke_and_destructive_together_is_refused(project: pytest.Pytester) -> None:
    project.makefile(
        ".feature",
        shop="Feature: Shop\n  @smoke @destructive\n  Scenario: Wipe\n    Given a shop\n",
    )
    project.makepyfile(
        test_shop="from pytest_bdd import given, scenarios\nscenarios('shop.feature')\n@given('a shop')\ndef _(): pass\n"
    )
    result = project.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "ERROR: 1 scenario(s) tagged both @smoke and @destructive; a smoke scenario must be safe to run in production*",
            "  - shop.feature:3: Scenario: Wipe",
        ]
    )


def test_a_non_sensitive_environment_runs_everything(project: pytest.Pytester) -> None:
    result = project.runpytest()
    result.assert_outcomes(passed=7)
    assert "SENSITIVE" not in result.stdout.str()


def test_the_environments_selection_applies_unless_the_user_chose(project: pytest.Pytester) -> None:
    project.makefile(
        ".toml",
        environments='[local]\nsensitive = false\nselect = "smoke"\nservices = { app = "http://127.0.0.1:9" }\n',
    )
    project.runpytest().assert_outcomes(passed=2, deselected=2)
    project.runpytest("-m", "not smoke").assert_outcomes(passed=2, deselected=2)
