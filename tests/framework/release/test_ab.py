"""A/B end to end, and the comparison's statistics."""

from __future__ import annotations

import pytest

from greenlight.release.ab import Variant, compare, parse_metric
from greenlight.release.steps import Stop
from tests.framework.release.conftest import Platform


def test_an_ab_release_recommends_and_never_switches(platform: Platform) -> None:
    platform.up(blue="1.0.0")

    result = platform.release("ab", "1.1.0")

    assert result.returncode == 0, result.stdout + result.stderr
    assert platform.public_versions() == {"1.0.0"}  # the split ended; nobody switched
    assert platform.version_of("green") == "1.1.0"
    record = platform.record()
    assert record["outcome"] == "recommendation"
    # The smoke run on green registered a customer and placed an order there, marked as
    # synthetic: the business metric of the comparison counts neither.
    assert record["ab"]["candidate"]["target"] == "green"
    assert record["ab"]["candidate"]["trials"] == 0
    steps = [entry["step"] for entry in record["timeline"]]
    assert steps[-1] == "end the split: all traffic to blue"


def test_a_bad_candidate_never_gets_traffic(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    platform.build("1.2.0", "--fault", "checkout-error")

    result = platform.release("ab", "1.2.0")

    assert result.returncode == 1, result.stdout + result.stderr
    assert platform.public_versions() == {"1.0.0"}
    steps = [entry["step"] for entry in platform.record()["timeline"]]
    assert "send 50% to green" not in steps


def test_a_clear_difference_is_significant() -> None:
    comparison = compare(Variant("blue", 30, 400), Variant("green", 60, 400), alpha=0.05)

    assert comparison.p_value is not None and comparison.p_value < 0.01
    assert comparison.candidate_wins
    assert "significant at alpha 0.05" in comparison.text


def test_a_small_difference_is_not_significant() -> None:
    comparison = compare(Variant("blue", 30, 400), Variant("green", 33, 400), alpha=0.05)

    assert comparison.p_value is not None and comparison.p_value > 0.05
    assert not comparison.candidate_wins
    assert "not significant" in comparison.text


def test_no_trials_means_no_test() -> None:
    comparison = compare(Variant("blue", 0, 0), Variant("green", 1, 1), alpha=0.05)

    assert comparison.p_value is None
    assert not comparison.candidate_wins
    assert "not enough data" in comparison.text


def test_a_metric_command_must_print_successes_and_trials() -> None:
    assert parse_metric("reading...\n12 80\n", "blue") == Variant("blue", 12, 80)
    with pytest.raises(Stop, match="expected 'SUCCESSES TRIALS'"):
        parse_metric("twelve of eighty", "blue")
    with pytest.raises(Stop, match="more successes than trials"):
        parse_metric("9 3", "blue")
