"""The smoke gate: the team's suite run as its own pytest process, judged by its verdict.

    >>> verdict = run_gate(Gate(env="prod", environments=Path("environments.toml"),
    ...                         suite=("tests/acceptance",), timeout=300),
    ...                    target="green", verdict_path=Path("reports/prod/release/1-green.json"))
    >>> verdict.go, verdict.reasons
    (False, ['1 of 14 scenarios failed: Checkout (api).'])

A separate process keeps each run's state (embedded systems, xdist workers, probes)
apart from the release that asks; it runs through :mod:`greenlight.process`, so a
timeout, Ctrl-C or SIGTERM stops it and all it started: SIGTERM to its process group
first, which the run takes as an interruption (its scenarios' cleanup runs and it
writes a no-go verdict), then SIGKILL to whatever is left after ``grace`` seconds. Fail safe: the gate says go only when pytest exits
0 *and* its verdict file (read by :mod:`greenlight.verdict.file`) says go; a missing,
unreadable or invalid verdict is a no-go.
"""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from greenlight import process, progress_file
from greenlight.process import Process
from greenlight.verdict import words
from greenlight.verdict.file import GO, UnreadableVerdict, read_verdict

# Long enough for a stopped run's teardowns to delete what its scenarios created
# (a few requests each, on a slow system), short enough for a pipeline's own stop.
GRACE_S = 15.0


@dataclass(frozen=True)
class Gate:
    """How to run the smoke suite for one environment."""

    env: str
    environments: Path
    suite: tuple[str, ...] = ()
    timeout: float = 300.0
    cwd: Path | None = None
    grace: float = GRACE_S  # between SIGTERM and SIGKILL when the run must stop
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
    headline: str = ""  # the verdict's headline (greenlight.verdict.words)
    run_id: str | None = None  # the verdict's run id: the report finds its release by it

    @property
    def go(self) -> bool:
        return self.decision == "go"

    def as_dict(self) -> dict[str, Any]:
        return {
            "decision": self.decision,
            "headline": self.headline,
            "run_id": self.run_id,
            "reasons": self.reasons,
            "path": str(self.path),
        }


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
    running: set[Process] | None = None,
    progress: Path | None = None,
) -> GateVerdict:
    """Run the smoke suite once; ``running`` holds its process while it runs.

    ``progress``: where the run keeps its counts as it goes (:mod:`greenlight.progress_file`).
    """
    command = command_for(gate, target, verdict_path, expect_version)
    verdict_path.unlink(missing_ok=True)  # an old file must never pass for this run's verdict
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if progress is not None:
        progress.unlink(missing_ok=True)
        env[progress_file.VARIABLE] = str(progress)
    finished = process.run(
        command,
        timeout=gate.timeout,
        cwd=gate.cwd,
        env=env,
        running=running,
        grace=gate.grace,
    )
    decision, reasons = judge(verdict_path, finished.exit_code, gate.timeout)
    return GateVerdict(
        decision=decision,
        reasons=reasons,
        exit_code=finished.exit_code,
        duration_s=finished.duration_s,
        # As a person would type it: `python -m pytest ...`, quoted where a word needs it.
        command=shlex.join(["python", *command[1:]]),
        path=verdict_path,
        tail=finished.tail,
        headline=headline_of(verdict_path, decision, reasons, gate.env, target),
        run_id=run_id_of(verdict_path),
    )


def run_id_of(path: Path) -> str | None:
    try:
        return str(read_verdict(path)["run_id"])
    except UnreadableVerdict:
        return None


def headline_of(path: Path, decision: str, reasons: list[str], env: str, target: str | None) -> str:
    """The run's headline, worded as every surface words it, for the gate's own decision."""
    try:
        document = dict(read_verdict(path))
    except UnreadableVerdict:  # no run facts: the gate's reasons on their own
        document = {"environment": env, "target": target, "counts": {}}
    if document.get("decision") != decision or document.get("reasons") != reasons:
        document.update(decision=decision, reasons=reasons)
        document.setdefault("next_step", "read the smoke run's output in the release record")
    return words.headline(document)


def judge(path: Path, exit_code: int | None, timeout: float) -> tuple[str, list[str]]:
    """Go only for an exit 0 and a valid verdict file saying go; reasons for anything else."""
    if exit_code is None:
        return "no-go", [
            f"the smoke run did not finish within {timeout:g}s; greenlight stopped it "
            "and everything it started"
        ]
    try:
        document = read_verdict(path)
    except UnreadableVerdict as error:
        return "no-go", [f"no verdict: the smoke run exited with {exit_code}; {error}"]
    reasons = [str(reason) for reason in document["reasons"]]
    if document["decision"] == GO and exit_code == 0:
        return "go", reasons
    if document["decision"] == GO:
        reasons.append(f"the smoke run exited with {exit_code}")
    return "no-go", reasons or [f"the smoke run exited with {exit_code}"]
