"""A/B end to end, and the comparison's statistics."""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from collections.abc import Iterator

import pytest
import requests

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


@contextlib.contextmanager
def customers_registering(platform: Platform, *targets: str) -> Iterator[None]:
    """Real (unmarked) customers registering on the targets in turn while the block lasts."""
    stop = threading.Event()

    def register() -> None:
        for turn in itertools.count():
            if stop.is_set():
                return
            target = targets[turn % len(targets)]
            url = f"http://127.0.0.1:{platform.ports[target]}/api/customers"
            with contextlib.suppress(requests.RequestException):  # green is not up yet
                requests.post(
                    url, json={"username": f"user-{turn}", "password": "pw-123456"}, timeout=5
                )
            time.sleep(0.05)

    thread = threading.Thread(target=register, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(10)


def test_a_skewed_split_reports_the_mismatch_and_recommends_nothing(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    platform.configure(window=3)

    with customers_registering(platform, "blue"):  # every new user lands on the control
        result = platform.release("ab", "1.1.0")

    assert result.returncode == 1, result.stdout + result.stderr
    record = platform.record()
    assert record["outcome"] == "rolled-back"
    assert record["next_commands"] == []
    srm = record["ab"]["srm"]
    assert srm["mismatch"] is True and srm["p_value"] < 0.001
    assert srm["candidate"] == 0 and srm["control"] >= 10
    assert record["summary"].startswith("no recommendation: sample ratio mismatch")
    assert "the candidate got 0.0% of" in record["summary"]
    assert platform.public_versions() == {"1.0.0"}  # the split ended


def test_an_even_split_is_compared_by_msprt_and_says_so(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    platform.configure(window=3, test="msprt", look_every=1)

    with customers_registering(platform, "blue", "green"):
        result = platform.release("ab", "1.1.0")

    assert result.returncode == 0, result.stdout + result.stderr
    record = platform.record()
    assert record["outcome"] == "recommendation"
    ab = record["ab"]
    assert ab["srm"]["mismatch"] is False
    assert ab["decided_by"] == "msprt" and ab["looks"] >= 2
    assert ab["mde_observed"] is None  # no order placed: no variation to measure yet
    assert "mSPRT always-valid p=" in record["summary"]
    plan = next(e for e in record["timeline"] if e["step"] == "plan the comparison")
    assert plan["detail"].startswith(
        "mSPRT (tau 0.05): an always-valid p-value, looked at every 1s"
    )
