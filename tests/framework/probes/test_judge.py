"""Thresholds: breach, warning band, ok; and contradicting bounds."""

from __future__ import annotations

import pytest

from greenlight.probes.judge import Thresholds, judge, number

LATENCY = Thresholds(warn_above=0.1, fail_above=0.25)
ORDERS = Thresholds(warn_below=5, fail_below=1)


@pytest.mark.parametrize(
    ("value", "limits", "status", "bound"),
    [
        (0.05, LATENCY, "ok", ""),
        (0.1, LATENCY, "ok", ""),  # on the bound is still within it
        (0.12, LATENCY, "warning", "warn_above 0.1"),
        (0.4, LATENCY, "breach", "fail_above 0.25"),
        (0, ORDERS, "breach", "fail_below 1"),
        (3, ORDERS, "warning", "warn_below 5"),
        (9, ORDERS, "ok", ""),
        (float("nan"), LATENCY, "unreadable", "not a number"),
    ],
)
def test_judgement(value: float, limits: Thresholds, status: str, bound: str) -> None:
    judgement = judge(value, limits)
    assert (judgement.status, judgement.bound) == (status, bound)


def test_a_warning_band_outside_its_failure_bound_is_a_problem() -> None:
    assert Thresholds(warn_above=0.3, fail_above=0.25).problems() == [
        "warn_above must be below fail_above"
    ]
    assert Thresholds(warn_below=1, fail_below=1).problems() == [
        "warn_below must be above fail_below"
    ]
    assert LATENCY.problems() == []


def test_thresholds_read_as_people_write_them() -> None:
    assert LATENCY.describe() == "fail > 0.25, warn > 0.1"
    assert number(5_800_000) == "5.8M"
    assert number(131_072) == "131k"
    assert number(0.0825) == "0.0825"
    assert number(22) == "22"
