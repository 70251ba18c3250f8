"""Probe charts people can read: units, no negative axis for values that cannot be negative."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenlight.probes.chart import _range, draw, unit_of
from greenlight.probes.judge import Thresholds
from greenlight.probes.schedule import ProbeResult, Reading
from greenlight.probes.spec import ProbeSpec

pytest.importorskip("matplotlib", reason="the charts extra draws PNGs; without it, no chart")


def result(name: str, kind: str, values: list[float], **bounds: float) -> ProbeResult:
    spec = ProbeSpec(name=name, kind=kind, thresholds=Thresholds(**bounds))
    readings = tuple(Reading(100.0 + i, value) for i, value in enumerate(values))
    return ProbeResult(spec, "test", "breach", max(values), "", readings, 100.0)


def test_the_value_axis_starts_at_zero_for_values_that_are_never_negative() -> None:
    assert _range([0.05, 0.4], [0.25])[0] == 0.0
    assert _range([12_000_000.0], [1.0]) == (0.0, pytest.approx(12_000_000.0 * 1.15))
    low, high = _range([-3.0, 2.0], [])
    assert low < -3.0 and high > 2.0  # a value that can be negative keeps its side


def test_latency_is_in_seconds_and_a_unit_setting_wins() -> None:
    assert unit_of(result("latency-p95", "metrics", [0.1])) == "s"
    assert unit_of(result("orders", "metrics", [3.0])) == ""
    spec = ProbeSpec(name="queue", kind="metrics", thresholds=Thresholds(), settings={"unit": "B"})
    assert unit_of(ProbeResult(spec, "test", "ok", 1.0, "", (Reading(1.0, 1.0),), 1.0)) == "B"


def test_a_chart_is_drawn_for_a_breach_and_none_without_readings(tmp_path: Path) -> None:
    drawn = draw(result("latency-p95", "metrics", [0.05, 0.3, 0.1], fail_above=0.25), tmp_path)
    assert drawn == tmp_path / "latency-p95.png" and drawn.stat().st_size > 1000
    spec = ProbeSpec(name="empty", kind="metrics", thresholds=Thresholds())
    empty = ProbeResult(spec, "test", "unreadable", None, "", (Reading(1.0, None, "down"),), None)
    assert draw(empty, tmp_path) is None
