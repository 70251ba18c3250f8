"""Lean xdist workers: a run with no UI channel starts its workers without Playwright.

pytest-playwright is a pytest plugin loaded by entry point, in every process, and it
imports Playwright as it loads: about a tenth of a second of CPU in each xdist worker
before its first request. A worker of a run whose channels do not include ``ui``
never opens a browser, so greenlight starts it with ``-p no:playwright`` (through the
worker's ``PYTEST_ADDOPTS``, the one way to stop an entry point before it loads)::

    $ pytest --env=prod --channel api -n 8     # workers: no pytest-playwright, no Playwright
    $ pytest --env=prod -n 8                   # ui among the channels: workers load it

Left as it is when the command line or the ini ``addopts`` names one of
pytest-playwright's options (a worker without the plugin could not read it). The
controller itself has loaded the plugin by the time greenlight runs; only its workers
are lean.
"""

from __future__ import annotations

import os
import shlex
from typing import Any

import pytest

from greenlight.plugin import channels

BROWSER_CHANNEL = "ui"
PLUGIN = "playwright"  # pytest-playwright's entry-point name
_BLOCK = f"-p no:{PLUGIN}"


def configure(config: pytest.Config) -> None:
    """In the controller of an xdist run without the UI channel: make its workers lean."""
    if (
        hasattr(config, "workerinput")
        or not config.getoption("numprocesses", None)
        or not config.pluginmanager.hasplugin(PLUGIN)
        or BROWSER_CHANNEL in channels.chosen(config)
        or _names_playwright_options(config)
    ):
        return
    config.pluginmanager.register(LeanWorkers(), "greenlight-lean-workers")


class LeanWorkers:
    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_setupnodes(self, config: pytest.Config, specs: list[Any]) -> None:
        for spec in specs:
            # Set in the worker's process before its pytest reads its options.
            given = spec.env.get("PYTEST_ADDOPTS", os.environ.get("PYTEST_ADDOPTS", ""))
            spec.env["PYTEST_ADDOPTS"] = f"{given} {_BLOCK}".strip()


def _names_playwright_options(config: pytest.Config) -> bool:
    """Whether the worker's arguments would carry an option only pytest-playwright knows."""
    parser = getattr(config, "_parser", None)  # pytest's own parser: it knows who added what
    if parser is None:
        return True  # cannot tell: keep the plugin
    group = parser.getgroup(PLUGIN)
    own = {name for option in group.options for name in option.names()}
    own.discard("--base-url")  # pytest-base-url's, when installed: every worker has it
    words = [
        *config.invocation_params.args,
        *shlex.split(os.environ.get("PYTEST_ADDOPTS", "")),
        *config.getini("addopts"),
    ]
    return any(word.split("=", 1)[0] in own for word in map(str, words))
