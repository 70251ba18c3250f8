"""The decision page and the report's body, read in real Chromium, for a probe no-go and a go.

Each run is the reference suite against the embedded reference shop, with one probe
on the shop's real metrics: ``fail_above = 0`` on its request count breaches (every
scenario passes, the probe alone says no-go), ``fail_below = 1`` holds (a go).
``greenlight report`` builds each report; pages are served on 127.0.0.1. The failing
scenario's page is read in test_report_in_browser.py.

Set ``GREENLIGHT_DOCS_SCREENSHOT=1`` to refresh docs/decision-page-*.png.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.framework.report.conftest import served

pytestmark = pytest.mark.timeout(300)

REPO = Path(__file__).resolve().parents[3]
ENVIRONMENT = """
[probed]
sensitive = false
channels = ["api"]
secrets = {{ admin_token = "SHOP_ADMIN_TOKEN" }}
timeouts = {{ request = 10, step = 10, scenario = 60 }}
probe_interval = 0.5

[probed.embedded]
command = "{{python}} -m sut --host 127.0.0.1 --port 0 --db {{workdir}}/shop.db"
service = "shop"

[[probed.probes]]
name = "requests"
kind = "metrics"
expression = "increase(http_requests_total)"
{threshold}
"""
ADMIN_TOKEN = {"SHOP_ADMIN_TOKEN": "decision-page-admin-token"}
THRESHOLDS = {"probe-no-go": "fail_above = 0", "go": "fail_below = 1"}


def build(folder: Path, threshold: str) -> Path:
    (folder / "environments.toml").write_text(ENVIRONMENT.format(threshold=threshold))
    suite = subprocess.run(
        [
            sys.executable, "-m", "pytest", "tests/acceptance", "-p", "no:cacheprovider",
            "-p", "no:randomly", "--env=probed", f"--environments={folder / 'environments.toml'}",
            "-k", "fills_and_empties", f"--alluredir={folder / 'allure-results'}",
            "--clean-alluredir", f"--verdict={folder / 'verdict.json'}",
        ],
        # os.environ as the session fixture left it: PYTHONPATH reaches the shop (``-m sut``).
        cwd=REPO, env={**os.environ, **ADMIN_TOKEN}, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert "1 passed" in suite.stdout, suite.stdout[-3000:] + suite.stderr
    report = subprocess.run(
        [
            str(Path(sys.executable).with_name("greenlight")), "report", "--env=probed",
            f"--results={folder / 'allure-results'}",
        ],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert report.returncode == 0, report.stdout + report.stderr
    return folder / "allure-report"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    with contextlib.ExitStack() as stack:
        yield {
            name: stack.enter_context(served(build(tmp_path_factory.mktemp(name), threshold)))
            for name, threshold in THRESHOLDS.items()
        }


def screenshot(page: Page, name: str) -> None:
    if os.environ.get("GREENLIGHT_DOCS_SCREENSHOT"):
        page.screenshot(path=str(REPO / "docs" / f"decision-page-{name}.png"), full_page=True)


def chart_drawn(page: Page, probe: str) -> bool:
    image = page.locator(f'img[alt="chart of {probe}"]')
    return bool(image.evaluate("img => img.complete && img.naturalWidth > 0"))


def test_a_probe_no_go_page_leads_with_the_probe_and_its_chart(
    report_page: Page, reports: dict[str, str]
) -> None:
    report_page.goto(reports["probe-no-go"] + "verdict.html")
    assert report_page.inner_text("#decision") == "NO-GO"
    headline = report_page.inner_text("#headline")
    assert headline.startswith("NO-GO - 1/1 scenarios passed on probed (shop ")
    assert " - probes: probe requests breached: " in headline
    assert "next: check the breached probe's metric" in headline
    row = report_page.locator('tr[data-probe="requests"]')
    cells = row.locator("td").all_inner_texts()
    assert cells[0:3] == ["requests", "metrics", "breach"]
    assert float(cells[3]) > 0 and cells[4] == "fail > 0"
    assert chart_drawn(report_page, "requests")
    assert report_page.locator("#failed-scenarios").count() == 0  # every scenario passed
    screenshot(report_page, "probe-no-go")


def test_the_report_body_shows_the_failed_release_check_of_a_probe_no_go(
    report_page: Page, reports: dict[str, str]
) -> None:
    report_page.goto(reports["probe-no-go"])
    report_page.get_by_text("Metadata").wait_for()
    text = report_page.inner_text("body")
    assert "Release verdict - NO-GO - 1/1 scenarios passed" in text
    assert re.search(r"Failed\s+2\b", text), text[:2000]  # the probe and the decision
    assert "Release checks" in text and "probe requests" in text
    report_page.get_by_text("probe requests", exact=True).click()
    report_page.wait_for_timeout(500)
    body = report_page.inner_text("body")
    assert "breach: value" in body and "(fail > 0)" in body


def test_a_go_page_says_what_passed_with_no_reasons(
    report_page: Page, reports: dict[str, str]
) -> None:
    report_page.goto(reports["go"] + "verdict.html")
    assert report_page.inner_text("#decision") == "GO"
    assert re.fullmatch(
        r"GO - 1/1 scenarios passed on probed \(shop [^)]+\)", report_page.inner_text("#headline")
    )
    assert report_page.locator("#reasons").count() == 0
    assert "(none given)" not in report_page.inner_text("body")
    cells = report_page.locator('tr[data-probe="requests"] td').all_inner_texts()
    assert cells[2] == "ok" and cells[4] == "fail < 1"
    assert chart_drawn(report_page, "requests")
    screenshot(report_page, "go")
    report_page.goto(reports["go"])
    report_page.get_by_text("Metadata").wait_for()
    text = report_page.inner_text("body")
    assert "Release verdict - GO" in text and not re.search(r"Failed\s+[1-9]", text)
