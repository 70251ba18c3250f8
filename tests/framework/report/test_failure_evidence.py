"""A failure's evidence is its own step's: an earlier call is listed, never shown as the cause.

A scenario asks the shop how it is (one exchange) and then fails in a step that makes
no request; another fails in the request of its second step, after a first one that
made a request too. Real pytest runs against the embedded reference shop.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.framework.report.conftest import (
    assert_outcomes,
    attachment_names,
    results,
    run_pytest,
    write_project,
)

pytestmark = pytest.mark.timeout(180)

FEATURE = """
Feature: Health

  Scenario: A check fails after a request
    Given the shop
    When the operator asks how it is
    Then a check fails

  Scenario: The second request fails
    Given the shop
    When the operator asks how it is
    And the operator asks for a page that does not exist
"""

MORE_STEPS = """

@then("a check fails")
def _(operator):
    assert operator.status == "on fire", "the shop is not on fire"
"""


@pytest.fixture(scope="module")
def failed_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = write_project(tmp_path_factory.mktemp("evidence"))
    (project / "health.feature").write_text(FEATURE)
    with (project / "test_health.py").open("a") as steps:
        steps.write(MORE_STEPS)
    assert_outcomes(run_pytest(project), failed=2)
    return project / "reports" / "local" / "allure-results"


def evidence(folder: Path, title: str) -> dict[str, str]:
    found = results(folder)[title]
    return {a["name"]: (folder / a["source"]).read_text() for a in found.get("attachments", [])}


def test_a_step_that_made_no_request_is_not_shown_an_earlier_one(failed_run: Path) -> None:
    shown = evidence(failed_run, "A check fails after a request [api]")
    assert "last HTTP exchange" not in shown
    # The earlier call is still there, in the scenario's list of exchanges.
    assert shown["HTTP exchanges (1)"].startswith("1/1 GET http://127.0.0.1:")
    assert "/health -> 200" in shown["HTTP exchanges (1)"].splitlines()[0]


def test_the_failing_steps_own_request_is_the_last_exchange(failed_run: Path) -> None:
    shown = evidence(failed_run, "The second request fails [api]")
    assert "/api/missing" in shown["last HTTP exchange"].splitlines()[0]
    every = shown["HTTP exchanges (2)"]
    assert every.index("1/2 GET") < every.index("/health") < every.index("2/2 GET")
    assert "/api/missing" in every


def test_only_failures_carry_exchanges(failed_run: Path) -> None:
    for title, found in results(failed_run).items():
        names = attachment_names(found)
        assert all(not name.startswith("GET ") for name in names), (title, names)
