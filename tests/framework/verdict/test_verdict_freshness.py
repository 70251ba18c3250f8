"""``greenlight verdict --max-age/--expect-version``: a stale verdict, or one of another release, is no go."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from greenlight.cli import main
from greenlight.errors import USAGE_ERROR
from tests.framework.verdict.test_verdict_command import document, write


def _ended(ago: timedelta) -> dict[str, str]:
    end = datetime.now(UTC) - ago
    return {"start": (end - timedelta(minutes=1)).isoformat(), "end": end.isoformat()}


def test_a_fresh_go_of_the_expected_version_is_a_go(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "verdict.json", document(**_ended(timedelta(minutes=5))))
    assert main(["verdict", str(path), "--max-age", "30m", "--expect-version", "2.1.0"]) == 0
    assert "NO-GO" not in capsys.readouterr().out


def test_a_go_older_than_max_age_is_a_no_go(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "verdict.json", document(**_ended(timedelta(hours=3, minutes=12))))
    assert main(["verdict", str(path), "--max-age", "30m"]) == 1
    assert f"greenlight: NO-GO - {path} ended 3h 12m ago, older than --max-age 30m" in (
        capsys.readouterr().out
    )


def test_a_go_of_another_version_is_a_no_go(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "verdict.json", document(**_ended(timedelta(minutes=1))))
    assert main(["verdict", str(path), "--expect-version", "2.2.0"]) == 1
    out = capsys.readouterr().out
    assert f"greenlight: NO-GO - {path} is a verdict on 2.1.0, not on --expect-version 2.2.0" in out


def test_one_stale_verdict_of_several_makes_the_merge_no_go(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh = write(tmp_path / "eu.json", document(**_ended(timedelta(minutes=1))))
    stale = write(tmp_path / "us.json", document(**_ended(timedelta(days=2))))
    assert main(["verdict", str(fresh), str(stale), "--max-age", "1h"]) == 1
    assert "greenlight: merged: NO-GO" in capsys.readouterr().out


@pytest.mark.parametrize("given", ["soon", "30", "-5m", "1w"])
def test_a_duration_that_is_not_one_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], given: str
) -> None:
    path = write(tmp_path / "verdict.json", document())
    with pytest.raises(SystemExit) as stopped:
        main(["verdict", str(path), f"--max-age={given}"])
    assert stopped.value.code == USAGE_ERROR
    assert "is not a duration; write a number and a unit: 90s, 30m, 2h or 1d" in (
        capsys.readouterr().err
    )
