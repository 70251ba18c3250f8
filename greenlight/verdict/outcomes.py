"""Outcomes: what each scenario of the run finally did, from pytest's test reports.

The controller feeds every report here (with pytest-xdist, workers' reports arrive at
the controller through the same hook), so a parallel run counts what a serial run does.

    >>> outcomes = Outcomes()
    >>> for report in reports:          # pytest_runtest_logreport
    ...     outcomes.record(report)
    >>> outcomes.counts()
    {'passed': 13, 'failed': 1, 'errors': 0, 'skipped': 0, 'deselected': 2, 'flaky': 1}

A scenario rerun by pytest-rerunfailures (outcome ``rerun``) that finally passed is
flaky. A failure in setup or teardown is an error. A failed cleanup is kept per
attempt (``cleanup_failures``), since a retried attempt's teardown report is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

import pytest

from greenlight.dsl import cleanup
from greenlight.plugin.scenarios import is_check

# Set on each report by the worker that ran the test, so the controller sees them too.
SCENARIO_ATTR = "greenlight_scenario"
CHANNEL_ATTR = "greenlight_channel"
CHECK_ATTR = "greenlight_check"
_PARAMS = re.compile(r"\[(.*)\]$")
ERROR_LINE = 300


@dataclass
class ScenarioOutcome:
    nodeid: str
    name: str
    channel: str | None
    outcome: str = "passed"  # passed, failed, error, skipped
    reruns: int = 0
    error: str | None = None  # first line of the failure
    cleanup_failures: dict[int, str] = field(default_factory=dict)  # attempt -> what failed

    @property
    def flaky(self) -> bool:
        return self.outcome == "passed" and self.reruns > 0

    @property
    def title(self) -> str:
        """``Checkout (api)``; other parameters as pytest shows them: ``test_total[api-4]``."""
        found = _PARAMS.search(self.nodeid)
        params = found.group(1) if found else ""
        if params and params != self.channel:
            return f"{self.name}[{params}]"
        return f"{self.name} ({self.channel})" if self.channel else self.name

    def as_dict(self) -> dict[str, Any]:
        return {
            "nodeid": self.nodeid,
            "name": self.name,
            "title": self.title,
            "channel": self.channel,
            "outcome": self.outcome,
            "reruns": self.reruns,
            "error": self.error,
        }


@dataclass
class Outcomes:
    scenarios: dict[str, ScenarioOutcome] = field(default_factory=dict)
    deselected: int = 0
    collection_errors: list[str] = field(default_factory=list)
    # Tests that are not release checks (a team's unit tests): they are not counted, but
    # a failing one means the run did not go as the team expects, so it is kept.
    other_failures: dict[str, str] = field(default_factory=dict)
    # Node ids whose teardown reported: their test ran its whole protocol.
    finished: set[str] = field(default_factory=set)

    def record(self, report: pytest.TestReport) -> None:
        if report.when == "teardown" and str(report.outcome) != "rerun":
            self.finished.add(report.nodeid)
        if not getattr(report, CHECK_ATTR, True):
            if report.failed:
                self.other_failures.setdefault(report.nodeid, first_error_line(report))
            return
        scenario = self.scenarios.get(report.nodeid)
        if scenario is None:
            scenario = ScenarioOutcome(
                nodeid=report.nodeid,
                name=getattr(report, SCENARIO_ATTR, None) or _name_from_nodeid(report.nodeid),
                channel=getattr(report, CHANNEL_ATTR, None),
            )
            self.scenarios[report.nodeid] = scenario
        _record_cleanup(scenario, report)
        # pytest-rerunfailures adds this outcome, which pytest's types do not know.
        if str(report.outcome) == "rerun":
            # The attempt before a retry: the next attempt's reports start afresh.
            scenario.reruns += 1
            scenario.outcome, scenario.error = "passed", None
            return
        if report.when == "setup":
            scenario.outcome, scenario.error = "passed", None
        if report.failed:
            if report.when == "call":
                scenario.outcome = "failed"
            elif scenario.outcome != "failed":
                scenario.outcome = "error"
            scenario.error = scenario.error or first_error_line(report)
        elif report.skipped and scenario.outcome == "passed":
            scenario.outcome = "skipped"

    def record_collection(self, report: pytest.CollectReport) -> None:
        if report.failed:
            where = report.nodeid or "(the test session)"
            self.collection_errors.append(f"{where}: {first_error_line(report)}")

    def count_deselected(self, items: Iterable[pytest.Item]) -> None:
        self.deselected += checks_among(items)

    def with_outcome(self, outcome: str) -> list[ScenarioOutcome]:
        return [s for s in self.scenarios.values() if s.outcome == outcome]

    @property
    def unfinished(self) -> list[ScenarioOutcome]:
        """Scenarios that started but never reported their end: their outcome is unknown."""
        return [s for s in self.scenarios.values() if s.nodeid not in self.finished]

    @property
    def any_failure(self) -> bool:
        return bool(
            self.with_outcome("failed")
            or self.with_outcome("error")
            or self.other_failures
            or self.collection_errors
            or self.unfinished
        )

    @property
    def flaky(self) -> list[ScenarioOutcome]:
        return [s for s in self.scenarios.values() if s.flaky]

    @property
    def ran(self) -> int:
        """Scenarios that ran to an outcome (skipped and unfinished ones proved nothing)."""
        return sum(
            1
            for s in self.scenarios.values()
            if s.outcome != "skipped" and s.nodeid in self.finished
        )

    def counts(self) -> dict[str, int]:
        unfinished = {s.nodeid for s in self.unfinished}
        return {
            "passed": sum(1 for s in self.with_outcome("passed") if s.nodeid not in unfinished),
            "failed": len(self.with_outcome("failed")),
            "errors": len(self.with_outcome("error")),
            "skipped": len(self.with_outcome("skipped")),
            "deselected": self.deselected,
            "flaky": len(self.flaky),
        }


def _record_cleanup(scenario: ScenarioOutcome, report: pytest.TestReport) -> None:
    for name, value in report.user_properties:
        if name == cleanup.PROPERTY:
            attempt, failures = cast("tuple[int, str]", value)  # a list once xdist carried it
            scenario.cleanup_failures[int(attempt)] = str(failures)


def checks_among(items: Iterable[pytest.Item]) -> int:
    return sum(1 for item in items if is_check(item))


def label(item: pytest.Item, report: pytest.TestReport) -> None:
    """Attach the scenario's name, channel and whether it is a check to its report."""
    setattr(report, CHECK_ATTR, is_check(item))
    setattr(report, SCENARIO_ATTR, scenario_name(item))
    callspec = getattr(item, "callspec", None)
    channel = callspec.params.get("channel") if callspec is not None else None
    setattr(report, CHANNEL_ATTR, str(channel) if channel is not None else None)


def scenario_name(item: pytest.Item) -> str:
    # pytest-bdd documents each scenario function as "<feature>: <scenario>".
    if "_pytest_bdd_example" in getattr(item, "fixturenames", ()):
        doc = getattr(getattr(item, "obj", None), "__doc__", None) or ""
        _feature, colon, scenario = doc.partition(": ")
        if colon and scenario:
            return scenario.strip()
    return getattr(item, "originalname", None) or item.name


def first_error_line(report: pytest.TestReport | pytest.CollectReport) -> str:
    """The line of the failure a person reads first, e.g. ``AssertionError: total 16.50``."""
    line = _first_line(report)
    # One line of a verdict, never a page: the report keeps the whole failure.
    return line if len(line) <= ERROR_LINE else line[: ERROR_LINE - 3] + "..."


def _first_line(report: pytest.TestReport | pytest.CollectReport) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr or "")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # Tracebacks as plain text end with the exception; a crash message starts with it.
    if crash is None:
        errors = [line for line in lines if line.startswith("E ")]
        if errors:
            return errors[0][2:].strip()
        return lines[-1] if lines else "(no error message)"
    return lines[0] if lines else "(no error message)"


def _name_from_nodeid(nodeid: str) -> str:
    return _PARAMS.sub("", nodeid.rsplit("::", 1)[-1])
