"""One shard of a split suite: its verdict knows its place, runs no hook, and merges only whole."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from greenlight.cli import main
from greenlight.verdict.merge import merged, shard_problems
from tests.framework.verdict.conftest import read_verdict, verdict_of
from tests.framework.verdict.test_promotion import PROMOTE, ROLLBACK, configure


def test_a_shard_runs_no_hook_and_leaves_another_shards_required_scenario_to_the_merge(
    shop_project: pytest.Pytester, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(
        shop_project,
        "local",
        'mode = "deployment"',
        PROMOTE,
        ROLLBACK,
        'required = ["test_health", "test_checkout"]',
    )
    shards = []
    for group in (1, 2):
        result = shop_project.runpytest_subprocess("--splits=2", f"--group={group}")
        assert result.ret == 0
        result.stdout.fnmatch_lines(
            [
                f"greenlight: shard {group} of 2: 1 of 2 tests (estimated *",
                "greenlight: one shard of the suite: shop 2.1.0 on local is decided by the merge*",
            ]
        )
        assert result.outlines[-1] == (
            f"greenlight: GO - 1/1 scenarios passed on local, shard {group} of 2 (shop 2.1.0)"
        )
        target = shop_project.path / f"shard-{group}.json"
        target.write_text((shop_project.path / "reports/local/verdict.json").read_text())
        shards.append(target)
    assert not (shop_project.path / "promoted.txt").exists()
    assert verdict_of(shop_project)["hooks"] == {}

    assert main(["verdict", *map(str, shards), "--out", str(shop_project.path / "m.json")]) == 0
    document = read_verdict(shop_project.path / "m.json")
    assert document["required"] == [
        {"name": "test_health", "status": "passed"},
        {"name": "test_checkout", "status": "passed"},
    ]
    assert document["counts"]["ran"] == 2


def test_a_required_scenario_no_shard_ran_is_a_reason_of_the_merge(
    shop_project: pytest.Pytester,
) -> None:
    configure(shop_project, "local", 'required = ["test_refund"]')
    shop_project.runpytest_subprocess("--splits=1", "--group=1")
    document = merged([(Path("s1.json"), verdict_of(shop_project))])
    assert document["decision"] == "no-go"
    assert document["reasons"] == [
        "shard 1 of 1: Required scenario 'test_refund' did not run.",
        "Required scenario 'test_refund' did not run in any merged verdict.",
    ] or document["reasons"] == [
        "Required scenario 'test_refund' did not run in any merged verdict."
    ]


def test_a_repeated_shard_or_shards_of_different_versions_are_no_go(
    shop_project: pytest.Pytester,
) -> None:
    shop_project.runpytest_subprocess("--splits=2", "--group=1")
    one = verdict_of(shop_project)
    other = copy.deepcopy(one)
    other["system_version"] = "2.2.0"
    other["shard"] = {"group": 2, "splits": 2}
    assert shard_problems([one, one]) == [
        "local: shard 2 of 2 is missing from the merge, so its tests' outcome is unknown; "
        "pass every shard's verdict",
        "local: shard 1 of 2 is given 2 times; pass each shard's verdict once",
    ]
    assert shard_problems([one, other]) == [
        "local: the shards ran against different versions (2.1.0, 2.2.0)"
    ]
    assert merged([(Path("a"), one), (Path("b"), other)])["decision"] == "no-go"
