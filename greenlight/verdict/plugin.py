"""The verdict's part of a pytest run: options, outcome collection, decision, exit code.

Owns ``--verdict`` and ``--expect-version``. Only the controller decides (pytest-xdist
workers send their reports to it); it writes ``reports/<env>/verdict.json``, JUnit XML
beside it unless ``--junitxml`` says otherwise, and sets the exit code: 0 if and only
if the decision is go.

    $ pytest --env=prod --expect-version=2.1.0
    ...
    greenlight: GO - 14/14 smoke scenarios passed on prod (shop 2.1.0)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from greenlight.plugin.context import RunContext
from greenlight.probes.health import system_version
from greenlight.report.report_files import git_commit
from greenlight.verdict.decision import RunFacts, Verdict, decide
from greenlight.verdict.evidence import Evidence
from greenlight.verdict.outcomes import Outcomes, checks_among
from greenlight.verdict.outcomes import label as label
from greenlight.verdict.policy import ReleasePolicy
from greenlight.verdict.promotion import carry_out
from greenlight.verdict.words import describe

VERSION_TIMEOUT = 5.0
_KEY = pytest.StashKey["VerdictRun"]()
_DESELECTED = "greenlight_deselected"


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("greenlight")
    group.addoption(
        "--verdict",
        default=None,
        metavar="PATH",
        help="where to write the release verdict (default: reports/<env>/verdict.json).",
    )
    group.addoption(
        "--expect-version",
        default=None,
        metavar="VERSION",
        help="the version just deployed; the verdict is no-go if the system reports another.",
    )


@dataclass(eq=False)  # a plugin object: registered by identity
class VerdictRun:
    """Registered as a plugin in the controller: collects outcomes, then decides."""

    config: pytest.Config
    policy: ReleasePolicy
    path: Path
    start: datetime = field(default_factory=lambda: datetime.now(UTC))
    outcomes: Outcomes = field(default_factory=Outcomes)
    interrupted: bool = False
    verdict: Verdict | None = None
    lines: list[str] = field(default_factory=list)

    @staticmethod
    def find(config: pytest.Config) -> VerdictRun | None:
        return config.stash.get(_KEY, None)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.outcomes.record(report)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        self.outcomes.record_collection(report)

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self.outcomes.count_deselected(items)

    def pytest_keyboard_interrupt(self) -> None:
        self.interrupted = True

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any) -> None:
        # Each xdist worker collects and deselects the whole suite; any one of them says how many.
        deselected = getattr(node, "workeroutput", {}).get(_DESELECTED, 0)
        self.outcomes.deselected = max(self.outcomes.deselected, deselected)

    # Last, so probes and other parts have added their evidence before the decision.
    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        finish(self, session)

    def pytest_unconfigure(self) -> None:
        # After pytest's own "N passed" line, so the headline ends the output.
        write_summary(self)


class WorkerDeselections:
    """In an xdist worker: deselection happens here, so tell the controller how much."""

    def __init__(self, config: pytest.Config) -> None:
        self.output: dict[str, Any] = getattr(config, "workeroutput", {})
        self.output[_DESELECTED] = 0

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self.output[_DESELECTED] += checks_among(items)


def configure(config: pytest.Config) -> None:
    """Read the policy (workers too: they run the retries), then prepare the controller."""
    env = RunContext.of(config).env
    policy = ReleasePolicy.of(env)
    if (
        policy.reruns is not None
        and config.getoption("reruns", None) is None
        and not config.getini("reruns")
    ):
        config.option.reruns = policy.reruns
    if hasattr(config, "workerinput"):
        config.pluginmanager.register(WorkerDeselections(config), "greenlight-verdict-worker")
        return
    if config.option.collectonly:
        return
    given = config.getoption("verdict")
    path = Path(given) if given else config.rootpath / "reports" / env.name / "verdict.json"
    # Set before pytest's junitxml plugin reads it in its own pytest_configure.
    if not config.option.xmlpath:
        config.option.xmlpath = str(path.parent / "junit.xml")
    run = VerdictRun(config=config, policy=policy, path=path)
    config.stash[_KEY] = run
    config.pluginmanager.register(run, "greenlight-verdict")


def finish(run: VerdictRun, session: pytest.Session) -> None:
    """Decide, act on the decision, write the verdict and set the exit code."""
    config = session.config
    env = RunContext.of(config).env
    facts = RunFacts(
        environment=env.name,
        target=env.target,
        base_url=env.base_url,
        service=env.primary_service,
        sensitive=env.sensitive,
        system_version=system_version(
            env.base_url, env.health_path, timeout=min(env.request_timeout, VERSION_TIMEOUT)
        ),
        expected_version=config.getoption("expect_version"),
        interrupted=run.interrupted or session.exitstatus == pytest.ExitCode.INTERRUPTED,
        start=run.start,
        end=datetime.now(UTC),
        git_commit=git_commit(config.rootpath, os.environ),
    )
    verdict = decide(run.outcomes, run.policy, facts, Evidence.of(config))
    run.lines = carry_out(verdict, run.policy, env, run.path)
    run.verdict = verdict
    try:
        verdict.write(run.path, secrets=env.secrets)
    except OSError as error:
        # A pipeline that finds no verdict must not read the run as a go.
        verdict.add_reason(f"The verdict could not be written to {run.path}: {error.strerror}.")
    if verdict.go:
        session.exitstatus = pytest.ExitCode.OK
    elif session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def summary(run: VerdictRun) -> list[str]:
    """The verdict in words for the end of the terminal output; the headline comes last."""
    if run.verdict is None:
        return []
    described = describe(run.verdict.document)
    written = f"greenlight: verdict written to {run.path}" if run.path.is_file() else None
    return [*described[1:], *run.lines, *([written] if written else []), described[0]]


def write_summary(run: VerdictRun) -> None:
    reporter = run.config.pluginmanager.get_plugin("terminalreporter")
    lines = summary(run)
    if reporter is None or not lines:
        return
    go = run.verdict is not None and run.verdict.go
    for line in lines[:-1]:
        reporter.write_line(line)
    reporter.write_line(lines[-1], green=go, red=not go, bold=True)
