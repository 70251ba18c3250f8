"""A/B: both variants live with a traffic split; the business metric compared, not acted on.

    deploy candidate 2.0.0 -> smoke it directly -> plan the comparison -> weight candidate 50
    metric control, metric candidate ("successes trials" each, at the split's start)
    wait the window (mSPRT: look at every look_every) -> the metrics again, the increases
    sample ratio mismatch? -> no recommendation (the split ends: a no-go, exit 1)
    the test the plan says -> a recommendation; traffic goes back to the control

    >>> compare(Variant("blue", 30, 400), Variant("green", 58, 410), alpha=0.05).text
    'green converts at 14.1% against 7.5% for blue (p=0.002): significant at alpha 0.05'

Which variant wins is a business decision, so the outcome is a recommendation and the
command that would give the candidate all traffic is printed, never run; it says which
test decided and why (:mod:`greenlight.release.ab_plan`). A split that did not go as
intended invalidates the comparison (:func:`~greenlight.release.ab_design.srm`).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from greenlight.release import ab_plan as design
from greenlight.release.ab_design import srm
from greenlight.release.record import RECOMMENDATION
from greenlight.release.steps import Steps, Stop


@dataclass(frozen=True)
class Variant:
    target: str
    successes: int
    trials: int

    @property
    def rate(self) -> float:
        return self.successes / self.trials if self.trials else 0.0


@dataclass(frozen=True)
class Comparison:
    control: Variant
    candidate: Variant
    z: float | None
    p_value: float | None  # None: not enough data for the test
    alpha: float
    text: str

    @property
    def candidate_wins(self) -> bool:
        significant = self.p_value is not None and self.p_value < self.alpha
        return significant and self.candidate.rate > self.control.rate

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "candidate_wins": self.candidate_wins}


def compare(control: Variant, candidate: Variant, *, alpha: float) -> Comparison:
    """The two-sided two-proportion z-test of the candidate against the control."""
    rates = f"{candidate.target} converts at {candidate.rate:.1%} against {control.rate:.1%} for {control.target}"
    pooled = (control.successes + candidate.successes) / max(1, control.trials + candidate.trials)
    if min(control.trials, candidate.trials) == 0 or pooled in (0.0, 1.0):
        return Comparison(
            control, candidate, None, None, alpha, f"{rates}: not enough data to test"
        )
    # The pooled two-proportion z statistic; its two-sided p-value from the normal tail.
    difference = candidate.successes / candidate.trials - control.successes / control.trials
    spread = math.sqrt(pooled * (1 - pooled) * (1 / candidate.trials + 1 / control.trials))
    z = difference / spread
    p = math.erfc(abs(z) / math.sqrt(2))
    if math.isnan(p):
        return Comparison(
            control, candidate, None, None, alpha, f"{rates}: not enough data to test"
        )
    verdict = "significant" if p < alpha else "not significant"
    return Comparison(
        control, candidate, z, p, alpha, f"{rates} (p={p:.3g}): {verdict} at alpha {alpha:g}"
    )


def parse_metric(output: str, target: str) -> Variant:
    """The last line of the metric command's output: ``SUCCESSES TRIALS``."""
    lines = [line for line in output.splitlines() if line.strip()]
    words = lines[-1].split() if lines else []
    if len(words) != 2 or not all(word.isdigit() for word in words):
        shown = lines[-1] if lines else "nothing"
        raise Stop(
            f"the metric command for {target} printed {shown!r}; expected 'SUCCESSES TRIALS'"
        )
    successes, trials = int(words[0]), int(words[1])
    if successes > trials:
        raise Stop(f"the metric command for {target} printed more successes than trials")
    return Variant(target, successes, trials)


def release(steps: Steps) -> tuple[str, str]:
    control, candidate = steps.spec.names("variants")
    version = steps.version
    share = steps.spec.number("share", 50)
    alpha = steps.spec.number("alpha", 0.05)
    steps.hook(f"deploy {version} to {candidate}", "deploy", target=candidate)
    steps.confirm_version(f"{candidate} runs {version}", candidate, version)
    steps.smoke(f"smoke {candidate} directly", candidate, expect_version=version)
    steps.push_undo(
        f"take all traffic off {candidate}",
        "weight",
        target=candidate,
        weight=0,
        left=f"{share:g}% of users are still on the candidate {candidate}",
        fix="end the split",
    )
    plan = design.plan(steps.spec, share=share, alpha=alpha)
    steps.record.note("plan the comparison", plan.text, kind="note")
    steps.hook(f"send {share:g}% to {candidate}", "weight", target=candidate, weight=int(share))
    counts = Counts(steps, control, candidate)
    variants, sequential = design.observe(steps, plan, counts)
    split = srm(variants[0].trials, variants[1].trials, share, plan.srm_alpha)
    comparison = compare(*variants, alpha=alpha)
    found = design.conclude(plan, comparison, split, sequential)
    steps.record.extra["ab"] = {**comparison.as_dict(), **found.as_dict()}
    steps.record.note("compare the variants", found.text, ok=not split.mismatch, kind="note")
    if split.mismatch:
        # The undo ends the split: the groups are not comparable, so nothing is recommended.
        raise Stop(f"no recommendation: {split.text}; check how users are assigned to variants")
    steps.hook(f"end the split: all traffic to {control}", "weight", target=candidate, weight=0)
    # Only now: if ending the split failed, the undo tries again and the record says
    # who is still on the candidate.
    steps.undos.clear()
    if found.candidate_wins:
        steps.record.next_commands.append(steps.render("weight", target=candidate, weight=100))
        return RECOMMENDATION, f"{version} on {candidate} did better: {found.text}"
    return RECOMMENDATION, f"keep {control}: {found.text}"


class Counts:
    """Each variant's metric since the split began: the hook's totals minus those at its start."""

    def __init__(self, steps: Steps, control: str, candidate: str) -> None:
        self.steps = steps
        self.names = (control, candidate)
        self.start = self._totals("at the split's start")

    def _totals(self, when: str) -> tuple[Variant, Variant]:
        control, candidate = (
            parse_metric(self.steps.hook(f"metric of {name} {when}", "metric", target=name), name)
            for name in self.names
        )
        return control, candidate

    def now(self, when: str = "now") -> tuple[Variant, Variant]:
        control, candidate = (
            _since(before, after)
            for before, after in zip(self.start, self._totals(when), strict=True)
        )
        return control, candidate


def _since(before: Variant, after: Variant) -> Variant:
    if after.trials < before.trials or after.successes < before.successes:
        return after  # the variant restarted: its counters began again
    return Variant(after.target, after.successes - before.successes, after.trials - before.trials)
