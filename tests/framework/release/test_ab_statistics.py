"""The A/B comparison's two-proportion z-test, against a reference implementation's values.

Reference values: statsmodels 0.14's ``proportions_ztest`` (pooled, two-sided) for the same counts,
which greenlight no longer needs.
"""

from __future__ import annotations

import pytest

from greenlight.release.ab import Variant, compare
from greenlight.release.ab_design import Sequential, horizon, minimum_detectable_effect, srm


@pytest.mark.parametrize(
    ("candidate", "control", "z", "p"),
    [
        ((30, 100), (20, 100), 1.632993, 0.102470),
        ((120, 1000), (100, 1000), 1.429301, 0.152918),
        ((5, 50), (15, 60), -2.031010, 0.042254),
    ],
)
def test_the_z_statistic_and_p_value_match_the_reference(
    candidate: tuple[int, int], control: tuple[int, int], z: float, p: float
) -> None:
    result = compare(Variant("green", *control), Variant("blue", *candidate), alpha=0.05)
    assert result.z == pytest.approx(z, abs=1e-5)
    assert result.p_value == pytest.approx(p, abs=1e-5)


def test_a_significant_better_candidate_wins_and_a_worse_one_does_not() -> None:
    better = compare(Variant("green", 100, 1000), Variant("blue", 160, 1000), alpha=0.05)
    worse = compare(Variant("green", 160, 1000), Variant("blue", 100, 1000), alpha=0.05)
    assert better.candidate_wins and "significant at alpha 0.05" in better.text
    assert not worse.candidate_wins


def test_no_data_or_no_variation_is_not_enough_to_test() -> None:
    for control, candidate in [((0, 0), (3, 10)), ((0, 10), (0, 10)), ((10, 10), (5, 5))]:
        result = compare(Variant("green", *control), Variant("blue", *candidate), alpha=0.05)
        assert result.p_value is None and result.text.endswith("not enough data to test")


def test_a_skewed_split_is_a_sample_ratio_mismatch_and_an_even_one_is_not() -> None:
    skewed = srm(control=5000, candidate=4000, share=50)
    assert skewed.mismatch
    assert skewed.chi_square == pytest.approx(111.111, abs=1e-3)  # (500² / 4500) x 2
    assert skewed.text.startswith("sample ratio mismatch: the candidate got 44.4% of 9000 trials")
    assert not srm(control=5030, candidate=4970, share=50).mismatch
    assert not srm(control=9000, candidate=1010, share=10).mismatch  # 10% intended, 10.1% seen


def test_the_minimum_detectable_effect_and_the_horizon_match_the_textbook_formula() -> None:
    # n = (z_0.975 + z_0.8)² x 2 p (1 - p) / mde², the usual per-group sample size.
    assert horizon(0.10, 0.02, share=50, alpha=0.05, power=0.8) == 3532
    seen = minimum_detectable_effect(0.10, 3532, 3532, alpha=0.05, power=0.8)
    assert seen == pytest.approx(0.02, abs=1e-4)
    assert minimum_detectable_effect(0.10, 0, 10, alpha=0.05) is None


def test_msprt_never_gets_less_sure_and_stays_valid_under_many_looks() -> None:
    looks = Sequential(tau=0.05)
    strong = looks.look((100, 1000), (160, 1000))
    assert strong < 0.01
    assert looks.look((100, 1000), (100, 1000)) == strong  # a running minimum
    # Under no difference, looking 50 times rarely crosses alpha: always-valid.
    random = __import__("random").Random(7)
    false_positives = 0
    for _ in range(200):
        sequential, c, t = Sequential(tau=0.05), [0, 0], [0, 0]
        for _ in range(50):
            for counts in (c, t):
                counts[1] += 20
                counts[0] += sum(random.random() < 0.1 for _ in range(20))
            sequential.look((c[0], c[1]), (t[0], t[1]))
        false_positives += sequential.p_value < 0.05
    assert false_positives / 200 <= 0.05
