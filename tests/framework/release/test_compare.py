"""Canary versus baseline: the comparison rule, its record form and its configuration."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from greenlight.config.environment import Environment
from greenlight.errors import ConfigError
from greenlight.probes.judge import Unreadable
from greenlight.release.compare import Comparison, Side, compare
from greenlight.release.spec import release_spec

TARGETS = {
    name: {"shop": f"http://127.0.0.1:{port}"}
    for name, port in (("blue", 1), ("green", 2), ("canary", 3))
}
LATENCY = {
    "name": "latency-p95",
    "kind": "metrics",
    "expression": "histogram_quantile(0.95, http_request_duration_seconds)",
    "fail_above": 1,
}
CANARY = {
    "canary": "canary",
    "deploy": "d {target} {version}",
    "weight": "w {target} {weight}",
    "steps": [50, 100],
    "interval": 0,
}


def spec_problems(probes: list[dict[str, Any]] | None = None, **release: Any) -> str:
    env = Environment(
        name="prod",
        source=Path("environments.toml"),
        services={"shop": "http://127.0.0.1:9"},
        targets=TARGETS,
        settings={"release": {**CANARY, **release}, "probes": probes or [LATENCY]},
    )
    with pytest.raises(ConfigError) as raised:
        release_spec(env, "canary")
    return str(raised.value)


@pytest.mark.parametrize(
    ("canary", "baseline", "breached"),
    [(0.4, 0.01, True), (0.015, 0.01, False), (0.02, 0.01, True), (0.0, 0.0, False)],
)
def test_a_canary_breaches_above_max_ratio_times_the_baseline(
    canary: float, baseline: float, breached: bool
) -> None:
    assert Comparison("latency-p95", canary, baseline, max_ratio=1.5).breached is breached


def test_any_canary_value_breaches_a_baseline_of_zero() -> None:
    comparison = Comparison("error-ratio", 0.01, 0.0, max_ratio=3)

    assert comparison.breached
    assert str(comparison) == "error-ratio: canary 0.01 vs baseline 0 (the baseline has none)"


def test_the_reason_names_probe_canary_and_baseline_values() -> None:
    comparison = Comparison("latency-p95", 0.4, 0.01, max_ratio=2)

    assert str(comparison) == "latency-p95: canary 0.4 vs baseline 0.01 (40x, more than 2x)"
    assert comparison.as_dict() == {
        "probe": "latency-p95",
        "canary": 0.4,
        "baseline": 0.01,
        "max_ratio": 2,
        "breached": True,
    }


@dataclass
class Reading:
    """A fake metrics probe: each observation is the next of ``values``."""

    values: list[float | None]
    windowed: bool = True
    source: str = "fake"

    def observe(self, shared: dict[str, Any]) -> float:
        value = self.values.pop(0)
        if value is None:
            raise Unreadable("no answer from http://127.0.0.1:3/metrics")
        return value

    def value(self, start: Any, now: Any) -> float:
        return float(now - start)


def side(values: list[float | None]) -> Side:
    probe = Reading(values)
    opened = Side({"latency-p95": probe})
    opened.start = opened.read()
    return opened


def test_each_side_is_valued_over_its_own_window() -> None:
    [comparison] = compare(side([1.0, 1.3]), side([5.0, 5.1]), max_ratio=2)

    assert (comparison.canary, comparison.baseline) == pytest.approx((0.3, 0.1))
    assert comparison.breached


def test_an_unreadable_side_is_a_breach_that_says_why() -> None:
    [comparison] = compare(side([1.0, None]), side([5.0, 5.1]), max_ratio=2)

    assert comparison.breached
    assert comparison.canary is None
    assert str(comparison) == (
        "latency-p95: cannot compare (canary: no answer from http://127.0.0.1:3/metrics)"
    )


def test_baseline_without_compare_is_a_usage_error_naming_both() -> None:
    message = spec_problems(baseline="blue")

    assert "baseline needs compare too" in message


def test_compare_must_name_metrics_probes_of_the_environment() -> None:
    message = spec_problems(baseline="blue", compare=["latency-p59"])

    assert "compare: 'latency-p59' is not a probe of [[prod.probes]]" in message
    assert "(metrics probes: latency-p95)" in message


def test_baseline_must_be_another_known_target_and_max_ratio_at_least_one() -> None:
    message = spec_problems(baseline="canary", compare=["latency-p95"], max_ratio=0.5)

    assert "baseline: must be another target than the canary" in message
    assert "max_ratio: must be a number of at least 1 (got 0.5)" in message
    assert "'bleu' is not a target" in spec_problems(baseline="bleu", compare=["latency-p95"])


def test_a_probe_with_a_fixed_url_cannot_be_compared() -> None:
    fixed = {**LATENCY, "url": "http://10.0.0.1/metrics"}

    message = spec_problems([fixed], baseline="blue", compare=["latency-p95"])

    assert "'latency-p95' reads a fixed URL" in message
