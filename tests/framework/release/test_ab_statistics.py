"""The A/B comparison's two-proportion z-test, against a reference implementation's values.

Reference values: statsmodels 0.14's ``proportions_ztest`` (pooled, two-sided) for the same counts,
which greenlight no longer needs.
"""

from __future__ import annotations

import pytest

from greenlight.release.ab import Variant, compare


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
