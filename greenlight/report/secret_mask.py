"""The last line of defence: no secret reaches the terminal, JUnit XML or Allure results.

greenlight masks what it writes itself (exchanges, messages, logs), but two writers
are not greenlight's: pytest's long tracebacks show the arguments of every frame
(``params = {'token': 's3cr3t'}``), and Allure writes the names and texts it is given.
So each test report is masked before anyone reads it, and each Allure result and
container before allure-pytest's file logger writes it:

    params = {'token': '***'}, headers = None

The policy is :class:`~greenlight.secrets.Secrets`'; :func:`prepare` gives it what the
environment adds (its URLs' passwords, its ``mask_fields``), and :func:`masked_header`
masks the report header, whichever plugin wrote the line.
"""

from __future__ import annotations

from typing import Any

import allure_commons
import pytest

from greenlight.config.environment import Environment
from greenlight.plugin.context import RunContext
from greenlight.secrets import Secrets


def prepare(env: Environment) -> None:
    """The environment's URL passwords and ``mask_fields`` join its masking policy."""
    for url in [*env.services.values(), *(u for t in env.targets.values() for u in t.values())]:
        env.secrets.learn_url(url)
    env.secrets.watch_fields(env.mask_fields)


def masked_header(config: pytest.Config, parts: list[str | list[str]]) -> list[str | list[str]]:
    """Every plugin's header lines (``baseurl: https://user:pw@...``) masked."""
    run = RunContext.find(config)
    secrets = run.env.secrets if run is not None else Secrets()
    return [
        secrets.mask(part) if isinstance(part, str) else [secrets.mask(line) for line in part]
        for part in parts
    ]


def mask_report(report: pytest.TestReport, secrets: Secrets) -> None:
    """Replace the report's traceback and captured output when they hold a secret."""
    # Credential fields are masked even where no secret is declared: always look.
    longrepr = report.longrepr
    if isinstance(longrepr, tuple):  # a skip: (path, line, reason)
        path, line, reason = longrepr
        report.longrepr = (path, line, secrets.mask(reason))
    elif longrepr is not None:
        text = str(longrepr)
        masked = secrets.mask(text)
        if masked != text:
            # A plain string keeps pytest, JUnit and Allure printing it as it is.
            report.longrepr = masked
    report.sections = [(title, secrets.mask(content)) for title, content in report.sections]


class AllureMask:
    """An allure-commons plugin, called before the file logger writes a result."""

    def __init__(self, secrets: Secrets) -> None:
        self.secrets = secrets

    @allure_commons.hookimpl(tryfirst=True)
    def report_result(self, result: Any) -> None:
        _mask_fields(result, self.secrets)

    @allure_commons.hookimpl(tryfirst=True)
    def report_container(self, container: Any) -> None:
        _mask_fields(container, self.secrets)


def register(config: pytest.Config, secrets: Secrets) -> None:
    if not config.pluginmanager.hasplugin("allure_pytest"):
        return
    mask = AllureMask(secrets)
    allure_commons.plugin_manager.register(mask)
    config.add_cleanup(lambda: allure_commons.plugin_manager.unregister(mask))


def _mask_fields(item: Any, secrets: Secrets) -> None:
    for name, value in vars(item).items():
        setattr(item, name, _masked(value, secrets))
    # An Allure parameter (``token = 'x'``) is named apart from its value.
    name, value = getattr(item, "name", None), getattr(item, "value", None)
    if isinstance(name, str) and isinstance(value, str):
        item.value = secrets.mask_value(name, value)


def _masked(value: Any, secrets: Secrets) -> Any:
    if isinstance(value, str):
        return secrets.mask(value)
    if isinstance(value, list):
        return [_masked(element, secrets) for element in value]
    if hasattr(value, "__dict__") and not isinstance(value, type):
        _mask_fields(value, secrets)
    return value
