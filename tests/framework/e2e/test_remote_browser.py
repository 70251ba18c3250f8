"""A UI scenario in a browser that runs elsewhere: pytest-playwright's ``connect_options``.

A real Playwright server (``playwright run-server`` of the installed package) listens on
127.0.0.1 with no browser of its own but the machine's Chromium, which the client names
in the launch options it sends; the project's conftest bends one rung of
pytest-playwright's ladder, ``connect_options``, as docs/performance.md shows. The local
side's Chromium is made unlaunchable, so the scenario passes only in the server's.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from benchmarks.harness import child_environment, running_shop
from benchmarks.ui_workloads import write_greenlight_ui
from benchmarks.workloads import SHOP_URL_VARIABLE
from greenlight.plugin.browser import system_chromium
from tests.framework.release.conftest import free_ports

pytestmark = pytest.mark.timeout(240)

# What a suite adds to its conftest to use a remote browser (docs/performance.md).
CONNECT = """

import json
import os


@pytest.fixture(scope="session")
def connect_options():
    endpoint = os.environ.get("PLAYWRIGHT_WS_ENDPOINT")
    if not endpoint:
        return None  # launch a local browser, as usual
    # Launch options go to the server as it names them (camelCase); a server started
    # with --unsafe accepts an executable path and arguments.
    launch = {"executablePath": os.environ["REMOTE_CHROMIUM"], "args": ["--no-sandbox", "--disable-gpu"]}
    return {"endpoint": endpoint, "headers": {"x-playwright-launch-options": json.dumps(launch)}}
"""


@contextmanager
def playwright_server(root: Path) -> Iterator[str]:
    """``playwright run-server`` on 127.0.0.1, with no browsers of its own; its ws:// URL."""
    port = free_ports(1)[0]
    env = {**child_environment(), "PLAYWRIGHT_BROWSERS_PATH": str(root / "no-browsers")}
    argv = [sys.executable, "-m", "playwright", "run-server", "--host", "127.0.0.1"]
    # Its own process group: the Python launcher runs the server as a node child,
    # which must stop with it.
    process = subprocess.Popen(
        [*argv, "--port", str(port), "--unsafe"],
        stdout=subprocess.PIPE,
        env=env,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 60)
        line = process.stdout.readline() if ready else ""
        assert line.startswith("Listening on ws://127.0.0.1:"), line
        yield line.removeprefix("Listening on ").strip()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(15)


def run_journey(project: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--env", "bench", "-p", "no:cacheprovider"],
        cwd=project,
        env={**child_environment(), **environ},
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_a_ui_scenario_runs_in_the_browser_of_a_playwright_server(tmp_path: Path) -> None:
    chromium = system_chromium()
    assert chromium is not None, "the machine's Chromium (/usr/bin/chromium) is needed"
    project = write_greenlight_ui(tmp_path / "ui", scenarios=1)
    with (project / "conftest.py").open("a") as conftest:
        conftest.write(CONNECT)
    # A local launch could not start a browser: only the server's can run the journey.
    local = {"GREENLIGHT_CHROMIUM": str(tmp_path / "no-chromium-here")}
    with running_shop(tmp_path / "shop") as shop, playwright_server(tmp_path) as endpoint:
        env = {**local, SHOP_URL_VARIABLE: shop, "REMOTE_CHROMIUM": chromium}
        remote = run_journey(project, **env, PLAYWRIGHT_WS_ENDPOINT=endpoint)
        alone = run_journey(project, **env)

    assert remote.returncode == 0, remote.stdout[-3000:] + remote.stderr[-2000:]
    assert "1 passed" in remote.stdout
    assert "greenlight: GO - 1/1 scenarios passed on bench" in remote.stdout
    # The control: without the server the same run has no browser to launch.
    assert alone.returncode != 0
    assert "no-chromium-here" in alone.stdout
    assert os.environ.get("PLAYWRIGHT_WS_ENDPOINT") is None
