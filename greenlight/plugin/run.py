"""The hooks and fixtures of a pytest run that uses greenlight: wiring only.

Registered by :mod:`greenlight.plugin` once it knows the project uses greenlight; each
hook delegates to the module that owns the concern (context, channels, safety, probes,
report, verdict).
"""

from __future__ import annotations

from typing import Any

import pytest

from greenlight.errors import SystemFailedToStart
from greenlight.plugin import (
    browser,
    channels,
    context,
    features,
    lean_workers,
    safety,
    scenario_lines,
)
from greenlight.plugin.fixtures import (
    aliases,
    cleanup,
    forget_exchanges,
    greenlight_env,
    http_client,
    http_session,
    unreported_exchanges,
)
from greenlight.plugin.shards import ShardSplit
from greenlight.probes import client_latency
from greenlight.probes import plugin as probes_plugin
from greenlight.probes import session as probes
from greenlight.report import plugin as report_plugin
from greenlight.report import results_dir
from greenlight.verdict import plugin as verdict_plugin

__all__ = ["aliases", "channel", "cleanup", "greenlight_env", "http_client", "http_session"]

channel = channels.channel


def configure(config: pytest.Config) -> None:
    """Resolve the environment and prepare each concern; a ConfigError is a usage error."""
    # First: pytest calls the hooks registered first last, and the split comes last.
    ShardSplit.configure(config)
    context.configure(config)
    channels.configure(config)
    lean_workers.configure(config)
    safety.configure(config)
    probes.configure(config)
    verdict_plugin.configure(config)
    scenario_lines.configure(config)
    if config.pluginmanager.hasplugin("playwright"):
        config.pluginmanager.register(browser, "greenlight-browser")
    if config.pluginmanager.hasplugin("pytest-bdd"):
        config.pluginmanager.register(features.FeatureCheck(config), "greenlight-features")
    results_dir.configure(config)
    config.pluginmanager.register(report_plugin, "greenlight-report")
    config.pluginmanager.register(probes_plugin, "greenlight-probes")


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    if not session.config.option.collectonly:
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


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    safety.worker_down(node.config, node)


def pytest_report_header(config: pytest.Config) -> list[str]:
    return safety.header(config)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    line = safety.summary(config)
    if line:
        terminalreporter.write_line(line, yellow=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Any:
    report = yield
    verdict_plugin.label(item, report)
    # In the process that made the exchanges: the report takes their timings to the controller.
    client_latency.carry(report, unreported_exchanges(item))
    if report.when == "teardown":
        # pytest keeps every item to the end of the session: its exchanges need not stay.
        forget_exchanges(item)
    return report
