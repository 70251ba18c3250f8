"""Any failure during a release rolls back what it changed, says so once, and never crashes.

Each fault is real: a command the kernel refuses to execute (an ``OSError`` in
greenlight, not an exit code), a metric command whose output breaks the strategy's
arithmetic, an A/B split that cannot be ended, and SIGTERM sent to the release.
"""

from __future__ import annotations

import signal
import subprocess
import time

from tests.framework.release.conftest import Platform
from tests.framework.release.running import start_release

# Longer than Linux lets one argument be (MAX_ARG_STRLEN, 128 KiB): exec fails with E2BIG.
UNEXECUTABLE = "true " + "#" * 200_000


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stderr[-3000:]


def test_an_oserror_after_a_50_percent_shift_rolls_back_and_exits_2(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    platform.configure(steps=[50], promote=UNEXECUTABLE)

    result = platform.release("canary", "1.1.0")

    assert result.returncode == 2, result.stdout + result.stderr
    no_traceback(result)
    assert "OSError" in result.stderr and "Argument list too long" in result.stderr
    assert result.stderr.count("someone must look") == 1, result.stderr
    assert platform.public_versions() == {"1.0.0"}
    record = platform.record()
    assert (record["outcome"], record["rollback"]) == ("rolled-back", "complete")
    steps = [entry["step"] for entry in record["timeline"]]
    assert steps[-3:] == ["promote 1.1.0", "unexpected error", "take all traffic off canary"]
    assert record["timeline"][-3]["ok"] is False


def test_an_unexpected_error_in_a_strategy_rolls_back_and_exits_2(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    # Superscript digits pass str.isdigit() but not int(): a ValueError inside the strategy.
    platform.configure(metric="echo '\u00b2 \u00b3'")

    result = platform.release("ab", "1.1.0")

    assert result.returncode == 2, result.stdout + result.stderr
    no_traceback(result)
    assert "ValueError" in result.stderr
    assert platform.public_versions() == {"1.0.0"}
    record = platform.record()
    assert (record["outcome"], record["rollback"]) == ("rolled-back", "complete")
    assert record["timeline"][-1]["step"] == "take all traffic off green"


def test_an_ab_split_that_cannot_be_ended_says_who_is_still_on_the_candidate(
    platform: Platform,
) -> None:
    platform.up(blue="1.0.0")
    # Sets any share but refuses 0: the split can start and never end.
    # The shell gets the values as its own arguments, never inside its script.
    weight = (
        f'sh -c \'test "$1" -gt 0 && exec {platform.hooks}/weight "$2" "$1"\' '
        "sh {weight} {target}"
    )
    platform.configure(weight=weight)

    result = platform.release("ab", "1.1.0")

    assert result.returncode == 2, result.stdout + result.stderr
    no_traceback(result)
    assert platform.public_versions(20) == {"1.0.0", "1.1.0"}
    said = "50% of users are still on the candidate green: end the split by hand with"
    assert said in result.stdout + result.stderr
    record = platform.record()
    assert record["outcome"] == "rolled-back"
    assert record["rollback"] == "failed"
    assert "nothing had reached users" not in record["summary"]
    assert said in record["summary"]
    assert any(said in line for line in record["left_behind"])


def test_sigterm_rolls_back_records_it_and_exits_143(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    platform.configure(interval=60)
    process = start_release(platform, "canary", "1.1.0")
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if "send 50% to canary" in line:
                break
        time.sleep(0.5)  # inside the wait now
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=60)
    finally:
        process.kill()
        process.wait()

    assert process.returncode == 143, err
    assert "Traceback" not in err
    assert platform.public_versions() == {"1.0.0"}
    record = platform.record()
    assert (record["interrupted"], record["outcome"], record["rollback"]) == (
        True,
        "rolled-back",
        "complete",
    )
    assert "terminated (SIGTERM)" in record["summary"]
