"""The smoke gate: the team's suite run as its own pytest process, judged by its verdict.

    >>> verdict = run_gate(Gate(env="prod", environments=Path("environments.toml"),
    ...                         suite=("tests/acceptance",), timeout=300),
    ...                    target="green", verdict_path=Path("reports/prod/release/1-green.json"))
    >>> verdict.go, verdict.reasons
    (False, ['1 of 14 scenarios failed: Checkout (api).'])

A separate process keeps each run's state (embedded systems, xdist workers, probes)
apart from the release that asks. Fail safe: the gate says go only when pytest exits 0
*and* its verdict file says go; a missing or unreadable verdict is a no-go.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TAIL_LINES = 20


@dataclass(frozen=True)
class Gate:
    """How to run the smoke suite for one environment."""

    env: str
    environments: Path
    suite: tuple[str, ...] = ()
    timeout: float = 300.0
    cwd: Path | None = None
    arguments: tuple[str, ...] = field(default=("-p", "no:cacheprovider", "-q"))


@dataclass(frozen=True)
class GateVerdict:
    decision: str  # go or no-go
    reasons: list[str]
    exit_code: int | None  # None: the run did not finish in time
    duration_s: float
    command: str
    path: Path
    tail: str

    @property
    def go(self) -> bool:
        return self.decision == "go"

    def as_dict(self) -> dict[str, Any]:
        return {"decision": self.decision, "reasons": self.reasons, "path": str(self.path)}


def command_for(
    gate: Gate, target: str | None, verdict_path: Path, expect_version: str | None = None
) -> list[str]:
    command = [sys.executable, "-m", "pytest", *gate.suite, "--env", gate.env]
    command += ["--environments", str(gate.environments)]
    if target:
        command += ["--target", target]
    command += ["--verdict", str(verdict_path)]
    if expect_version:
        command += ["--expect-version", expect_version]
    return [*command, *gate.arguments]


def run_gate(
    gate: Gate,
    *,
    target: str | None,
    verdict_path: Path,
    expect_version: str | None = None,
    running: set[int] | None = None,
) -> GateVerdict:
    """Run the smoke suite once; ``running`` holds its process group while it runs."""
    command = command_for(gate, target, verdict_path, expect_version)
    verdict_path.unlink(missing_ok=True)  # an old file must never pass for this run's verdict
    started = time.monotonic()
    process = subprocess.Popen(
        command,
        cwd=gate.cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # a timeout or Ctrl-C stops the run and all it started
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    exit_code: int | None
    if running is not None:
        running.add(process.pid)
    try:
        output, _ = process.communicate(timeout=gate.timeout)
        exit_code = process.returncode
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        exit_code = None
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    finally:
        if running is not None:
            running.discard(process.pid)
    tail = "\n".join(output.decode("utf-8", "replace").splitlines()[-TAIL_LINES:])
    decision, reasons = judge(verdict_path, exit_code, gate.timeout)
    return GateVerdict(
        decision=decision,
        reasons=reasons,
        exit_code=exit_code,
        duration_s=round(time.monotonic() - started, 3),
        command=" ".join(command[1:]),
        path=verdict_path,
        tail=tail,
    )


def judge(path: Path, exit_code: int | None, timeout: float) -> tuple[str, list[str]]:
    if exit_code is None:
        return "no-go", [f"the smoke run did not finish within {timeout:g}s"]
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "no-go", [f"no verdict: the smoke run exited with {exit_code} and wrote no {path}"]
    decision = document.get("decision") if isinstance(document, dict) else None
    reasons = [str(reason) for reason in document.get("reasons", [])] if decision else []
    if decision == "go" and exit_code == 0:
        return "go", reasons
    if decision == "go":
        reasons.append(f"the smoke run exited with {exit_code}")
    return "no-go", reasons or [f"the smoke run exited with {exit_code}"]
