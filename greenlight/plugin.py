"""The pytest plugin: hooks and wiring only; each concern lives in its own module."""

from __future__ import annotations

from typing import Any

import pytest

from greenlight import browser, channels, context, safety
from greenlight.errors import ConfigError, SystemFailedToStart
from greenlight.fixtures import aliases, cleanup, greenlight_env, http_client, http_session
from greenlight.probes import hooks as probe_hooks
from greenlight.probes import session as probes
from greenlight.report import hooks as report_hooks
from greenlight.report import results_dir
from greenlight.verdict import run as verdict_run

__all__ = ["aliases", "channel", "cleanup", "greenlight_env", "http_client", "http_session"]

channel = channels.channel


def pytest_addoption(parser: pytest.Parser) -> None:
    context.add_options(parser)
    channels.add_options(parser)
    verdict_run.add_options(parser)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if config.option.help:
        return
    try:
        context.configure(config)
        channels.configure(config)
        safety.configure(config)
        probes.configure(config)
        verdict_run.configure(config)
    except ConfigError as error:
        raise pytest.UsageError(str(error)) from None
    if config.pluginmanager.hasplugin("playwright"):
        config.pluginmanager.register(browser, "greenlight-browser")
    results_dir.configure(config)
    config.pluginmanager.register(report_hooks, "greenlight-report")
    config.pluginmanager.register(probe_hooks, "greenlight-probes")


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    if context.RunContext.find(session.config) and not session.config.option.collectonly:
        try:
            context.start_system(session.config)
        except SystemFailedToStart as error:
            raise pytest.UsageError(str(error)) from None


def pytest_unconfigure(config: pytest.Config) -> None:
    context.stop_system(config)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    context.share_with_worker(node.config, node.workerinput)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    channels.parametrize(metafunc)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    safety.guard(config, items)


def pytest_report_header(config: pytest.Config) -> list[str]:
    return safety.header(config)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    line = safety.summary(config)
    if line:
        terminalreporter.write_line(line, yellow=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Any:
    report = yield
    verdict_run.label(item, report)
    return report
