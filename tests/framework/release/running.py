"""Releases running in the background, to be signalled, and the processes they leave.

process = start_release(platform, "canary", "1.1.0")
process.send_signal(signal.SIGTERM)
assert group_gone(gate_pid)
"""

from __future__ import annotations

import os
import subprocess

from tests.framework.release.conftest import GREENLIGHT, ROOT, Platform


def start_release(platform: Platform, strategy: str, version: str) -> subprocess.Popen[str]:
    """``greenlight release`` on the platform, its output readable line by line."""
    command = [*GREENLIGHT, "release", "--env", "shop", "--strategy", strategy]
    command += ["--version", version, "--environments", str(platform.environments)]
    command += ["--reports", str(platform.reports)]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=platform.environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def group_gone(pgid: int) -> bool:
    """No process of the group is left (zombies included: they still hold the group)."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False
