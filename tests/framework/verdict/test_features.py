"""Every feature file runs and every scenario has steps, or the verdict says which does not."""

from __future__ import annotations

import json

import pytest

from tests.framework.verdict.conftest import last_line, verdict_of

ENVIRONMENTS = (
    '[local]\nsensitive = false\nchannels = ["api"]\nservices = { app = "http://127.0.0.1:9" }\n'
)
INI = "[pytest]\nbdd_features_base_dir = specs/\n"
GOOD = """Feature: Shop
  Scenario: Browse
    Given a shop
"""
STEPS = """
from pytest_bdd import given, scenarios

scenarios("shop.feature")


@given("a shop")
def _():
    pass
"""


@pytest.fixture
def specs(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makefile(".toml", environments=ENVIRONMENTS)
    pytester.makeini(INI)
    (pytester.path / "specs").mkdir()
    (pytester.path / "specs" / "shop.feature").write_text(GOOD)
    pytester.makepyfile(test_shop=STEPS)
    return pytester


def test_bound_features_with_steps_are_a_go(specs: pytest.Pytester) -> None:
    result = specs.runpytest_subprocess()
    assert result.ret == 0, result.stdout.str()
    assert verdict_of(specs)["decision"] == "go"


def test_a_feature_file_no_test_binds_is_a_no_go_naming_it(specs: pytest.Pytester) -> None:
    (specs.path / "specs" / "refunds.feature").write_text(
        "Feature: Refunds\n  Scenario: A refund fails\n    Given a shop\n"
    )
    result = specs.runpytest_subprocess()
    assert result.ret == 1
    assert verdict_of(specs)["reasons"] == [
        "specs: specs/refunds.feature: no test binds this feature file, so none of its "
        "scenarios ran; bind it with scenarios(...)"
    ]
    assert "NO-GO" in last_line(result)


def test_unbound_features_are_found_under_xdist_too(specs: pytest.Pytester) -> None:
    (specs.path / "specs" / "refunds.feature").write_text(
        "Feature: Refunds\n  Scenario: A refund fails\n    Given a shop\n"
    )
    result = specs.runpytest_subprocess("-n", "2")
    assert result.ret == 1
    assert any("specs/refunds.feature: no test binds" in r for r in verdict_of(specs)["reasons"])


def test_a_scenario_whose_steps_a_keyword_typo_hid_fails(specs: pytest.Pytester) -> None:
    (specs.path / "specs" / "shop.feature").write_text(
        GOOD + "\n  Scenario: Typo\n    Givn a shop\n"
    )
    result = specs.runpytest_subprocess()
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        ["*specs/shop.feature:5: Scenario 'Typo' has no steps: check the keywords at line 6*"]
    )
    verdict = verdict_of(specs)
    assert verdict["counts"]["failed"] == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "specs: specs/broken.feature: the file is empty; write a Feature in it or remove it"),
        (
            b"Feature: Caf\xe9\n",
            "specs: specs/broken.feature: not UTF-8 text (byte 0xe9 at offset 12); save it as UTF-8",
        ),
        (
            b"Feature: X\n  Scenario: a\n    Given a shop\n      | a | b |\n      | c |\n",
            "specs: specs/broken.feature:5: (5:7): inconsistent cell count within the table",
        ),
        (
            b"@\nFeature: X\n",
            "specs: specs/broken.feature: has no scenarios, so it checks nothing; write one or remove the file",
        ),
    ],
    ids=["empty", "not-utf8", "syntax", "no-scenario"],
)
def test_a_feature_that_cannot_be_read_is_one_line_with_its_file(
    specs: pytest.Pytester, content: bytes, expected: str
) -> None:
    (specs.path / "specs" / "broken.feature").write_bytes(content)
    result = specs.runpytest_subprocess()
    assert result.ret != 0
    reasons = verdict_of(specs)["reasons"]
    assert any(reason.startswith(expected) for reason in reasons), reasons
    assert all("\n" not in reason for reason in reasons)
    assert "Traceback" not in " ".join(reasons)


def test_reasons_and_the_verdict_stay_small_with_thousands_of_failures(
    pytester: pytest.Pytester,
) -> None:
    pytester.makefile(".toml", environments=ENVIRONMENTS)
    pytester.makepyfile(
        test_many="import pytest\n\n"
        "@pytest.mark.check\n@pytest.mark.parametrize('n', range(2000))\n"
        "def test_n(n):\n    assert n < 0, 'x' * 500\n"
    )
    result = pytester.runpytest_subprocess("-q", "--tb=no")
    assert result.ret == 1
    path = pytester.path / "reports" / "local" / "verdict.json"
    document = json.loads(path.read_text())
    assert document["counts"]["failed"] == 2000
    assert max(len(reason) for reason in document["reasons"]) < 2_000
    assert path.stat().st_size < 100_000
