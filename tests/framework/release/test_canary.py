"""Canary end to end: the new version takes a growing share of nginx's traffic."""

from __future__ import annotations

from tests.framework.release.conftest import Platform


def test_a_good_canary_goes_through_every_step_and_is_promoted(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    platform.configure(promote=f"{platform.hooks}/promote {{target}} {{version}}")

    result = platform.release("canary", "1.1.0")

    assert result.returncode == 0, result.stdout + result.stderr
    assert platform.public_versions() == {"1.1.0"}
    assert platform.version_of("blue") == "1.1.0"
    record = platform.record()
    assert record["outcome"] == "released"
    steps = [entry["step"] for entry in record["timeline"]]
    assert steps == [
        "deploy 1.1.0 to canary",
        "canary runs 1.1.0",
        "send 50% to canary",
        "observe canary at 50%",
        "smoke canary at 50%",
        "send 100% to canary",
        "observe canary at 100%",
        "smoke canary at 100%",
        "promote 1.1.0",
    ]


def test_a_bad_canary_is_rolled_back_at_the_first_step(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    platform.build("1.2.0", "--fault", "checkout-error")

    result = platform.release("canary", "1.2.0")

    assert result.returncode == 1, result.stdout + result.stderr
    assert platform.public_versions() == {"1.0.0"}
    record = platform.record()
    assert record["outcome"] == "rolled-back"
    assert record["rollback"] == "complete"
    steps = [entry["step"] for entry in record["timeline"]]
    assert "send 100% to canary" not in steps
    assert steps[-1] == "take all traffic off canary"
    assert record["timeline"][-2]["verdict"]["decision"] == "no-go"


def test_delivery_mode_stops_before_the_last_step(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    platform.configure(mode="delivery")

    result = platform.release("canary", "1.1.0")

    assert result.returncode == 0, result.stdout + result.stderr
    assert platform.public_versions(20) == {"1.0.0", "1.1.0"}  # still split 50/50
    assert platform.record()["next_commands"] == [f"{platform.hooks}/weight canary 100"]
