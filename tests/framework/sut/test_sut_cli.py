"""`python -m sut` as a real process."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.request

from sut.faults import KNOWN_FAULTS


def test_serves_health_and_stops_on_sigterm() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "sut", "--port", "0", "--version", "2.3.4"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line.startswith("shop serving http://127.0.0.1:")
        url = line.removeprefix("shop serving ")
        with urllib.request.urlopen(f"{url}/health", timeout=5) as response:
            assert json.load(response)["version"] == "2.3.4"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert process.stdout.read() == ""
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_unknown_fault_exits_4() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sut", "--fault", "explode"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 4
    assert result.stderr.strip() == (f"sut: unknown fault 'explode'; known: {KNOWN_FAULTS}")
