"""One line per scenario as it ends, then one line per failure: a smoke run read at a glance.

    $ pytest --env=prod
      PASS  smoke  Checking out places an order (api)                       0.42s
      FAIL  smoke  Order status is shown (api)                              1.03s
    ...
    greenlight: 1 of 2 scenarios failed:
      FAIL  Order status is shown (api): AssertionError: status 500

In the manner of ``npx checkly test``: the mark, the scenario's name and channel, how
long it took; the failure digest comes at the end, above pytest's own summary. On by
default on a sensitive environment (a smoke run after a deploy, read by whoever
deployed); ``--scenario-lines on|off`` says otherwise. With ``-v`` pytest already
prints a line per test, so these stay off. pytest's progress dots give way to the
lines; everything else (tracebacks, the summary, the verdict) is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from greenlight.plugin.context import RunContext
from greenlight.terminal import printable
from greenlight.verdict.outcomes import CHANNEL_ATTR, CHECK_ATTR, SCENARIO_ATTR, first_error_line

CHOICES = ("auto", "on", "off")
_MARKS = ("smoke", "destructive", "check")
_NAME_WIDTH = 60


def add_options(parser: pytest.Parser) -> None:
    parser.getgroup("greenlight").addoption(
        "--scenario-lines",
        choices=CHOICES,
        default="auto",
        help="one line per scenario as it ends, and a digest of failures: on, off, or auto "
        "(default: on for a sensitive environment, unless -v).",
    )


def configure(config: pytest.Config) -> None:
    """Register the reporter in the process that prints (the controller), when it is on."""
    if hasattr(config, "workerinput") or config.option.collectonly:
        return
    choice = config.getoption("scenario_lines")
    wanted = choice == "on" or (choice == "auto" and RunContext.of(config).env.sensitive)
    if wanted and config.get_verbosity() <= 0:
        config.pluginmanager.register(ScenarioLines(config), "greenlight-scenario-lines")


@dataclass(eq=False)  # a plugin object: registered by identity
class ScenarioLines:
    config: pytest.Config
    failures: list[str] = field(default_factory=list)
    ended: int = 0

    def pytest_sessionstart(self) -> None:
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.showfspath = False  # the file name before the dots: our lines say more

    def pytest_report_teststatus(self, report: pytest.TestReport) -> tuple[str, str, str] | None:
        # pytest's progress dot gives way to our line; the category (and so the counts) stays.
        if getattr(report, CHECK_ATTR, False) and report.when == "call":
            return report.outcome, "", report.outcome.upper()
        return None

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if not getattr(report, CHECK_ATTR, False):
            return
        failed_outside = report.when != "call" and report.failed
        if report.when != "call" and not failed_outside:
            return
        if str(report.outcome) == "rerun":
            state = "RETRY"
        elif report.failed:
            state = "FAIL" if report.when == "call" else "ERROR"
        else:
            state = "PASS" if report.passed else "SKIP"
        title = _title(report)
        mark = next((mark for mark in _MARKS if mark in report.keywords), "-")
        self._write(f"  {state:<5} {mark:<11} {title:<{_NAME_WIDTH}} {report.duration:6.2f}s")
        self.ended += 1
        if state in ("FAIL", "ERROR"):
            self.failures.append(f"  {state:<5} {title}: {first_error_line(report)}")

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.failures:
            return
        terminalreporter.write_line(
            f"greenlight: {len(self.failures)} scenario failure(s):", red=True, bold=True
        )
        for line in self.failures:
            terminalreporter.write_line(printable(line))

    def _write(self, line: str) -> None:
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(printable(line))


def _title(report: pytest.TestReport) -> str:
    name = getattr(report, SCENARIO_ATTR, None) or report.nodeid
    channel = getattr(report, CHANNEL_ATTR, None)
    return f"{name} ({channel})" if channel else str(name)
