"""The Mann-Whitney canary judge: each metric classified from samples, the step scored as Kayenta does.

    [prod.release]
    judge = "mann-whitney"        # needs greenlight[stats] (scipy)
    baseline = "blue"
    compare = ["latency-p95", "error-ratio"]
    confidence = 0.95             # of the two-sided Mann-Whitney U test
    effect = 0.2                  # a difference within 20% of the baseline's median is a pass
    min_samples = 5               # per side and metric; fewer is inconclusive, never a pass
    sample_interval = 1           # seconds between samples
    pass_score = 95               # marginal_score = 75 below it
    metrics = { "latency-p95" = { weight = 2, critical = true } }   # direction = "increase"

    >>> result = classify(Metric("latency-p95"), canary=[0.31, 0.33, ...], baseline=[0.01, ...], ...)
    >>> result.klass, round(result.p_value, 4)
    ('high', 0.0002)
    >>> score([result], pass_score=95, marginal_score=75).decision
    'fail'

A metric is ``pass`` when the test finds no difference at the stated confidence, or the
canary's median is within ``effect`` of the baseline's; otherwise ``high`` or ``low``.
Only the direction that hurts fails it (``direction``: ``increase``, the default for
latency and errors; ``decrease``; or ``either``). With fewer than ``min_samples`` on a
side it is ``nodata``. The step's score is the weight of the passing metrics over the
weight of all, 0 to 100: ``pass`` from ``pass_score``, ``marginal`` from
``marginal_score``, else ``fail``; a ``critical`` metric that fails fails the step on its
own, and any ``nodata`` metric makes the step ``inconclusive``. scipy is imported here
only, when this judge runs (:func:`require_scipy` says what to install otherwise).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from greenlight.errors import ConfigError
from greenlight.probes.judge import number

Klass = Literal["pass", "high", "low", "nodata"]
Decision = Literal["pass", "marginal", "fail", "inconclusive"]
DEFAULTS = {
    "confidence": 0.95,
    "effect": 0.2,
    "min_samples": 5,
    "sample_interval": 1.0,
    "pass_score": 95.0,
    "marginal_score": 75.0,
}
HURTS = {"increase": ("high",), "decrease": ("low",), "either": ("high", "low")}


def require_scipy() -> Any:
    """scipy.stats, or the usage error that names the extra to install."""
    try:
        from scipy import stats  # type: ignore[import-untyped]
    except ImportError:
        raise ConfigError(
            [
                'judge = "mann-whitney" needs scipy, which is not installed; install the extra: '
                "pip install 'greenlight[stats]'"
            ]
        ) from None
    return stats


@dataclass(frozen=True)
class Metric:
    probe: str
    weight: float = 1.0
    critical: bool = False
    direction: str = "increase"


def metrics_of(settings: Mapping[str, Any]) -> list[Metric]:
    """The compared probes with their weight, critical flag and direction (already checked)."""
    given = settings.get("metrics", {})
    return [Metric(str(name), **given.get(name, {})) for name in settings.get("compare", ())]


@dataclass(frozen=True)
class MetricResult:
    metric: Metric
    klass: Klass
    canary: tuple[float, ...]
    baseline: tuple[float, ...]
    u: float | None = None
    p_value: float | None = None
    effect: float | None = None  # the canary's median over the baseline's

    @property
    def failed(self) -> bool:
        return self.klass in HURTS.get(self.metric.direction, ("high", "low"))

    def medians(self) -> tuple[float | None, float | None]:
        return _median(self.canary), _median(self.baseline)

    def as_dict(self) -> dict[str, Any]:
        canary, baseline = self.medians()
        return {
            "probe": self.metric.probe,
            "class": self.klass,
            "weight": self.metric.weight,
            "critical": self.metric.critical,
            "direction": self.metric.direction,
            "samples": {"canary": list(self.canary), "baseline": list(self.baseline)},
            "medians": {"canary": canary, "baseline": baseline},
            "u": self.u,
            "p_value": self.p_value,
            "effect": self.effect,
        }

    def __str__(self) -> str:
        canary, baseline = self.medians()
        counts = f"{len(self.canary)} and {len(self.baseline)} samples"
        if self.klass == "nodata":
            return f"{self.metric.probe}: nodata ({counts}, too few to judge)"
        effect = "" if self.effect is None else f", effect {self.effect:.3g}x"
        return (
            f"{self.metric.probe}: {self.klass} (canary median {number(canary)} vs baseline "
            f"{number(baseline)} over {counts}, U={self.u:g}, p={self.p_value:.3g}{effect})"
        )


def _median(samples: Sequence[float]) -> float | None:
    return statistics.median(samples) if samples else None


def classify(
    metric: Metric,
    canary: Sequence[float],
    baseline: Sequence[float],
    *,
    confidence: float,
    effect: float,
    min_samples: int,
) -> MetricResult:
    ours, theirs = tuple(canary), tuple(baseline)
    if min(len(ours), len(theirs)) < min_samples:
        return MetricResult(metric, "nodata", ours, theirs)
    mine, base = statistics.median(ours), statistics.median(theirs)
    ratio = mine / base if base else (1.0 if mine == base else float("inf"))
    if len(set(ours + theirs)) == 1:  # all the same value: no difference at all
        return MetricResult(metric, "pass", ours, theirs, len(ours) * len(theirs) / 2, 1.0, ratio)
    test = require_scipy().mannwhitneyu(ours, theirs, alternative="two-sided")
    u, p = float(test.statistic), float(test.pvalue)
    same = p >= 1 - confidence or abs(ratio - 1) <= effect
    klass: Klass = "pass" if same else ("high" if mine > base else "low")
    return MetricResult(metric, klass, ours, theirs, u, p, ratio)


@dataclass(frozen=True)
class StepJudgement:
    decision: Decision
    score: float | None  # None: inconclusive, nothing to score
    results: tuple[MetricResult, ...]
    why: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "judge": "mann-whitney",
            "result": self.decision,
            "score": self.score,
            "why": self.why,
            "metrics": [result.as_dict() for result in self.results],
        }


def score(
    results: Sequence[MetricResult], *, pass_score: float, marginal_score: float
) -> StepJudgement:
    """Kayenta's scoring: weights, critical metrics, pass and marginal thresholds."""
    found = tuple(results)
    quiet = [r.metric.probe for r in found if r.klass == "nodata"]
    if quiet:
        why = f"too few samples of {', '.join(quiet)} to judge; never a pass"
        return StepJudgement("inconclusive", None, found, why)
    critical = [r.metric.probe for r in found if r.failed and r.metric.critical]
    total = sum(r.metric.weight for r in found) or 1.0
    points = round(100 * sum(r.metric.weight for r in found if not r.failed) / total, 1)
    if critical:
        return StepJudgement("fail", points, found, f"critical {', '.join(critical)} failed")
    if points >= pass_score:
        return StepJudgement("pass", points, found, f"score {points:g} (pass from {pass_score:g})")
    if points >= marginal_score:
        why = f"score {points:g} is marginal (pass from {pass_score:g}, fail below {marginal_score:g})"
        return StepJudgement("marginal", points, found, why)
    return StepJudgement("fail", points, found, f"score {points:g} (fail below {marginal_score:g})")
