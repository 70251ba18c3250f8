"""Blue-green end to end: the shop behind nginx, released through the demo's hooks."""

from __future__ import annotations

import json

from tests.framework.release.conftest import Platform


def test_a_good_version_is_switched_to_and_serves_users(platform: Platform) -> None:
    platform.up(blue="1.0.0")

    result = platform.release("blue-green", "1.1.0")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "released: 1.1.0 serves shop through green" in result.stdout
    assert platform.public_versions() == {"1.1.0"}
    record = platform.record()
    assert record["outcome"] == "released"
    steps = [entry["step"] for entry in record["timeline"]]
    assert steps == [
        "find the live target",
        "deploy 1.1.0 to green",
        "green runs 1.1.0",
        "smoke green directly",
        "switch traffic to green",
        "the public URL serves it",
        "smoke through the public URL",
    ]
    smoke = record["timeline"][3]
    assert smoke["verdict"]["decision"] == "go"
    assert "--target green" in smoke["command"]
    assert smoke["command"].startswith("python -m pytest ")
    latest = json.loads((platform.reports / "shop" / "verdict.json").read_text())
    assert (latest["decision"], latest["target"]) == ("go", None)  # the public URL's check


def test_a_bad_version_is_stopped_before_users_see_it(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    platform.build("1.2.0", "--fault", "checkout-error")

    result = platform.release("blue-green", "1.2.0")

    assert result.returncode == 1, result.stdout + result.stderr
    assert "smoke green directly" in result.stdout and "NO-GO" in result.stdout
    assert platform.public_versions() == {"1.0.0"}
    record = platform.record()
    assert record["outcome"] == "rolled-back"
    assert record["rollback"] is None  # nothing had been switched
    assert not any(entry["step"].startswith("switch") for entry in record["timeline"])


def test_delivery_mode_stops_before_the_switch_and_prints_it(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    platform.configure(mode="delivery")

    result = platform.release("blue-green", "1.1.0")

    assert result.returncode == 0, result.stdout + result.stderr
    assert platform.public_versions() == {"1.0.0"}
    assert platform.version_of("green") == "1.1.0"
    record = platform.record()
    assert record["outcome"] == "recommendation"
    assert record["next_commands"] == [f"{platform.hooks}/switch green"]
    assert f"to complete it, run: {platform.hooks}/switch green" in result.stdout
