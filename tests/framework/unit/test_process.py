"""One way to run a program: its own process group, a timeout, a stop of all it started."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from greenlight.process import Process, run
from greenlight.secrets import Secrets
from greenlight.shell import run_command


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def gone_soon(pid: int, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not alive(pid)


@pytest.fixture
def pidfile(tmp_path: Path) -> Iterator[Path]:
    """Where a command writes the pid of what it leaves running; stopped after the test."""
    path = tmp_path / "pid"
    yield path
    if path.exists():
        pid = int(path.read_text())
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


def test_a_hook_that_leaves_a_server_running_is_done_when_it_exits(pidfile: Path) -> None:
    # The background sleep inherits the hook's output: with a pipe, waiting for its end
    # would last until the timeout and report the finished hook as hanging.
    started = time.monotonic()
    result = run_command(f"sleep 30 & echo $! > {pidfile}; echo started", {}, timeout=8)

    assert (result.exit_code, result.tail) == (0, "started")
    assert time.monotonic() - started < 4
    assert alive(int(pidfile.read_text())), "a hook's background server is its business"


def test_a_timeout_stops_the_command_and_all_it_started(pidfile: Path) -> None:
    result = run_command(f"sleep 30 & echo $! > {pidfile}; echo waiting; wait", {}, timeout=1)

    assert result.exit_code is None
    assert result.tail == "waiting"
    assert result.summary.startswith("`sleep 30 & echo")
    assert "timed out after 1s: it had not exited, so greenlight stopped it" in result.summary
    assert gone_soon(int(pidfile.read_text()))


def test_a_program_that_ignores_sigterm_is_killed_after_the_grace_period() -> None:
    stubborn = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(30)"
    process = Process.start([sys.executable, "-c", stubborn])
    time.sleep(0.3)  # let it install its handler

    finished = process.wait(0.2, grace=0.5)

    assert finished.timed_out and finished.timeout_s == 0.2
    assert process.popen.returncode == -signal.SIGKILL


def test_ctrl_c_while_waiting_stops_the_program_and_goes_on(pidfile: Path) -> None:
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    process = Process.start(f"sleep 30 & echo $! > {pidfile}; wait")
    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    try:
        with pytest.raises(KeyboardInterrupt):
            process.wait(10)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

    assert process.poll() is not None
    assert gone_soon(int(pidfile.read_text()))


def test_the_tail_is_the_last_lines_and_secrets_are_masked_by_the_caller() -> None:
    finished = run("for i in $(seq 1 30); do echo line $i; done; exit 3", timeout=10)
    assert finished.exit_code == 3
    assert finished.tail.splitlines() == [f"line {i}" for i in range(11, 31)]

    result = run_command(
        "echo token {token}",
        {"token": "tok-123"},
        timeout=10,
        secrets=Secrets({"token": "tok-123"}),
    )
    assert (result.command, result.tail) == ("echo token ***", "token ***")


def test_output_can_go_to_a_named_file_that_stays(tmp_path: Path) -> None:
    log = tmp_path / "system.log"
    process = Process.start(["sh", "-c", "echo one; echo two"], output=log)

    assert process.wait(10).tail == "one\ntwo"
    assert log.read_text() == "one\ntwo\n"
