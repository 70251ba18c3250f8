"""What a failed scenario leaves in its report: its exchanges, system log, screenshot, trace.

A passing scenario leaves none of this: its exchanges stay in memory and are dropped.
On a failure in setup or call, attached to the test:

* ``last HTTP exchange``: the last request of the failing step and its answer (of
  the setup, when that failed); none when the failing step made no request, so a
  reader is never shown an unrelated earlier call as the cause;
* ``HTTP exchanges (N)``: every exchange of the scenario's attempt, in order, in one
  attachment (headers, bodies, timings), so nothing the report showed is lost;
* ``system log (tail)``: the end of the embedded system's log, when greenlight
  started the system.

When the teardown is over, the screenshot and Playwright trace that pytest-playwright
kept for a failing UI scenario (``--screenshot only-on-failure``, ``--tracing
retain-on-failure``) are attached too. Everything textual passes through the
environment's secret mask first.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import allure
import pytest

from greenlight.plugin.context import RunContext
from greenlight.plugin.fixtures import attempt_exchanges, step_exchanges
from greenlight.secrets import Secrets

LOG_TAIL_LINES = 40
_WORKER_LOG = "greenlight_system_log"
_PLAYWRIGHT_FILES = {
    "playwright_screenshot": ("screenshot", allure.attachment_type.PNG),
    "playwright_trace": ("Playwright trace (open with: playwright show-trace)", None),
    "playwright_video": ("video", allure.attachment_type.WEBM),
}


class Hooks:
    """Registered beside the reporting hooks: this wrapper must be the outermost one."""

    # Outermost, so that on the teardown report pytest-playwright has named its files.
    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_runtest_makereport(self, item: pytest.Item) -> Generator[None, Any, None]:
        outcome = yield
        report: pytest.TestReport = outcome.get_result()
        attach(item, report)
        attach_artifacts(item, report)


def share_with_worker(config: pytest.Config, workerinput: dict[str, Any]) -> None:
    """Workers did not start the system; tell them where its log is."""
    run = RunContext.find(config)
    if run is not None and run.system is not None:
        workerinput[_WORKER_LOG] = str(run.system.log)


def attach(item: pytest.Item, report: pytest.TestReport) -> None:
    if not report.failed:
        return
    run = RunContext.find(item.config)
    secrets = run.env.secrets if run is not None else Secrets()
    if report.when in ("setup", "call"):
        _attach_exchanges(item, secrets)
        _attach_log_tail(item.config, secrets)


def attach_artifacts(item: pytest.Item, report: pytest.TestReport) -> None:
    """After pytest-playwright moved the kept files and named them on the teardown report."""
    if report.when != "teardown":
        return
    for key, value in report.user_properties:
        if key not in _PLAYWRIGHT_FILES:
            continue
        path = Path(str(value))
        if not path.is_absolute():
            path = Path(item.config.invocation_params.dir, path)
        if path.is_file():
            name, kind = _PLAYWRIGHT_FILES[key]
            allure.attach.file(  # type: ignore[no-untyped-call]
                str(path), name=name, attachment_type=kind, extension=path.suffix.lstrip(".")
            )


def _attach_exchanges(item: pytest.Item, secrets: Secrets) -> None:
    failing = step_exchanges(item)
    if failing:
        allure.attach(
            failing[-1].render(secrets),
            name="last HTTP exchange",
            attachment_type=allure.attachment_type.TEXT,
        )
    every = attempt_exchanges(item)
    if every:
        rule = "\n\n" + "=" * 72 + "\n\n"
        allure.attach(
            rule.join(f"{n}/{len(every)} {e.render(secrets)}" for n, e in enumerate(every, 1)),
            name=f"HTTP exchanges ({len(every)})",
            attachment_type=allure.attachment_type.TEXT,
        )


def _attach_log_tail(config: pytest.Config, secrets: Secrets) -> None:
    log = system_log(config)
    if log is None:
        return
    try:
        lines = log.read_text(errors="replace").splitlines()[-LOG_TAIL_LINES:]
    except OSError:
        return
    allure.attach(
        secrets.mask("\n".join(lines) or "(empty log)"),
        name="system log (tail)",
        attachment_type=allure.attachment_type.TEXT,
    )


def system_log(config: pytest.Config) -> Path | None:
    """The embedded system's log, in the controller or in an xdist worker; None if remote."""
    run = RunContext.find(config)
    if run is not None and run.system is not None:
        return run.system.log
    shared = getattr(config, "workerinput", {}).get(_WORKER_LOG)
    return Path(shared) if shared else None
