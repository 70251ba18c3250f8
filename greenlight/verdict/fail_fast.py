"""Fast no-go: where the environment is sensitive, the first failure decides.

Owns ``--fail-fast``; the environment's ``fail_fast`` setting (default: on where the
environment is sensitive) applies when the option is not given::

    $ pytest --env=prod                    # fail_fast is on for a sensitive environment
    !!!!!!!!!! greenlight fail-fast: stopped at the first failure !!!!!!!!!!
    greenlight: NO-GO - 1 of 1 failed on prod: Checkout (api)
    $ pytest --env=prod --fail-fast=off    # run every scenario, decide at the end

A failed test report (not an attempt pytest-rerunfailures retries) stops the run. The
scenario that failed, and any other already running, finish with their teardown and
cleanup; none starts after it. In one process pytest's own ``session.shouldfail`` does
that; with pytest-xdist the failing worker also leaves a flag file that every worker
reads before it starts its next test. The verdict then says which failure stopped the
run and how many selected tests did not run because of it (:func:`stop_reason`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

STOPPED = "greenlight fail-fast: stopped at the first failure"
_WORKER_KEY = "greenlight_fail_fast_flag"
_CHOICES = {"on": True, "off": False}


def add_options(parser: pytest.Parser) -> None:
    parser.getgroup("greenlight").addoption(
        "--fail-fast",
        default=None,
        choices=sorted(_CHOICES),
        help="on: stop at the first failure and write the no-go at once "
        "(default: the environment's fail_fast, on where it is sensitive).",
    )


def enabled(config: pytest.Config, setting: bool) -> bool:
    """The option if given, else the environment's setting."""
    given = config.getoption("fail_fast", None)
    return _CHOICES[given] if given is not None else setting


@dataclass(eq=False)  # a plugin object: registered by identity
class FailFast:
    """Registered in every process of a fail-fast run: stops it at the first failure."""

    flag: Path  # exists once any process saw a failure
    session: pytest.Session | None = None
    first_failure: str | None = None  # the node id whose failure stopped the run

    @staticmethod
    def register(config: pytest.Config, workdir: Path) -> FailFast:
        workerinput: dict[str, Any] | None = getattr(config, "workerinput", None)
        shared = workerinput[_WORKER_KEY] if workerinput is not None else None
        plugin = FailFast(flag=Path(shared) if shared else workdir / "fail-fast-stop")
        config.pluginmanager.register(plugin, "greenlight-fail-fast")
        return plugin

    @staticmethod
    def find(config: pytest.Config) -> FailFast | None:
        plugin = config.pluginmanager.get_plugin("greenlight-fail-fast")
        return plugin if isinstance(plugin, FailFast) else None

    @property
    def stopped(self) -> bool:
        return self.first_failure is not None

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.session = session

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        node.workerinput[_WORKER_KEY] = str(self.flag)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: Any) -> bool | None:
        if self.flag.exists():  # another worker failed: start nothing more
            item.session.shouldfail = STOPPED
            return True
        return None

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # pytest-rerunfailures' "rerun" outcome is not failed: only a final failure stops.
        if not report.failed or self.first_failure is not None:
            return
        self.first_failure = report.nodeid
        # In an xdist controller too: the sooner the flag is there, the less starts.
        self.flag.touch()
        if self.session is not None:
            self.session.shouldfail = STOPPED

    def is_own_stop(self, error: BaseException) -> bool:
        """Whether an interruption is pytest-xdist passing on this stop (not Ctrl-C)."""
        return self.stopped and STOPPED in str(error)


def stop_reason(stopped_by: str, missing: int, selected: int) -> str:
    """The verdict's sentence for the tests a fast no-go left out."""
    return (
        f"The run stopped at the first failure ({stopped_by}), as fail_fast asks: "
        f"{missing} of the {selected} selected tests did not run because of it."
    )
