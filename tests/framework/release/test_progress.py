"""Live progress: a running smoke step shows itself before it ends, in a CI log and on a terminal.

Real releases of the shop behind nginx (the blue-green strategy, the demo's hooks); the
gate's pytest reports its counts through its progress file.
"""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import time

from tests.framework.release.conftest import GREENLIGHT, ROOT, Platform
from tests.framework.release.running import start_release

STEP = "smoke green directly"
RUNNING = re.compile(rf"\+\d+\.\ds  {STEP} +(\.\.\. )?running \d+s(, (\d+)/(\d+|\?) scenarios)?")
ENDED = re.compile(rf"\+\d+\.\ds  {STEP} +(GO|NO-GO) ")


def test_a_ci_log_gets_a_heartbeat_of_the_running_smoke_step_before_it_ends(
    platform: Platform,
) -> None:
    platform.up(blue="1.0.0")
    platform.configure()
    platform.environ["GREENLIGHT_HEARTBEAT_S"] = "0.5"
    release = start_release(platform, "blue-green", "1.1.0")
    assert release.stdout is not None
    lines = []
    try:
        for line in release.stdout:
            lines.append(line.rstrip("\n"))
            if ENDED.search(line):
                break
        release.wait(120)
    finally:
        release.kill()
    beats = [i for i, line in enumerate(lines) if RUNNING.search(line)]
    ended = next(i for i, line in enumerate(lines) if ENDED.search(line))
    assert beats and beats[0] < ended, "\n".join(lines)
    assert all(" ... running " in lines[i] for i in beats)
    counted = [m for i in beats if (m := RUNNING.search(lines[i])) and m.group(3) is not None]
    # The gate's pytest said how far it had got: done of total, never more than the total.
    assert counted, "\n".join(lines)
    assert all(int(m.group(3)) <= int(m.group(4)) for m in counted if m.group(4) != "?")


def test_a_terminal_shows_the_running_step_redrawn_in_place_and_then_erased(
    platform: Platform,
) -> None:
    platform.up(blue="1.0.0")
    platform.configure()
    primary, secondary = pty.openpty()
    command = [*GREENLIGHT, "release", "--env", "shop", "--strategy", "blue-green"]
    command += ["--version", "1.1.0", "--environments", str(platform.environments)]
    command += ["--reports", str(platform.reports)]
    release = subprocess.Popen(
        command, cwd=ROOT, env=platform.environ, stdout=secondary, stderr=secondary
    )
    os.close(secondary)
    seen = b""
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([primary], [], [], 1)
            if not ready:
                if release.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the release closed its terminal
                break
            if not chunk:
                break
            seen += chunk
    finally:
        release.kill()
        release.wait(10)
        os.close(primary)
    text = seen.decode("utf-8", "replace")
    ended = ENDED.search(text)
    assert ended is not None, text[-3000:]
    before = text[: ended.start()]
    drawn = [m for m in RUNNING.finditer(before) if " ... " not in m.group(0)]
    # Redrawn: the step's running line appears more than once before its own line...
    assert len(drawn) >= 2, before[-3000:]
    # ...in place, with the terminal's own control sequences, not as a heartbeat log.
    assert "\x1b[" in before and " ... running " not in before
