"""How an A/B release decides: planned before the split, observed, concluded in words.

    [prod.release]
    variants = ["blue", "green"]
    share = 50
    window = 3600
    test = "fixed"            # or "msprt": an always-valid test, looked at every look_every
    baseline_rate = 0.10      # fixed: the control's rate and the smallest effect worth
    mde = 0.02                #   seeing give the horizon, in trials per variant
    power = 0.8               # default 0.8
    srm_alpha = 0.001         # sample ratio mismatch bound (default 0.001)
    tau = 0.02                # msprt: the mixing spread of effects (default mde, else 0.05)
    look_every = 60           # msprt: seconds between looks (default window / 10)

    >>> plan(spec, share=50, alpha=0.05).text
    'fixed horizon: 3532 trials per variant, to see 2 points from 10% at alpha 0.05 and power 0.8'

``fixed`` without ``baseline_rate`` and ``mde`` is one z-test at the window's end, and
says so: no horizon was set, so a "not significant" may only mean too few users. The
minimum detectable effect at the observed sizes is stated in every conclusion.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from greenlight.release.ab_design import (
    DEFAULT_POWER,
    DEFAULT_SRM_ALPHA,
    Sequential,
    Split,
    horizon,
    minimum_detectable_effect,
)
from greenlight.release.spec import ReleaseSpec

if TYPE_CHECKING:  # ab imports this module: only the names, for the annotations
    from greenlight.release.ab import Comparison, Counts, Variant
    from greenlight.release.steps import Steps


@dataclass(frozen=True)
class Plan:
    test: str  # "fixed" or "msprt"
    alpha: float
    power: float
    srm_alpha: float
    window: float
    horizon: int | None = None  # fixed, with baseline_rate and mde
    baseline_rate: float | None = None
    mde: float | None = None
    tau: float | None = None  # msprt
    look_every: float | None = None

    @property
    def text(self) -> str:
        at = f"at alpha {self.alpha:g} and power {self.power:g}"
        if self.test == "msprt":
            return (
                f"mSPRT (tau {self.tau:g}): an always-valid p-value, looked at every "
                f"{self.look_every:g}s for {self.window:g}s; stops at the first below alpha {self.alpha:g}"
            )
        if self.horizon is None:
            return (
                f"one z-test at the end of the {self.window:g}s window, {at}; no horizon set "
                "(baseline_rate and mde give one)"
            )
        assert self.mde is not None and self.baseline_rate is not None
        return (
            f"fixed horizon: {self.horizon} trials per variant, to see {100 * self.mde:g} points "
            f"from {100 * self.baseline_rate:g}% {at}"
        )


def plan(spec: ReleaseSpec, *, share: float, alpha: float) -> Plan:
    """The comparison decided before the split: its test, horizon or looks (checked config)."""
    settings = spec.settings
    power = spec.number("power", DEFAULT_POWER)
    window = spec.number("window", 0)
    srm_alpha = spec.number("srm_alpha", DEFAULT_SRM_ALPHA)
    mde = float(settings["mde"]) if "mde" in settings else None
    if settings.get("test") == "msprt":
        tau = spec.number("tau", mde or 0.05)
        looks = spec.number("look_every", max(window / 10, 0.1))
        return Plan("msprt", alpha, power, srm_alpha, window, mde=mde, tau=tau, look_every=looks)
    rate = float(settings["baseline_rate"]) if "baseline_rate" in settings else None
    if rate is None or mde is None:
        return Plan("fixed", alpha, power, srm_alpha, window)
    needed = horizon(rate, mde, share=share, alpha=alpha, power=power)
    return Plan(
        "fixed", alpha, power, srm_alpha, window, horizon=needed, baseline_rate=rate, mde=mde
    )


def observe(
    steps: Steps, plan: Plan, counts: Counts
) -> tuple[tuple[Variant, Variant], Sequential | None]:
    """Wait out the window (looking at every interval for mSPRT); the variants' increases."""
    if plan.test != "msprt":
        steps.wait("collect the metric of both variants", plan.window)
        return counts.now(), None
    assert plan.tau is not None and plan.look_every is not None
    sequential = Sequential(tau=plan.tau)
    deadline = time.monotonic() + plan.window
    while True:
        steps.wait(
            "collect the metric of both variants",
            min(plan.look_every, max(0.0, deadline - time.monotonic())),
        )
        control, candidate = counts.now(f"at look {sequential.looks + 1}")
        p = sequential.look(
            (control.successes, control.trials), (candidate.successes, candidate.trials)
        )
        if p < plan.alpha or time.monotonic() >= deadline:
            return (control, candidate), sequential


@dataclass(frozen=True)
class Finding:
    text: str
    candidate_wins: bool
    split: Split
    plan: Plan
    mde_observed: float | None
    p_value: float | None  # the deciding test's
    looks: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "design": asdict(self.plan),
            "srm": {**asdict(self.split), "mismatch": self.split.mismatch},
            "mde_observed": self.mde_observed,
            "decided_by": self.plan.test,
            "decisive_p_value": self.p_value,
            "looks": self.looks,
            "conclusion": self.text,
        }


def conclude(
    plan: Plan, comparison: Comparison, split: Split, sequential: Sequential | None
) -> Finding:
    """Which test decided and why, or why nothing can be recommended."""
    control, candidate = comparison.control, comparison.candidate
    mde = minimum_detectable_effect(
        control.rate or candidate.rate,
        control.trials,
        candidate.trials,
        alpha=plan.alpha,
        power=plan.power,
    )
    sees = f"; the smallest difference these {control.trials} and {candidate.trials} trials can show is {_points(mde)}"

    def found(text: str, wins: bool, p: float | None) -> Finding:
        looks = sequential.looks if sequential else None
        return Finding(text + sees, wins, split, plan, mde, p, looks)

    if split.mismatch:
        return found(f"{split.text}: the comparison is invalid", False, None)
    if plan.test == "msprt":
        assert sequential is not None
        p = sequential.p_value
        better = candidate.rate > control.rate
        verdict = "significant" if p < plan.alpha else "not significant"
        text = (
            f"{comparison.text.split(' (p=')[0].split(':')[0]} (mSPRT always-valid p={p:.3g} after "
            f"{sequential.looks} looks): {verdict} at alpha {plan.alpha:g}"
        )
        return found(text, p < plan.alpha and better, p)
    if plan.horizon is not None and min(control.trials, candidate.trials) < plan.horizon:
        text = (
            f"the fixed horizon of {plan.horizon} trials per variant was not reached "
            f"({control.trials} and {candidate.trials}): no conclusion yet"
        )
        return found(text, False, None)
    why = (
        "the fixed horizon was reached" if plan.horizon is not None else "one look, no horizon set"
    )
    return found(f"{comparison.text} ({why})", comparison.candidate_wins, comparison.p_value)


def _points(mde: float | None) -> str:
    return "unknown (no variation yet)" if mde is None else f"{100 * mde:.3g} points"
