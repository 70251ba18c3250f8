"""A release that cannot go on: failing or hanging hooks, Ctrl-C, and bad configuration."""

from __future__ import annotations

import signal
import subprocess
import time

from tests.framework.release.conftest import GREENLIGHT, ROOT, Platform


def test_a_failing_hook_stops_the_release_and_names_the_command(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    platform.configure(deploy="echo 'no space left on device'; exit 3")

    result = platform.release("blue-green", "1.1.0")

    assert result.returncode == 1
    assert "exited with 3" in result.stdout
    assert "| no space left on device" in result.stdout
    assert platform.public_versions() == {"1.0.0"}
    failed = platform.record()["timeline"][-1]
    assert (failed["exit_code"], failed["tail"]) == (3, "no space left on device")


def test_a_hanging_hook_times_out(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    platform.configure(deploy="echo deploying; sleep 30", hook_timeout=1)

    result = platform.release("blue-green", "1.1.0")

    assert result.returncode == 1
    assert "timed out after 1s" in result.stdout
    assert platform.record()["timeline"][-1]["exit_code"] is None


def test_a_hook_failing_midway_rolls_back_what_it_changed(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    # Sets the weight, then fails at 100%: the 50% already sent must be taken back. A
    # command with && runs in a shell, which reads the values from environment variables.
    weight = (
        f'{platform.hooks}/weight "$GREENLIGHT_TARGET" "$GREENLIGHT_WEIGHT"'
        ' && test "$GREENLIGHT_WEIGHT" -lt 100'
    )
    platform.configure(weight=weight)

    result = platform.release("canary", "1.1.0")

    assert result.returncode == 1, result.stdout + result.stderr
    assert platform.public_versions() == {"1.0.0"}
    record = platform.record()
    assert record["rollback"] == "complete"
    assert record["timeline"][-1]["step"] == "take all traffic off canary"


def test_ctrl_c_rolls_back_to_the_last_known_good_state(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    platform.configure(interval=60)
    command = [*GREENLIGHT, "release", "--env", "shop", "--strategy", "canary"]
    command += ["--version", "1.1.0", "--environments", str(platform.environments)]
    command += ["--reports", str(platform.reports)]
    process = subprocess.Popen(
        command, cwd=ROOT, env=platform.environ, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if "send 50% to canary" in line:
                break
        time.sleep(0.5)  # inside the wait now
        assert platform.public_versions(20) == {"1.0.0", "1.1.0"}
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)
    finally:
        process.kill()
        process.wait()

    assert process.returncode == 130
    assert platform.public_versions() == {"1.0.0"}
    record = platform.record()
    assert (record["interrupted"], record["outcome"], record["rollback"]) == (
        True,
        "rolled-back",
        "complete",
    )


def test_missing_keys_are_a_usage_error_before_anything_is_deployed(platform: Platform) -> None:
    platform.configure(steps=None, interval=None)  # deploy is there: it must not run

    result = platform.release("canary", "1.1.0")

    assert result.returncode == 4
    assert "the canary strategy needs steps, interval" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (platform.state / "instances").exists()


def test_an_unknown_placeholder_is_a_usage_error(platform: Platform) -> None:
    platform.configure(switch=f"{platform.hooks}/switch {{taget}}")

    result = platform.release("blue-green", "1.1.0")

    assert result.returncode == 4
    assert "[shop.release].switch: unknown placeholder(s) {taget}" in result.stderr
