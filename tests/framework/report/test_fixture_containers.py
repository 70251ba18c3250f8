"""A scenario's Allure page lists the fixtures a reader cares about, not the plumbing."""

from __future__ import annotations

import json
from pathlib import Path

from allure_commons import model2
from allure_commons.logger import AllureFileLogger

from greenlight.report.allure_fixtures import ShownFixtures

RESULTS = Path("reports", "local", "allure-results")


def containers(folder: Path) -> list[dict[str, list[dict[str, str]]]]:
    return [json.loads(path.read_text()) for path in folder.glob("*-container.json")]


def test_a_run_writes_no_plumbing_fixture_and_no_lambda_teardown(one_run: Path) -> None:
    found = containers(one_run / RESULTS)
    befores = {b["name"] for c in found for b in c.get("befores", [])}
    afters = {a["name"] for c in found for a in c.get("afters", [])}
    # The suite's own fixture (the operator) and greenlight's cleanup; nothing else.
    assert befores == {"operator"}, befores
    assert not any(name.endswith("::<lambda>") for name in afters), afters
    assert all(c.get("befores") or c.get("afters") for c in found)  # no empty file


def test_a_fixture_that_broke_is_kept_whatever_its_name(tmp_path: Path) -> None:
    shown = ShownFixtures(AllureFileLogger(tmp_path))
    for status in ("passed", "broken"):
        container = model2.TestResultContainer(uuid=status, children=["test"])
        container.befores = [model2.TestBeforeResult(name="http_client", status=status)]
        container.afters = [model2.TestAfterResult(name="http_client::<lambda>", status=status)]
        shown.report_container(container)
    written = containers(tmp_path)
    assert [c["befores"][0]["status"] for c in written] == ["broken"]
    assert written[0]["afters"][0]["name"] == "http_client::<lambda>"
