"""An embedded system: started once per run, healthy before the first test, stopped after."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sut.faults import KNOWN_FAULTS

EMBEDDED = """
[local]
sensitive = false
channels = ["api"]
secrets = {{ admin_token = "SHOP_ADMIN_TOKEN" }}
[local.embedded]
command = "{command}"
service = "shop"
ready_timeout = 15
"""

USES_THE_SHOP = """
import pytest, requests

def test_the_shop_answers(greenlight_env, http_client):
    body = http_client.call("GET", "/health").json()
    assert body["status"] == "ok"
    # The token the shop was started with is the environment's secret.
    admin = {"Authorization": "Bearer " + greenlight_env.secrets["admin_token"]}
    http_client.call("GET", "/api/admin/customers", headers=admin)
"""


def shop_command(*extra: str) -> str:
    return " ".join(["{python} -m sut --port 0 --db {workdir}/shop.db", *extra])


def test_the_embedded_system_is_started_with_its_secrets(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", environments=EMBEDDED.format(command=shop_command()))
    pytester.makepyfile(test_it=USES_THE_SHOP)
    result = pytester.runpytest("-s")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        ["greenlight: environment local, target default, shop=http://127.0.0.1:*"]
    )


def test_one_system_serves_all_workers(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", environments=EMBEDDED.format(command=shop_command()))
    pytester.makepyfile(
        test_it="""
        import pytest
        @pytest.mark.parametrize("n", range(4))
        def test_url(greenlight_env, n):
            print("URL", greenlight_env.base_url)
        """
    )
    result = pytester.runpytest("-n", "2", "-s", "-v")
    result.assert_outcomes(passed=4)
    header = [line for line in result.outlines if line.startswith("greenlight: environment local")]
    assert len(header) == 1


def test_a_system_that_fails_to_start_shows_its_log_tail(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".toml", environments=EMBEDDED.format(command=shop_command("--fault", "no-such-fault"))
    )
    pytester.makepyfile(test_it="def test_x(): pass")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "ERROR: the embedded system exited with code 4 before printing its URL.",
            "command log */system.log ends with:",
            f"sut: unknown fault 'no-such-fault'; known: {KNOWN_FAULTS}",
        ]
    )


def test_ctrl_c_runs_cleanup_and_stops_the_system(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    marker = tmp_path / "cleaned"
    pids = tmp_path / "pids"
    pytester.makefile(".toml", environments=EMBEDDED.format(command=shop_command()))
    pytester.makepyfile(
        test_it=f"""
        import time
        def test_long(cleanup, greenlight_env, pytestconfig):
            from greenlight.plugin.context import RunContext
            system = RunContext.of(pytestconfig).system
            open({str(pids)!r}, "w").write(str(system.process.pid))
            cleanup.add("mark", lambda: open({str(marker)!r}, "w").write("done"))
            time.sleep(60)
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "test_it.py"],
        cwd=pytester.path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + 30
    while not pids.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert pids.exists(), "the test never started"
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=30)
    assert process.returncode == pytest.ExitCode.INTERRUPTED, output.decode()
    assert marker.read_text() == "done"
    shop_pid = int(pids.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(shop_pid, 0)
