"""The probes' pytest hooks, registered by the greenlight plugin in the controller.

They are ordered around the other parts of the plugin: the first reading comes after
the embedded system started (its hook is ``tryfirst``, this one ``trylast``), the
last one before the verdict is decided (the verdict's hook is ``trylast``, this one
``tryfirst``).
"""

from __future__ import annotations

from typing import Any

import pytest

from greenlight.probes import session as probes


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    probes.start(session)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    probes.finish(session)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    lines = probes.summary(config)
    if lines:
        terminalreporter.write_sep("-", "greenlight probes")
        for line in lines:
            terminalreporter.write_line(line)
