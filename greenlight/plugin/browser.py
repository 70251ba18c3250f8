"""The browser's rungs of pytest-playwright's fixture ladder, on the machine's Chromium.

pytest-playwright already gives one browser per worker (session scope) and a fresh
context and page per test; greenlight only bends two rungs of its fixture ladder:

* ``browser_type_launch_args``: use the system's Chromium when Playwright has no
  browser of its own, with flags that keep it quiet on a closed network;
* ``browser_context_args``: the environment's base URL (through ``--base-url``) and
  its step timeout.

UI protocol drivers build on :class:`greenlight.drivers.page.PageDriver`.
"""

from __future__ import annotations

import os
import shutil
from typing import Any

import pytest

SYSTEM_CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
QUIET_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def system_chromium() -> str | None:
    """The machine's Chromium, unless ``GREENLIGHT_CHROMIUM`` names another executable."""
    chosen = os.environ.get("GREENLIGHT_CHROMIUM")
    if chosen:
        return chosen
    return next((path for path in SYSTEM_CHROMIUM if shutil.which(path)), None)


# Registered as a plugin after pytest-playwright (see plugin.py), so these two take
# precedence over its fixtures of the same names and can ask for them.
@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], browser_name: str
) -> dict[str, Any]:
    args = dict(browser_type_launch_args)
    executable = system_chromium()
    if browser_name == "chromium" and executable and "channel" not in args:
        args.setdefault("executable_path", executable)
        args["args"] = [*args.get("args", []), *QUIET_FLAGS]
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "service_workers": "block"}
