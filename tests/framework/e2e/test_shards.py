"""A suite split across two runners (pytest-split) decides and reports as one run.

The repository's reference suite runs once whole (recording its durations, as a
nightly run would) and once as two shards split by those durations; the shards'
verdicts merge (``greenlight verdict --out``) and their Allure results build one
report (``greenlight report --results DIR DIR``), both equal in counts to the whole
run's. A merge that misses a shard is a no-go.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from greenlight.cli import main
from tests.framework.e2e.conftest import run_suite
from tests.framework.verdict.conftest import read_verdict


def run_into(folder: Path, durations: Path, *args: str) -> dict[str, Any]:
    """One run of the reference suite (API channel) writing its verdict, JUnit and results there."""
    done = run_suite(
        "--channel=api",
        f"--verdict={folder / 'verdict.json'}",
        f"--alluredir={folder / 'allure-results'}",
        f"--durations-path={durations}",
        *args,
        env={},
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    return {"verdict": read_verdict(folder / "verdict.json"), "stdout": done.stdout}


def test_cases(folder: Path) -> list[str]:
    tree = ET.parse(folder / "junit.xml")
    cases = [f"{case.get('classname')}::{case.get('name')}" for case in tree.iter("testcase")]
    # Every run's file carries its verdict as a test case of its own.
    return sorted(case for case in cases if not case.startswith("greenlight::"))


RUN_CHECKS = "Release checks"  # the feature of a run's own results: probes, its decision


def scenario_results(*folders: Path) -> list[tuple[str, str]]:
    """(title, status) of every scenario's Allure result in the folders, run checks apart."""
    found = []
    for path in (path for folder in folders for path in folder.glob("*-result.json")):
        result = json.loads(path.read_text())
        features = {label["value"] for label in result["labels"] if label["name"] == "feature"}
        if RUN_CHECKS not in features:
            found.append((result["name"], result["status"]))
    return sorted(found)


def report_stats(output: Path) -> dict[str, int]:
    stats: dict[str, int] = json.loads((output / "summary.json").read_text())["stats"]
    return stats


def distinct_tests(*folders: Path) -> int:
    """Allure counts one test per history id; more results of it are its retries."""
    return len(
        {
            json.loads(path.read_text())["historyId"]
            for folder in folders
            for path in folder.glob("*-result.json")
        }
    )


test_cases.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


def test_two_shards_merge_into_the_verdict_and_report_of_the_whole_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    durations = tmp_path / "durations.json"
    whole = run_into(tmp_path / "whole", durations, "--store-durations")["verdict"]
    recorded = json.loads(durations.read_text())
    assert len(recorded) == whole["counts"]["ran"] > 2  # durations recorded by the run

    shards = [
        run_into(tmp_path / f"shard-{g}", durations, "--splits=2", f"--group={g}") for g in (1, 2)
    ]

    for group, shard in enumerate(shards, start=1):
        verdict = shard["verdict"]
        assert verdict["shard"] == {"group": group, "splits": 2}
        assert verdict["decision"] == "go"
        assert 0 < verdict["counts"]["ran"] < whole["counts"]["ran"]
        assert verdict["counts"]["deselected"] == whole["counts"]["deselected"]
        assert f"greenlight: shard {group} of 2: {verdict['counts']['ran']} of " in shard["stdout"]
        assert verdict["hooks"] == {}
    one, two = (test_cases(tmp_path / f"shard-{g}") for g in (1, 2))
    assert not set(one) & set(two)
    assert sorted(one + two) == test_cases(tmp_path / "whole")

    paths = [str(tmp_path / f"shard-{g}" / "verdict.json") for g in (1, 2)]
    assert main(["verdict", *paths, "--out", str(tmp_path / "merged.json")]) == 0
    merged = read_verdict(tmp_path / "merged.json")
    assert merged["decision"] == "go"
    assert merged["counts"] == whole["counts"]
    assert [entry["shard"] for entry in merged["merged_from"]] == [
        s["verdict"]["shard"] for s in shards
    ]
    capsys.readouterr()

    # A shard missing from the merge is a no-go, in words and in the merged file.
    assert main(["verdict", paths[0], "--out", str(tmp_path / "partial.json")]) == 1
    said = capsys.readouterr().out
    assert "greenlight: NO-GO - local: shard 2 of 2 is missing from the merge" in said
    partial = read_verdict(tmp_path / "partial.json")
    assert partial["decision"] == "no-go"
    assert partial["reasons"][0].startswith("local: shard 2 of 2 is missing from the merge")

    # One report of both shards' results, with the merged verdict as its banner.
    results = [str(tmp_path / f"shard-{g}" / "allure-results") for g in (1, 2)]
    assert main(["report", "--results", *results, "--output", str(tmp_path / "report")]) == 0
    ran = whole["counts"]["ran"]
    assert f"verdict: GO - {ran}/{ran} scenarios passed on local" in capsys.readouterr().out
    # The same scenarios with the same outcomes as the whole run's, each once; every
    # shard's own run checks (its probes, its decision) are there too, as they ran.
    shards = [tmp_path / f"shard-{g}" / "allure-results" for g in (1, 2)]
    whole_results = tmp_path / "whole" / "allure-results"
    assert scenario_results(*shards) == scenario_results(whole_results)
    assert len(scenario_results(whole_results)) == ran
    assert report_stats(tmp_path / "report")["total"] == distinct_tests(*shards)
    assert report_stats(tmp_path / "report").get("failed", 0) == 0
    assert (
        "<title>Release verdict: GO</title>" in (tmp_path / "report" / "verdict.html").read_text()
    )
