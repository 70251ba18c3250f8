"""The HTML report as a person sees it: built from two runs against a faulty reference shop.

The shop runs with ``--fault wrong-total``: one scenario fails through the API and
through the browser, another passes through both. ``greenlight report`` builds the
report after each run; headless Chromium then reads what a person would.

Set ``GREENLIGHT_DOCS_SCREENSHOT=1`` to refresh docs/report-overview.png.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page

from tests.framework.report.conftest import PLANTED_SECRET, files_containing, served

# Two suite runs and two report builds happen in the first test's setup.
pytestmark = pytest.mark.timeout(300)

REPO = Path(__file__).resolve().parents[3]
FAULTY = """
[faulty]
sensitive = false
channels = ["api", "ui"]
secrets = { admin_token = "SHOP_ADMIN_TOKEN" }
timeouts = { request = 10, step = 10, scenario = 60 }

[faulty.embedded]
command = "{python} -m sut --host 127.0.0.1 --port 0 --db {workdir}/shop.db --fault wrong-total"
service = "shop"
"""
SELECTED = "fills_and_empties or places_an_order"
FAILING = "Checking out places an order for the basket's total"
PASSING = "A customer fills and empties a basket"


def _run(command: list[str], folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SHOP_ADMIN_TOKEN": PLANTED_SECRET}
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def run_suite_and_report(folder: Path) -> str:
    suite = _run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/acceptance",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
            "--env=faulty",
            f"--environments={folder / 'environments.toml'}",
            "-k",
            SELECTED,
            f"--alluredir={folder / 'allure-results'}",
            "--clean-alluredir",
            f"--verdict={folder / 'verdict.json'}",
            f"--output={folder / 'test-results'}",
        ],
        folder,
    )
    assert "2 failed, 2 passed" in suite.stdout, suite.stdout[-3000:] + suite.stderr
    report = _run(
        [
            str(Path(sys.executable).with_name("greenlight")),
            "report",
            "--env=faulty",
            f"--results={folder / 'allure-results'}",
        ],
        folder,
    )
    assert report.returncode == 0, report.stdout + report.stderr
    return report.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("faulty")
    (folder / "environments.toml").write_text(FAULTY)
    printed = [run_suite_and_report(folder) for _ in range(2)]
    return folder, printed


@pytest.fixture(scope="module")
def report_url(built: tuple[Path, list[str]]) -> Iterator[str]:
    """The report folder served over HTTP on 127.0.0.1, as static pages would serve it."""

    with served(built[0] / "allure-report") as url:
        yield url


def open_overview(page: Page, url: str) -> str:
    page.goto(url)
    page.get_by_text("Metadata").wait_for()
    return str(page.inner_text("body"))


def tab_label(page: Page, tab: str) -> Locator:
    """A test's tab, e.g. "Attachments 5": its name, then a counter."""
    return page.get_by_text(re.compile(f"^{tab}")).first


def open_tab(page: Page, url: str, title: str, tab: str) -> str:
    open_overview(page, url)
    page.get_by_text(title, exact=True).click()
    tab_label(page, tab).click()
    page.wait_for_timeout(500)
    return str(page.inner_text("body"))


def test_the_command_prints_the_report_path_and_verdict(built: tuple[Path, list[str]]) -> None:
    folder, printed = built
    assert f"report: {folder / 'allure-report' / 'index.html'}" in printed[-1]
    assert "verdict: NO-GO - 2/4 scenarios passed on faulty (shop " in printed[-1]
    assert " - 2 of 4 scenarios failed: " in printed[-1]


def test_the_overview_shows_scenarios_environment_and_verdict(
    report_page: Page, report_url: str
) -> None:
    text = open_overview(report_page, report_url)
    # Four scenarios, and the release checks: all selected tests ran, the decision failed.
    assert re.search(r"Total\s+6\b", text)
    assert re.search(r"Failed\s+3\b", text) and re.search(r"Passed\s+3\b", text)
    assert "Release checks" in text
    assert re.search(r"environment\s+faulty", text)
    assert "Release verdict - NO-GO" in text
    for title in (f"{FAILING} [api]", f"{FAILING} [ui]"):
        assert title in text
    if os.environ.get("GREENLIGHT_DOCS_SCREENSHOT"):
        report_page.evaluate("window.scrollTo(0, 0)")
        report_page.screenshot(path=str(REPO / "docs" / "report-overview.png"))


def test_a_failed_api_scenario_shows_its_evidence(report_page: Page, report_url: str) -> None:
    text = open_tab(report_page, report_url, f"{FAILING} [api]", "Attachments")
    assert "Category: Product defects" in text
    assert "last HTTP exchange" in text
    assert "system log (tail)" in text
    assert "screenshot" not in text


def test_a_failed_ui_scenario_shows_screenshot_and_trace(
    report_page: Page, report_url: str
) -> None:
    text = open_tab(report_page, report_url, f"{FAILING} [ui]", "Attachments")
    for name in ("screenshot", "Playwright trace", "system log (tail)"):
        assert name in text
    # The failing step acted in the browser: no HTTP call of an earlier step stands in for it.
    assert "last HTTP exchange" not in text


def test_two_runs_make_a_history(
    built: tuple[Path, list[str]], report_page: Page, report_url: str
) -> None:
    assert len((built[0] / "history.jsonl").read_text().splitlines()) == 2
    text = open_tab(report_page, report_url, f"{FAILING} [ui]", "History")
    assert "No history information available" not in text
    assert tab_label(report_page, "History").get_by_test_id("counter").inner_text() == "1"
    # The earlier run is listed with its date.
    assert re.search(r"\d+/\d+/\d{4} at \d+:\d+:\d+", text.split("History", 2)[-1])


def test_the_verdict_page_sits_beside_the_report(report_page: Page, report_url: str) -> None:
    open_overview(report_page, report_url)
    report_page.get_by_text("Release verdict").click()
    assert report_page.inner_text("#decision") == "NO-GO"


def test_the_decision_page_links_each_failed_scenario_to_its_page_in_the_report(
    report_page: Page, report_url: str
) -> None:
    report_page.goto(report_url + "verdict.html")
    assert report_page.inner_text("#headline").startswith("NO-GO - 2/4 scenarios passed on faulty")
    assert "next: read the failures (greenlight report)" in report_page.inner_text("#headline")
    rows = report_page.locator("#failed-scenarios tr:has(td)")
    assert rows.count() == 2
    for channel in ("api", "ui"):
        row = rows.filter(has_text=f"{FAILING} ({channel})")
        assert "expected a total of" in row.locator("td").nth(1).inner_text()  # first error
    link = rows.filter(has_text=f"{FAILING} (api)").locator("a")
    assert re.fullmatch(r"index\.html#[0-9a-f]+", link.get_attribute("href") or "")
    if os.environ.get("GREENLIGHT_DOCS_SCREENSHOT"):
        report_page.screenshot(path=str(REPO / "docs" / "decision-page-failed.png"), full_page=True)
    link.click()
    report_page.get_by_text("expected a total of").first.wait_for()
    # The scenario's own page: its title, and the failed step's error.
    assert f"{FAILING} [api]" in report_page.inner_text("body")
    assert "expected a total of" in report_page.inner_text("body")


def test_the_report_asks_nothing_of_any_other_host(report_page: Page, report_url: str) -> None:
    asked: list[str] = []
    report_page.on("request", lambda request: asked.append(request.url))
    open_overview(report_page, report_url)
    report_page.wait_for_timeout(1000)
    assert asked and all(url.startswith(report_url) or url.startswith("data:") for url in asked), [
        url for url in asked if not url.startswith(report_url)
    ]
    assert not report_page.locator("#greenlight-static-hint").is_visible()


def test_opened_from_disk_the_report_says_how_to_view_it(
    built: tuple[Path, list[str]], report_page: Page
) -> None:
    report_page.goto((built[0] / "allure-report" / "index.html").as_uri())
    hint = report_page.locator("#greenlight-static-hint")
    hint.wait_for()
    assert "greenlight report --env ENV --open" in hint.inner_text()
    assert hint.locator('a[href="verdict.html"]').count() == 1


def test_nothing_secret_anywhere_in_the_output(built: tuple[Path, list[str]]) -> None:
    folder = built[0]
    assert any((folder / "test-results").rglob("trace.zip"))
    assert files_containing(folder, PLANTED_SECRET) == []
