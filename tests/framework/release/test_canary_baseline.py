"""Canary versus baseline end to end: each step compares the canary's metrics with the live target's."""

from __future__ import annotations

from tests.framework.release.canary_judge import PROBES
from tests.framework.release.conftest import Platform

# PROBES: fixed thresholds no canary here reaches, so only the comparison can stop it. The
# slow canary is far slower than max_ratio allows, so busy-machine noise cannot blur it.


def configure_comparison(platform: Platform) -> None:
    platform.configure(baseline="blue", compare=["error-ratio", "latency-p95"], max_ratio=5)
    with platform.environments.open("a", encoding="utf-8") as file:
        file.write(PROBES)


def test_a_slow_canary_is_stopped_by_the_comparison_with_the_baseline(
    platform: Platform,
) -> None:
    platform.up(blue="1.0.0")
    platform.build("1.3.0", "--fault", "slow=600")
    configure_comparison(platform)

    result = platform.release("canary", "1.3.0")

    assert result.returncode == 1, result.stdout + result.stderr
    assert platform.public_versions() == {"1.0.0"}
    record = platform.record()
    assert record["outcome"] == "rolled-back"
    assert record["rollback"] == "complete"
    steps = [entry["step"] for entry in record["timeline"]]
    assert steps[-3:] == [
        "smoke canary at 50%",
        "compare canary with blue at 50%",
        "take all traffic off canary",
    ]
    assert "smoke baseline blue at 50%" in steps
    compared = record["timeline"][-2]
    assert (compared["kind"], compared["ok"]) == ("compare", False)
    assert compared["verdict"]["decision"] == "no-go"
    latency = {c["probe"]: c for c in compared["verdict"]["comparisons"]}["latency-p95"]
    assert latency["breached"] is True
    assert latency["canary"] > 5 * latency["baseline"]
    reason = f"latency-p95: canary {latency['canary']:.4g} vs baseline {latency['baseline']:.4g}"
    assert compared["verdict"]["reasons"][0].startswith(reason)
    assert compared["verdict"]["reasons"][0].endswith("more than 5x)")
    assert reason in record["summary"]
    assert reason in result.stdout


def test_a_canary_like_its_baseline_passes_every_comparison(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    configure_comparison(platform)

    result = platform.release("canary", "1.1.0")

    assert result.returncode == 0, result.stdout + result.stderr
    assert platform.public_versions() == {"1.1.0"}
    record = platform.record()
    assert record["outcome"] == "released"
    comparisons = [e for e in record["timeline"] if e["kind"] == "compare"]
    assert [e["step"] for e in comparisons] == [
        "compare canary with blue at 50%",
        "compare canary with blue at 100%",
    ]
    for entry in comparisons:
        assert entry["ok"] is True
        assert {c["probe"] for c in entry["verdict"]["comparisons"]} == {
            "error-ratio",
            "latency-p95",
        }
        assert not any(c["breached"] for c in entry["verdict"]["comparisons"])


def test_a_baseline_without_compare_is_a_usage_error_before_anything_is_deployed(
    platform: Platform,
) -> None:
    platform.configure(baseline="blue", max_ratio=2)

    result = platform.release("canary", "1.1.0")

    assert result.returncode == 4, result.stdout + result.stderr
    assert "[shop.release]: baseline needs compare too" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not (platform.reports / "shop" / "release.json").exists()
