"""A/B: both variants live with a traffic split; the business metric compared, not acted on.

    deploy candidate 2.0.0 -> smoke it directly -> weight candidate 50
    wait the window -> metric control, metric candidate ("successes trials" each)
    two-proportion z-test -> a recommendation; traffic goes back to the control

    >>> compare(Variant("blue", 30, 400), Variant("green", 58, 410), alpha=0.05).text
    'green converts at 14.1% against 7.5% for blue (p=0.002): significant at alpha 0.05'

Which variant wins is a business decision, so the outcome is always a recommendation
and the command that would give the candidate all traffic is printed, never run.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

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
    share = int(steps.spec.number("share", 50))
    steps.hook(f"deploy {version} to {candidate}", "deploy", target=candidate)
    steps.confirm_version(f"{candidate} runs {version}", candidate, version)
    steps.smoke(f"smoke {candidate} directly", candidate, expect_version=version)
    steps.push_undo(
        f"take all traffic off {candidate}",
        "weight",
        target=candidate,
        weight=0,
        left=f"{share}% of users are still on the candidate {candidate}",
        fix="end the split",
    )
    steps.hook(f"send {share}% to {candidate}", "weight", target=candidate, weight=share)
    steps.wait(f"collect the metric for {control} and {candidate}", steps.spec.number("window", 0))
    variants = [
        parse_metric(steps.hook(f"metric of {name}", "metric", target=name), name)
        for name in (control, candidate)
    ]
    comparison = compare(*variants, alpha=steps.spec.number("alpha", 0.05))
    steps.record.extra["ab"] = comparison.as_dict()
    steps.record.note("compare the variants", comparison.text, kind="note")
    steps.hook(f"end the split: all traffic to {control}", "weight", target=candidate, weight=0)
    # Only now: if ending the split failed, the undo tries again and the record says
    # who is still on the candidate.
    steps.undos.clear()
    if comparison.candidate_wins:
        steps.record.next_commands.append(steps.render("weight", target=candidate, weight=100))
        return RECOMMENDATION, f"{version} on {candidate} did better: {comparison.text}"
    return RECOMMENDATION, f"keep {control}: {comparison.text}"
