"""What a run leaves in allure-results: titles, labels, links, nested steps and evidence."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.framework.report.conftest import (
    PLANTED_SECRET,
    assert_outcomes,
    attachment_names,
    files_containing,
    labels,
    results,
    run_pytest,
    scenario_results,
    steps,
    write_project,
)

# Each test runs pytest in a subprocess against an embedded shop; some run it twice.
pytestmark = pytest.mark.timeout(180)

RESULTS = Path("reports", "local", "allure-results")
HEALTHY = "The shop is healthy [api]"
MISSING = "The shop has no such page [api]"
BROKEN = "A step breaks [api]"


def test_a_run_leaves_results_under_reports_env(one_run: Path) -> None:
    found = results(one_run / RESULTS)
    assert set(found) == {HEALTHY, MISSING, BROKEN}
    assert [found[name]["status"] for name in (HEALTHY, MISSING, BROKEN)] == [
        "passed",
        "failed",
        "broken",
    ]


def test_each_scenario_carries_labels_and_links(one_run: Path) -> None:
    healthy = results(one_run / RESULTS)[HEALTHY]
    shown = labels(healthy)
    assert shown["feature"] == ["Health"]
    assert shown["story"] == ["The shop is healthy"]
    assert shown["channel"] == ["api"]
    assert shown["environment"] == ["local"]
    assert {"smoke", "issue:42"} <= set(shown["tag"])
    assert {
        "type": "issue",
        "url": "https://tracker.example.com/issues/42",
        "name": "issue:42",
    } in healthy["links"]


def test_dsl_calls_nest_under_gherkin_steps_with_their_exchanges(one_run: Path) -> None:
    healthy = results(one_run / RESULTS)[HEALTHY]
    outline = [(depth, step["name"]) for depth, step in steps(healthy)]
    assert [(depth, name.split(" (")[0]) for depth, name in outline] == [
        (1, "Given the shop"),
        (1, "When the operator asks how it is"),
        (2, "ask health: customer=olive"),
        (1, "Then it says ok"),
    ]
    # The alias the scenario wrote, and the real name the system saw.
    assert re.fullmatch(r"ask health: customer=olive \(olive-\w+\)", outline[2][1])
    # A passing scenario is cheap: its exchanges are not rendered or written.
    assert attachment_names(healthy) == []


def test_a_failure_shows_the_last_exchange_and_the_system_log(one_run: Path) -> None:
    folder = one_run / RESULTS
    found = results(folder)
    missing = found[MISSING]
    assert missing["statusDetails"]["message"].startswith("greenlight.drivers.http.HttpError: GET")
    failed_step = [step for _, step in steps(missing) if step["status"] == "failed"]
    assert [step["name"] for step in failed_step] == [
        "When the operator asks for a page that does not exist",
        "ask missing",
    ]
    evidence = {a["name"]: a["source"] for a in missing["attachments"]}
    assert set(evidence) >= {"last HTTP exchange", "system log (tail)"}
    last = (folder / evidence["last HTTP exchange"]).read_text()
    assert last.startswith("GET http://127.0.0.1:") and "-> 404" in last.splitlines()[0]
    assert "token=***" in last
    every = (folder / evidence["HTTP exchanges (1)"]).read_text()
    assert every.startswith("1/1 GET http://127.0.0.1:") and "response body:" in every
    assert "shop serving http://127.0.0.1:" in (folder / evidence["system log (tail)"]).read_text()
    # A broken step: no HTTP exchange happened in it, the log is still shown.
    assert "system log (tail)" in attachment_names(found[BROKEN])
    assert [s["status"] for _, s in steps(found[BROKEN]) if s["name"] == "When a step breaks"] == [
        "broken"
    ]


def test_nothing_secret_is_written_under_reports(one_run: Path) -> None:
    reports = one_run / "reports"
    assert any(reports.rglob("*-attachment*"))
    assert files_containing(reports, PLANTED_SECRET) == []


def test_report_files_describe_the_run(one_run: Path) -> None:
    folder = one_run / RESULTS
    properties = dict(
        line.split("=", 1) for line in (folder / "environment.properties").read_text().splitlines()
    )
    assert properties["environment"] == "local"
    assert properties["url"].startswith("http://127.0.0.1:")
    assert properties["system.version"] == "1.0.0"
    assert properties["git.commit"] == "abc123"
    assert properties["greenlight.version"] not in ("", "unknown")
    executor = json.loads((folder / "executor.json").read_text())
    assert executor["name"] == "GitHub Actions"
    assert executor["buildUrl"] == "https://github.com/acme/shop/actions/runs/987"
    assert executor["buildOrder"] == 12
    categories = json.loads((folder / "categories.json").read_text())
    assert [c["name"] for c in categories] == [
        "Environment problems",
        "Product defects",
        "Broken tests",
    ]


def test_the_default_folder_holds_one_run_and_a_named_one_is_left_alone(tmp_path: Path) -> None:
    project = write_project(tmp_path)
    for _ in range(2):
        run_pytest(project, "-k", "healthy")
    assert len(scenario_results(project / RESULTS)) == 1

    named = project / "mine"
    for _ in range(2):
        run_pytest(project, "-k", "healthy", f"--alluredir={named}")
    assert len(scenario_results(named)) == 2


def test_parallel_workers_share_one_folder_the_controller_emptied(tmp_path: Path) -> None:
    project = write_project(tmp_path)
    named = project / "mine"
    named.mkdir()
    (named / "stale-result.json").write_text("{}")
    done = run_pytest(project, "-n", "2", f"--alluredir={named}", "--clean-alluredir")
    assert_outcomes(done, passed=1, failed=2)
    assert not (named / "stale-result.json").exists()
    found = results(named)
    assert set(found) == {HEALTHY, MISSING, BROKEN}
    assert (named / "environment.properties").is_file()
    # The workers did not start the system, yet show its log.
    assert "system log (tail)" in attachment_names(found[MISSING])


def test_without_allure_pytest_a_run_writes_no_results_and_warns_nothing(tmp_path: Path) -> None:
    project = write_project(tmp_path)
    done = run_pytest(project, "-k", "healthy", "-p", "no:allure_pytest", "-W", "error")
    assert_outcomes(done, passed=1)
    assert "warning" not in done.stdout
    assert not (project / RESULTS).exists()
