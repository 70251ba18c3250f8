"""CI surfaces: the Markdown job summary and the verdict as a JUnit test case, from real runs."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from tests.framework.verdict.conftest import last_line, verdict_of


def summary_of_run(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[str, pytest.RunResult]:
    summary = project.path / "step-summary.md"
    summary.write_text("## an earlier step's summary\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = project.runpytest_subprocess(*args)
    return summary.read_text(), result


def verdict_case(path: Path) -> ElementTree.Element:
    cases = ElementTree.parse(path).getroot().iter("testcase")
    [case] = [c for c in cases if c.get("classname") == "greenlight"]
    return case


def test_the_job_summary_names_the_decision_and_the_root_cause(
    shop_project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, result = summary_of_run(shop_project, monkeypatch, "--env=broken")
    assert result.ret == 1
    assert text.startswith("## an earlier step's summary\n")  # appended, never replaced
    headline = last_line(result)
    assert f"### ❌ {headline}" in text
    assert "NO-GO" in headline and "1 of 2 scenarios failed: test_checkout (api)" in headline
    assert "| passed | failed | errors | skipped | flaky |" in text
    assert "| 1 | 1 | 0 | 0 | 0 |" in text
    assert "| test_checkout (api) | AssertionError: checkout answered 500" in text


def test_a_root_cause_that_is_no_scenario_leads_the_summary(
    shop_project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    text, result = summary_of_run(shop_project, monkeypatch, "--expect-version=2.2.0")
    assert result.ret == 1
    first = next(line for line in text.splitlines() if line.startswith("### "))
    assert first.startswith("### ❌ greenlight: NO-GO - 2/2 scenarios passed on local")
    assert "The system reports version 2.1.0, not the expected 2.2.0" in first
    assert "- The system reports version 2.1.0, not the expected 2.2.0." in text


def test_the_junit_file_carries_the_verdict_as_a_test_case(shop_project: pytest.Pytester) -> None:
    result = shop_project.runpytest_subprocess("--env=broken")
    junit = shop_project.path / "reports" / "broken" / "junit.xml"
    case = verdict_case(junit)
    assert case.get("name") == "release verdict"
    failure = case.find("failure")
    assert failure is not None and failure.get("message") == last_line(result)
    assert "- 1 of 2 scenarios failed: test_checkout (api)." in (failure.text or "")
    suite = ElementTree.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("tests") == "3" and suite.get("failures") == "2"


def test_a_go_is_a_passed_verdict_case_and_no_summary_without_the_variable(
    shop_project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    result = shop_project.runpytest_subprocess()
    assert result.ret == 0 and verdict_of(shop_project)["decision"] == "go"
    case = verdict_case(shop_project.path / "reports" / "local" / "junit.xml")
    assert case.find("failure") is None
    assert not (shop_project.path / "step-summary.md").exists()
