"""The Mann-Whitney canary judge end to end: samples of both sides, a test, a score, a decision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.framework.release.canary_judge import configure_judge, users
from tests.framework.release.conftest import Platform


def judged(record: dict[str, Any]) -> dict[str, Any]:
    (entry,) = [e for e in record["timeline"] if e["step"] == "judge canary against blue at 50%"]
    return dict(entry)


def test_a_slow_canary_is_rolled_back_by_the_mann_whitney_test(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    platform.build("1.3.0", "--fault", "slow=300")
    configure_judge(platform)

    with users(platform):
        result = platform.release("canary", "1.3.0")

    assert result.returncode == 1, result.stdout + result.stderr
    assert platform.public_versions() == {"1.0.0"}
    record = platform.record()
    assert (record["outcome"], record["rollback"]) == ("rolled-back", "complete")
    entry = judged(record)
    assert (entry["kind"], entry["ok"]) == ("compare", False)
    verdict = entry["verdict"]
    assert (verdict["judge"], verdict["decision"]) == ("mann-whitney", "no-go"), verdict
    latency = {m["probe"]: m for m in verdict["metrics"]}["latency-p95"]
    assert latency["class"] == "high"
    assert latency["p_value"] < 0.05
    assert len(latency["samples"]["canary"]) >= 3 and len(latency["samples"]["baseline"]) >= 3
    assert latency["medians"]["canary"] > 0.3 > latency["medians"]["baseline"]
    assert latency["u"] is not None and latency["effect"] > 2
    assert "no-go by the Mann-Whitney test" in record["summary"]
    assert "p=" in record["summary"] and "samples" in record["summary"]
    assert record["canary_analysis"][0]["result"] == "fail"


def test_too_few_samples_is_inconclusive_never_a_pass(platform: Platform, tmp_path: Path) -> None:
    platform.up(blue="1.0.0")
    configure_judge(platform, min_samples=10_000)

    deployment = platform.release("canary", "1.1.0")

    assert deployment.returncode == 1, deployment.stdout + deployment.stderr
    record = platform.record()
    assert record["outcome"] == "rolled-back"
    verdict = judged(record)["verdict"]
    assert verdict["decision"] == verdict["result"] == "inconclusive"
    assert verdict["score"] is None
    assert {m["class"] for m in verdict["metrics"]} == {"nodata"}
    assert "too few samples" in record["summary"]
    assert "a deployment goes on only on a pass" in record["summary"]
    assert platform.public_versions() == {"1.0.0"}

    delivery = platform.release("canary", "1.1.0", "--mode", "delivery")

    assert delivery.returncode == 0, delivery.stdout + delivery.stderr
    record = platform.record()
    assert record["outcome"] == "recommendation"
    assert "inconclusive" in record["summary"] and "paused at 50%" in record["summary"]
    assert record["next_commands"][0].endswith("weight canary 100")
    assert "1.1.0" in platform.public_versions(40)  # paused: the canary keeps its share


def test_a_canary_like_its_baseline_is_released_by_the_judge(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    configure_judge(platform)

    with users(platform):
        result = platform.release("canary", "1.1.0")

    assert result.returncode == 0, result.stdout + result.stderr
    record = platform.record()
    assert record["outcome"] == "released"
    judgements = record["canary_analysis"]
    # At 100% the baseline has no users left to compare with: the smoke run alone.
    assert [j["weight"] for j in judgements] == [50]
    assert "smoke canary at 100%" in [entry["step"] for entry in record["timeline"]]
    for judgement in judgements:
        assert judgement["result"] == "pass" and judgement["score"] == 100, judgement
        for metric in judgement["metrics"]:
            assert metric["class"] == "pass"
            assert min(map(len, metric["samples"].values())) >= 5
