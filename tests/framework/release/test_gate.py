"""The smoke gate is fail safe: only an exit 0 with a verdict saying go is a go."""

from __future__ import annotations

import json
from pathlib import Path

from greenlight.release.gate import Gate, command_for, judge
from tests.framework.verdict.test_verdict_command import document


def write(path: Path, decision: str, *reasons: str) -> Path:
    path.write_text(json.dumps(document(decision, reasons=list(reasons))))  # a valid verdict
    return path


def test_a_go_verdict_and_exit_0_is_a_go(tmp_path: Path) -> None:
    assert judge(write(tmp_path / "v.json", "go"), 0, 60) == ("go", [])


def test_no_verdict_file_is_a_no_go(tmp_path: Path) -> None:
    decision, reasons = judge(tmp_path / "missing.json", 0, 60)

    assert decision == "no-go"
    assert reasons[0].startswith("no verdict: the smoke run exited with 0; ")
    assert reasons[0].endswith(
        "missing.json: no such verdict file; a smoke run writes one (see --verdict)"
    )


def test_a_go_verdict_with_a_failing_exit_is_a_no_go(tmp_path: Path) -> None:
    decision, reasons = judge(write(tmp_path / "v.json", "go"), 2, 60)

    assert (decision, reasons) == ("no-go", ["the smoke run exited with 2"])


def test_a_no_go_verdict_keeps_its_reasons(tmp_path: Path) -> None:
    verdict = write(tmp_path / "v.json", "no-go", "1 of 4 scenarios failed: Checkout (api).")

    assert judge(verdict, 1, 60) == ("no-go", ["1 of 4 scenarios failed: Checkout (api)."])


def test_a_run_that_timed_out_is_a_no_go(tmp_path: Path) -> None:
    assert judge(write(tmp_path / "v.json", "go"), None, 90) == (
        "no-go",
        [
            "the smoke run did not finish within 90s; greenlight stopped it and everything it started"
        ],
    )


def test_the_command_aims_the_suite_at_the_target_and_names_its_verdict(tmp_path: Path) -> None:
    gate = Gate(env="prod", environments=tmp_path / "envs.toml", suite=("tests/smoke",))

    command = command_for(gate, "green", tmp_path / "v.json", expect_version="2.1.0")

    assert command[1:4] == ["-m", "pytest", "tests/smoke"]
    joined = " ".join(command)
    assert "--env prod" in joined and "--target green" in joined
    assert f"--verdict {tmp_path / 'v.json'}" in joined and "--expect-version 2.1.0" in joined
