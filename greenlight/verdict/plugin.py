"""The verdict's part of a pytest run: options, outcome collection, decision, exit code.

Owns ``--verdict`` and ``--expect-version``. Only the controller decides (pytest-xdist
workers send their reports to it); it writes ``reports/<env>/verdict.json``, JUnit XML
beside it unless ``--junitxml`` says otherwise, and sets the exit code: 0 if and only
if the decision is go.

The decision is taken in one place that always runs: a wrapper around every other
``pytest_sessionfinish``, so a plugin or writer that raises there becomes a reason, not
a missing verdict. The previous run's verdict is removed before this run starts, so a
run that never decides (a usage error, a crash, SIGKILL) leaves no stale GO behind.
Greenlight never lowers an exit status it did not raise.

    $ pytest --env=prod --expect-version=2.1.0
    ...
    greenlight: GO - 14/14 smoke scenarios passed on prod (shop 2.1.0)
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Generator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from greenlight import progress_file
from greenlight.errors import ConfigError
from greenlight.plugin.context import RunContext
from greenlight.plugin.shards import Shard
from greenlight.probes.health import read_version
from greenlight.report.report_files import git_commit
from greenlight.terminal import printable_lines
from greenlight.verdict import surfaces
from greenlight.verdict.decision import RunFacts, Verdict, decide
from greenlight.verdict.evidence import Evidence, Reason
from greenlight.verdict.fail_fast import FailFast
from greenlight.verdict.fail_fast import add_options as add_fail_fast_option
from greenlight.verdict.fail_fast import enabled as fail_fast_enabled
from greenlight.verdict.interruptions import Interruptions
from greenlight.verdict.outcomes import Outcomes, checks_among
from greenlight.verdict.outcomes import label as label
from greenlight.verdict.policy import ReleasePolicy
from greenlight.verdict.promotion import carry_out
from greenlight.verdict.words import describe

VERSION_TIMEOUT = 5.0
_KEY = pytest.StashKey["VerdictRun"]()
_DESELECTED = "greenlight_deselected"
_PLAIN_NAME = re.compile(r"[A-Za-z0-9_.-]+")


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
    add_fail_fast_option(parser)


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
    # None until collection ends: the node ids pytest was asked to run.
    selected: list[str] | None = None
    # What went wrong around the tests: internal errors, hooks that raised at the end.
    breakdowns: list[str] = field(default_factory=list)
    interruptions: Interruptions = field(default_factory=Interruptions.install)

    @staticmethod
    def find(config: pytest.Config) -> VerdictRun | None:
        return config.stash.get(_KEY, None)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.selected = [item.nodeid for item in session.items]
        self._progress()

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        # Every worker collects the whole selection; the scheduler hands it out.
        self.selected = sorted({*(self.selected or ()), *ids})
        self._progress()

    def _progress(self) -> None:
        """How far the run has got, for ``greenlight release`` waiting on it."""
        path = os.environ.get(progress_file.VARIABLE)
        if not path:
            return
        counts = self.outcomes.counts()
        total = None if self.selected is None else len(self.selected)
        done = len(self.outcomes.finished)
        progress_file.write(
            Path(path), progress_file.Counts(done, total, counts["failed"] + counts["errors"])
        )

    def pytest_internalerror(self, excrepr: Any, excinfo: Any) -> None:
        self.breakdowns.append(f"pytest stopped with an internal error: {_last_line(excrepr)}")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.outcomes.record(report)
        if report.when == "teardown":
            self._progress()

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        self.outcomes.record_collection(report)

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self.outcomes.count_deselected(items)

    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        # pytest-xdist passes a worker's fast no-go on as an interruption: not a Ctrl-C.
        fail_fast = FailFast.find(self.config)
        if fail_fast is None or not fail_fast.is_own_stop(excinfo.value):
            self.interrupted = True

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any) -> None:
        # Each xdist worker collects and deselects the whole suite; any one of them says how many.
        deselected = getattr(node, "workeroutput", {}).get(_DESELECTED, 0)
        self.outcomes.deselected = max(self.outcomes.deselected, deselected)

    # Around every other sessionfinish, so probes and report writers have added their
    # evidence, and whatever they raise is a reason against the release.
    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> Generator[None, None, None]:
        failure: BaseException | None = None
        try:
            yield
        except KeyboardInterrupt:
            self.interrupted = True
            session.exitstatus = pytest.ExitCode.INTERRUPTED
        except BaseException as error:  # a plugin's bug: keep it, decide, then let pytest show it
            failure = error
            self.breakdowns.append(
                f"A hook at the end of the run raised {type(error).__name__}: {error}"
            )
        finally:
            finish(self, session)
        if failure is not None:
            raise failure

    def pytest_unconfigure(self) -> None:
        self.interruptions.uninstall()
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
    if not config.option.collectonly and fail_fast_enabled(config, policy.fail_fast):
        FailFast.register(config, RunContext.of(config).workdir)
    if hasattr(config, "workerinput"):
        config.pluginmanager.register(WorkerDeselections(config), "greenlight-verdict-worker")
        return
    if config.option.collectonly:
        return
    path = verdict_path(config, env.name)
    assert path is not None  # a loaded environment's name is a plain name
    # Set before pytest's junitxml plugin reads it in its own pytest_configure.
    if not config.option.xmlpath:
        config.option.xmlpath = str(path.parent / "junit.xml")
    run = VerdictRun(config=config, policy=policy, path=path)
    config.stash[_KEY] = run
    config.pluginmanager.register(run, "greenlight-verdict")


def verdict_path(config: pytest.Config, env_name: str) -> Path | None:
    """Where this run's verdict goes; None for a name that is no plain file name."""
    given = config.getoption("verdict")
    if given:
        return Path(given)
    if not _PLAIN_NAME.fullmatch(env_name) or set(env_name) == {"."}:
        return None
    return config.rootpath / "reports" / env_name / "verdict.json"


def remove_stale(config: pytest.Config, env_name: str) -> None:
    """Remove the previous run's verdict (and the JUnit XML greenlight put beside it).

    Called before the environment is even read: a run that ends in a usage error, a
    failed start, a crash or SIGKILL must not leave the last run's GO for a pipeline.
    """
    if hasattr(config, "workerinput") or config.option.collectonly:
        return
    path = verdict_path(config, env_name)
    if path is None:
        return
    stale = [path] if config.option.xmlpath else [path, path.parent / "junit.xml"]
    for file in stale:
        try:
            file.unlink()
        except (FileNotFoundError, NotADirectoryError):
            continue  # nothing there: nothing stale
        except OSError as error:
            raise ConfigError(
                [
                    f"{file}: the previous run's file cannot be removed ({error.strerror}); "
                    "a pipeline could read it as this run's: remove it, or pass --verdict PATH"
                ]
            ) from None


def finish(run: VerdictRun, session: pytest.Session) -> None:
    """Decide, write the verdict, act on it, write it again and set the exit code."""
    config = session.config
    env = RunContext.of(config).env
    run.interrupted = run.interrupted or run.interruptions.count > 0
    fail_fast = FailFast.find(config)
    stopped_by = fail_fast.first_failure if fail_fast is not None else None
    if (
        stopped_by is not None
        and not run.interrupted
        and session.exitstatus == pytest.ExitCode.INTERRUPTED
    ):
        # pytest-xdist's way of passing on the stop; serial runs end with "failed".
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    reading = read_version(
        env.base_url, env.health_path, timeout=min(env.request_timeout, VERSION_TIMEOUT)
    )
    facts = RunFacts(
        environment=env.name,
        target=env.target,
        base_url=env.base_url,
        service=env.primary_service,
        sensitive=env.sensitive,
        system_version=reading.version,
        expected_version=config.getoption("expect_version"),
        interrupted=run.interrupted or session.exitstatus == pytest.ExitCode.INTERRUPTED,
        start=run.start,
        end=datetime.now(UTC),
        git_commit=git_commit(config.rootpath, os.environ),
        shard=shard.as_dict() if (shard := Shard.of(config)) is not None else None,
    )
    evidence = Evidence.of(config)
    if reading.problem:  # never shown raw, never handed to a hook: a reason against
        evidence.add_reason(Reason(reading.problem, source="health"))
    for text in [*run.breakdowns, *_exit_status_reasons(session.exitstatus, run)]:
        evidence.add_reason(Reason(text, source="pytest"))
    verdict = decide(
        run.outcomes, run.policy, facts, evidence, selected=run.selected, stopped_by=stopped_by
    )
    run.verdict = verdict
    # Written before the hooks, so promote and rollback read this run's decision in
    # {verdict}; written again with what they did.
    _write(run, verdict, env.secrets)
    run.lines = carry_out(verdict, run.policy, env, run.path, shard=facts.shard is not None)
    if run.lines:  # the recommendation, or what the hooks did: the decision page shows it
        verdict.document["actions"] = printable_lines(run.lines)
    if verdict.document["hooks"] or run.lines:
        _write(run, verdict, env.secrets)
    problem = surfaces.write_release_checks(
        config, verdict, env.secrets, run.selected, run.outcomes.finished
    )
    if problem:
        verdict.add_reason(problem)
        _write(run, verdict, env.secrets)
    run.lines += surfaces.write_ci_surfaces(config, verdict, env.secrets)
    # Never lower an exit status greenlight did not raise.
    if not verdict.go and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _write(run: VerdictRun, verdict: Verdict, secrets: Any) -> None:
    try:
        with run.interruptions.deferred():
            verdict.write(run.path, secrets=secrets)
    except OSError as error:
        # A pipeline that finds no verdict must not read the run as a go.
        verdict.add_reason(f"The verdict could not be written to {run.path}: {error.strerror}.")
    except KeyboardInterrupt:
        run.interrupted = True
        verdict.add_reason("The run was interrupted while its verdict was written.")
        with run.interruptions.deferred(), contextlib.suppress(OSError):
            verdict.write(run.path, secrets=secrets)


def _exit_status_reasons(status: int, run: VerdictRun) -> list[str]:
    """pytest's own exit status, where it says more than the outcomes do."""
    if status == pytest.ExitCode.INTERNAL_ERROR and not run.breakdowns:
        return ["pytest stopped with an internal error (exit status 3)."]
    if status == pytest.ExitCode.TESTS_FAILED and run.outcomes.ran and not run.outcomes.any_failure:
        return ["pytest counted failures that no scenario reported; see the terminal output."]
    if status not in (
        pytest.ExitCode.OK,
        pytest.ExitCode.TESTS_FAILED,
        pytest.ExitCode.INTERRUPTED,
        pytest.ExitCode.INTERNAL_ERROR,
        pytest.ExitCode.NO_TESTS_COLLECTED,
    ):
        return [f"pytest ended with exit status {int(status)}."]
    return []


def _last_line(excrepr: Any) -> str:
    lines = [line.strip() for line in str(excrepr).splitlines() if line.strip()]
    return lines[-1] if lines else "(no message)"


def summary(run: VerdictRun) -> list[str]:
    """The verdict in words for the end of the terminal output; the headline comes last."""
    if run.verdict is None:
        return []
    described = describe(run.verdict.document)
    written = f"greenlight: verdict written to {run.path}" if run.path.is_file() else None
    return [*described[1:], *run.lines, *([written] if written else []), described[0]]


def write_summary(run: VerdictRun) -> None:
    reporter = run.config.pluginmanager.get_plugin("terminalreporter")
    # One screen line each: no newline or escape from the system can forge a headline.
    lines = printable_lines(summary(run))
    if reporter is None or not lines:
        return
    go = run.verdict is not None and run.verdict.go
    for line in lines[:-1]:
        reporter.write_line(line)
    reporter.write_line(lines[-1], green=go, red=not go, bold=True)
