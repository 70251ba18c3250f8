"""The browser's rungs of pytest-playwright's fixture ladder, on the machine's Chromium.

pytest-playwright already gives one browser per worker (session scope) and a fresh
context and page per test; greenlight only bends two rungs of its fixture ladder:

* ``browser_type_launch_args``: use the system's Chromium when Playwright has no
  browser of its own, with flags that keep it quiet on a closed network;
* ``browser_context_args``: the environment's base URL (through ``--base-url``), its
  step timeout, and the synthetic-traffic marks on every request the pages send
  (:mod:`greenlight.drivers.synthetic`).

On a sensitive environment Playwright records no trace and no video unless the
command line asks for one: a trace holds every request, typed password and token in
the clear, and cannot be masked::

    $ pytest --env=prod                      # tracing off, video off
    $ pytest --env=prod --tracing=on         # asked for: recorded

UI protocol drivers build on :class:`greenlight.drivers.page.PageDriver`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from typing import Any

import pytest

from greenlight.plugin.context import RunContext
from greenlight.plugin.fixtures import synthetic_marks

SYSTEM_CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
QUIET_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Recordings that would hold credentials unmasked: pytest-playwright's option names.
RECORDINGS = ("tracing", "video")


def unasked_recordings(sensitive: bool, args: Sequence[str]) -> list[str]:
    """The recordings to turn off: on a sensitive environment, those not on the command line."""
    if not sensitive:
        return []
    given = {arg.removeprefix("--").partition("=")[0] for arg in args if arg.startswith("--")}
    return [name for name in RECORDINGS if name not in given]


# After configure, where the report's defaults (``--tracing retain-on-failure``) are set.
@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    config = session.config
    run = RunContext.find(config)
    sensitive = run is not None and run.env.sensitive
    for name in unasked_recordings(sensitive, config.invocation_params.args):
        setattr(config.option, name, "off")


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
def browser_context_args(
    browser_context_args: dict[str, Any], pytestconfig: pytest.Config
) -> dict[str, Any]:
    args = {**browser_context_args, "service_workers": "block"}
    run = RunContext.find(pytestconfig)
    if run is not None:
        # Every request the pages send is marked as synthetic, as the API driver's are.
        marks = synthetic_marks(run.env).headers()
        args["extra_http_headers"] = {**marks, **args.get("extra_http_headers", {})}
    return args
