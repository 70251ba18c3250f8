"""greenlight watch end to end: the shop behind a real nginx, watched in rounds of a second.

A healthy window passes with every round recorded; a shop that dies or degrades mid-window
makes the next round no-go, and the watch rolls back (deployment mode) or tells a person
(delivery mode) and exits 1 within one interval plus one smoke run; Ctrl-C leaves a record.
"""

from __future__ import annotations

import itertools
import json
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from tests.framework.release.conftest import GREENLIGHT, HOOKS, ROOT, Platform

EVERY = 1.0


def deployment(rollback: str = f"{HOOKS}/switch green") -> tuple[str, ...]:
    return ("[shop.watch]", 'mode = "deployment"', f'rollback = "{rollback}"')


def watch_command(platform: Platform, *more: str, lasting: str = "4s") -> list[str]:
    return [
        *GREENLIGHT,
        "watch",
        "--env",
        "shop",
        "--for",
        lasting,
        "--every",
        f"{EVERY:g}s",
        "--environments",
        str(platform.environments),
        "--reports",
        str(platform.reports),
        *more,
    ]


def watch(platform: Platform, *more: str, lasting: str = "4s") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        watch_command(platform, *more, lasting=lasting),
        cwd=ROOT,
        env=platform.environ,
        capture_output=True,
        text=True,
        timeout=180,
    )


def start_watch(platform: Platform, lasting: str = "60s") -> subprocess.Popen[str]:
    return subprocess.Popen(
        watch_command(platform, lasting=lasting),
        cwd=ROOT,
        env=platform.environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def record(platform: Platform) -> dict[str, Any]:
    return dict(json.loads((platform.reports / "shop" / "watch.json").read_text()))


def wait_for_rounds(platform: Platform, count: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        path = platform.reports / "shop" / "watch.json"
        if path.exists() and len(json.loads(path.read_text())["rounds"]) >= count:
            return
        time.sleep(0.1)
    raise AssertionError(f"no {count} round(s) in {timeout:g}s")


def test_a_healthy_window_passes_with_every_round_recorded(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    platform.configure(*deployment())

    # Long enough for several rounds of a slice that takes 2-5 s on a loaded machine.
    result = watch(platform, lasting="8s")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "watch passed:" in result.stdout
    document = record(platform)
    assert document["outcome"] == "passed"
    rounds = document["rounds"]
    assert len(rounds) >= 2, rounds
    assert [r["round"] for r in rounds] == list(range(1, len(rounds) + 1))
    for entry in rounds:
        assert entry["decision"] == "go", entry
        assert entry["headline"].startswith("greenlight: GO")
        assert json.loads(Path(entry["verdict"]).read_text())["decision"] == "go"
        assert entry["started"] and entry["duration_s"] > 0
    # A round starts at most once per interval.
    starts = [r["at_s"] for r in rounds]
    assert all(later - earlier >= EVERY - 0.01 for earlier, later in itertools.pairwise(starts))
    assert document["rollback"] is None
    assert platform.version_of() == "1.0.0"
    # The history's copy beside the rounds' verdicts.
    copies = list((platform.reports / "shop" / "watches").glob("*/watch.json"))
    assert [json.loads(c.read_text())["outcome"] for c in copies] == ["passed"]


def test_a_shop_that_dies_mid_window_is_rolled_back_within_an_interval_and_a_run(
    platform: Platform,
) -> None:
    platform.up(blue="1.0.0", green="1.0.0")
    platform.hook("switch", "blue")
    platform.configure(*deployment())
    running = start_watch(platform)
    try:
        wait_for_rounds(platform, 1)
        healthy = len(record(platform)["rounds"])
        platform.hook("stop-instance", "blue")
        killed = time.monotonic()
        stdout, stderr = running.communicate(timeout=120)
        ended = time.monotonic()
    finally:
        running.kill()
    assert running.returncode == 1, stdout + stderr
    document = record(platform)
    rounds = document["rounds"]
    failed = rounds[-1]
    assert failed["decision"] == "no-go" and failed["reasons"], failed
    assert all(r["decision"] == "go" for r in rounds[:-1])
    assert len(rounds) in (healthy + 1, healthy + 2)  # the round running, or the next
    assert document["outcome"] == "failed"
    assert document["rollback"]["ok"] is True
    assert document["rollback"]["command"] == f"{HOOKS}/switch green"
    assert "rolled back" in document["summary"]
    # Users are back on a healthy instance.
    assert platform.version_of() == "1.0.0"
    # One interval plus the failing round's smoke run (plus the rollback and start-up slack).
    assert ended - killed <= EVERY + failed["duration_s"] + document["rollback"]["duration_s"] + 6


def test_a_version_that_degrades_after_release_fails_a_later_round(platform: Platform) -> None:
    # Healthy for its first requests (a smoke run or two), then every request fails.
    platform.build("1.4.0", "--fault", "errors-after=25")
    platform.up(blue="1.4.0")
    platform.configure("[shop.watch]", 'mode = "delivery"')

    result = watch(platform, lasting="20s")

    assert result.returncode == 1, result.stdout + result.stderr
    document = record(platform)
    rounds = document["rounds"]
    assert rounds[0]["decision"] == "go", rounds[0]
    assert rounds[-1]["decision"] == "no-go"
    assert document["outcome"] == "failed" and document["rollback"] is None
    assert "a person decides" in document["summary"]
    assert "recommend rolling back shop; a person decides" in result.stdout


def test_ctrl_c_ends_the_watch_with_its_record(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    platform.configure(*deployment())
    running = start_watch(platform)
    try:
        wait_for_rounds(platform, 1)
        running.send_signal(signal.SIGINT)
        stdout, stderr = running.communicate(timeout=60)
    finally:
        running.kill()
    assert running.returncode == 130, stdout + stderr
    document = record(platform)
    assert document["outcome"] == "interrupted"
    assert document["rounds"] and document["rounds"][0]["decision"] == "go"
    assert "interrupted (Ctrl-C)" in document["summary"]
    assert document["rollback"] is None
    assert platform.version_of() == "1.0.0"
