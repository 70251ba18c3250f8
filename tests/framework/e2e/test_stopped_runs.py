"""A prod smoke run stopped mid-scenario (Ctrl-C, SIGTERM) cleans up and leaves nothing running.

The shop answers every request in 1.5 s, so a scenario is surely in progress when the
signal arrives; afterwards the shop's admin API must list no ``gl-smoke-`` data and the
run's process group must be gone.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.framework.e2e.conftest import ROOT, RunningShop, start_shop
from tests.framework.e2e.test_production_safety import leftovers, prod_env
from tests.framework.release.running import group_gone

SUITE = [sys.executable, "-m", "pytest", "tests/acceptance", "-p", "no:cacheprovider"]


@pytest.fixture
def slow_shop() -> Iterator[RunningShop]:
    shop = start_shop("--fault", "slow=1500")
    yield shop
    shop.process.terminate()
    shop.process.wait(10)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_stopped_prod_run_removes_its_data_and_its_processes(
    slow_shop: RunningShop, tmp_path: Path, signum: signal.Signals
) -> None:
    verdict = tmp_path / "verdict.json"
    run = subprocess.Popen(
        [*SUITE, "--env=prod", f"--verdict={verdict}", "-k", "synthetic_purchase"],
        cwd=ROOT,
        env={**os.environ, **prod_env(slow_shop)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own group, as the gate runs it
    )
    try:
        deadline = time.monotonic() + 90
        while leftovers(slow_shop, "gl-smoke-")[1] == []:  # until the product exists
            assert run.poll() is None, "the run ended before it created its data"
            assert time.monotonic() < deadline, "the run created no data in time"
            time.sleep(0.2)
        run.send_signal(signum)
        output, _ = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
        run.wait()

    assert leftovers(slow_shop, "gl-smoke-") == ([], []), output[-3000:]
    assert group_gone(run.pid)
    document = json.loads(verdict.read_text())
    assert document["decision"] == "no-go"
    assert "The run was interrupted before it finished." in document["reasons"]
