"""The reporting hooks, registered by greenlight's plugin; each delegates in one line.

Registered from ``pytest_configure`` (after :func:`results_dir.configure` chose the
results folder), so a run without allure-pytest or pytest-bdd still works: the
pytest-bdd hooks are optional.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import pytest

from greenlight.plugin.context import RunContext
from greenlight.report import (
    allure_fixtures,
    failure_attachments,
    gherkin_steps,
    labels,
    report_files,
    secret_mask,
)


def pytest_configure(config: pytest.Config) -> None:
    # allure-pytest registers these too; without it they stay inert, not unknown.
    config.addinivalue_line("markers", f"{labels.LABEL_MARK}: Allure label (greenlight report)")
    config.addinivalue_line("markers", f"{labels.LINK_MARK}: Allure link (greenlight report)")
    run = RunContext.find(config)
    if run is not None:
        secret_mask.prepare(run.env)
        secret_mask.register(config, run.env.secrets)
    config.pluginmanager.register(failure_attachments.Hooks(), "greenlight-failure-evidence")


def pytest_sessionstart(session: pytest.Session) -> None:
    # After every pytest_configure: allure-pytest's writer exists by now.
    allure_fixtures.install(session.config)


@pytest.hookimpl(optionalhook=True)
def pytest_bdd_apply_tag(tag: str, function: Callable[..., object]) -> object:
    return labels.apply_tag(tag, function)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    labels.label_items(config, items)


@pytest.hookimpl(optionalhook=True)
def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    gherkin_steps.before_scenario(request, feature, scenario)


@pytest.hookimpl(optionalhook=True)
def pytest_bdd_before_step(request: pytest.FixtureRequest, step: Any) -> None:
    gherkin_steps.before_step(request, step)


@pytest.hookimpl(optionalhook=True)
def pytest_bdd_after_step(request: pytest.FixtureRequest) -> None:
    gherkin_steps.after_step(request)


@pytest.hookimpl(optionalhook=True)
def pytest_bdd_step_error(request: pytest.FixtureRequest, exception: BaseException) -> None:
    gherkin_steps.step_error(request, exception)


# Around every plugin's header lines: pytest-base-url prints the URL, userinfo and all.
@pytest.hookimpl(wrapper=True)
def pytest_report_header(config: pytest.Config) -> Generator[None, Any, Any]:
    parts = yield
    return secret_mask.masked_header(config, parts)


# Innermost: masked before allure-pytest, JUnit XML and the terminal read the report.
# Evidence is attached by failure_attachments.Hooks, the outermost wrapper.
@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_runtest_makereport(item: pytest.Item) -> Generator[None, Any, None]:
    outcome = yield
    run = RunContext.find(item.config)
    if run is not None:
        secret_mask.mask_report(outcome.get_result(), run.env.secrets)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    failure_attachments.share_with_worker(node.config, node.workerinput)


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    results = getattr(config.option, "allure_report_dir", None)
    run = RunContext.find(config)
    if results and run and not hasattr(config, "workerinput") and not config.option.collectonly:
        report_files.write_all(Path(results), run.env, os.environ, config.rootpath)
