"""What makes an A/B comparison valid: the split it got, the effect it can see, when to look.

    >>> srm(control=5000, candidate=4000, share=50).mismatch      # chi-square, 1 df
    True
    >>> round(minimum_detectable_effect(0.10, 2000, 2000, alpha=0.05, power=0.8), 4)
    0.0266
    >>> horizon(0.10, 0.02, share=50, alpha=0.05, power=0.8)       # users per variant
    3532
    >>> looks = Sequential(tau=0.02); looks.look(control, candidate).p_value

- **Sample ratio mismatch**: a chi-square test of the observed split of trials against
  the intended ``share``; a p-value below ``srm_alpha`` (default 0.001, the usual bound)
  means the assignment is broken (a redirect, a crash, a bot), and no comparison of
  such groups means anything.
- **Minimum detectable effect** at the observed sample sizes, for the two-sided test at
  ``alpha`` with ``power`` (default 0.8): a difference smaller than it could not be told
  from chance, so "not significant" says little below it.
- **Fixed horizon**: the users per variant needed to see ``mde`` from ``baseline_rate``,
  computed before the split starts; the one test is made when both variants reach it.
- **mSPRT**: a mixture sequential probability ratio test (Johari et al., "Always valid
  inference", normal approximation, mixing variance ``tau``²) whose p-value stays valid
  however often it is looked at, so checking at every interval does not inflate false
  positives. No scipy: the normal distribution of :mod:`statistics` suffices.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

NORMAL = NormalDist()
DEFAULT_SRM_ALPHA = 0.001
DEFAULT_POWER = 0.8


@dataclass(frozen=True)
class Split:
    control: int
    candidate: int
    share: float  # the candidate's intended percentage
    chi_square: float
    p_value: float
    alpha: float

    @property
    def mismatch(self) -> bool:
        return self.p_value < self.alpha

    @property
    def text(self) -> str:
        total = self.control + self.candidate
        seen = 100 * self.candidate / total if total else 0.0
        verdict = "sample ratio mismatch" if self.mismatch else "split as intended"
        return (
            f"{verdict}: the candidate got {seen:.1f}% of {total} trials, {self.share:g}% intended "
            f"(chi-square {self.chi_square:.3g}, p={self.p_value:.3g}, alpha {self.alpha:g})"
        )


def srm(control: int, candidate: int, share: float, alpha: float = DEFAULT_SRM_ALPHA) -> Split:
    """The chi-square goodness-of-fit test of the observed split (one degree of freedom)."""
    total = control + candidate
    if total == 0 or not 0 < share < 100:
        return Split(control, candidate, share, 0.0, 1.0, alpha)
    expected = (total * (100 - share) / 100, total * share / 100)
    chi = sum(
        (seen - wanted) ** 2 / wanted
        for seen, wanted in zip((control, candidate), expected, strict=True)
    )
    return Split(control, candidate, share, chi, math.erfc(math.sqrt(chi / 2)), alpha)


def _z(alpha: float, power: float) -> float:
    return NORMAL.inv_cdf(1 - alpha / 2) + NORMAL.inv_cdf(power)


def minimum_detectable_effect(
    rate: float, control: int, candidate: int, *, alpha: float, power: float = DEFAULT_POWER
) -> float | None:
    """The smallest absolute difference of rates the test would see, at these sizes."""
    if min(control, candidate) == 0:
        return None
    spread = rate * (1 - rate) * (1 / control + 1 / candidate)
    return _z(alpha, power) * math.sqrt(spread) if spread > 0 else None


def horizon(
    rate: float, mde: float, *, share: float, alpha: float, power: float = DEFAULT_POWER
) -> int:
    """Trials per variant (the larger side) that reach ``mde`` from ``rate``, set up front."""
    candidate, control = share / 100, 1 - share / 100
    total = _z(alpha, power) ** 2 * rate * (1 - rate) * (1 / control + 1 / candidate) / mde**2
    return math.ceil(total * max(candidate, control))


@dataclass
class Sequential:
    """mSPRT looks: an always-valid p-value, the running minimum of 1/Λ over the looks."""

    tau: float
    p_value: float = 1.0
    looks: int = 0

    def look(self, control: tuple[int, int], candidate: tuple[int, int]) -> float:
        """Another look at (successes, trials) of each variant; the always-valid p-value."""
        (sc, nc), (st, nt) = control, candidate
        self.looks += 1
        if min(nc, nt) == 0:
            return self.p_value
        pc, pt = sc / nc, st / nt
        variance = pc * (1 - pc) / nc + pt * (1 - pt) / nt
        if variance <= 0:
            return self.p_value
        tau2 = self.tau**2
        exponent = (pt - pc) ** 2 * tau2 / (2 * variance * (variance + tau2))
        log_ratio = 0.5 * math.log(variance / (variance + tau2)) + exponent
        self.p_value = min(self.p_value, math.exp(-log_ratio) if log_ratio > 0 else 1.0)
        return self.p_value
