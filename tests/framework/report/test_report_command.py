"""``greenlight report``: clear messages when there is nothing to build or nothing to build with."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from greenlight.cli import main
from greenlight.errors import USAGE_ERROR
from greenlight.report import verdict_page
from greenlight.secrets import Secrets


def test_no_results_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--env", "staging"]) == USAGE_ERROR
    err = capsys.readouterr().err
    assert "no Allure results in reports/staging/allure-results" in err
    assert "pytest --env=staging" in err
    assert "Traceback" not in err


def test_without_allure_installed_it_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    results = tmp_path / "reports" / "local" / "allure-results"
    results.mkdir(parents=True)
    (results / "x-result.json").write_text("{}")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GREENLIGHT_ALLURE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no allure, no npx
    assert main(["report"]) == USAGE_ERROR
    assert "npm install --save-dev allure@" in capsys.readouterr().err


def test_a_folder_that_is_no_report_is_never_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = tmp_path / "allure-results"
    results.mkdir()
    (results / "x-result.json").write_text("{}")
    precious = tmp_path / "src"
    precious.mkdir()
    (precious / "main.py").write_text("print('keep me')")
    code = main(["report", "--results", str(results), "--output", str(precious)])
    assert code == USAGE_ERROR
    assert "is not a report folder" in capsys.readouterr().err
    assert (precious / "main.py").read_text() == "print('keep me')"


def test_the_verdict_page_escapes_and_masks(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><body><div id=app></div></body></html>")
    verdict = {
        "decision": "no-go",
        "reasons": ["probe <latency> high; token tok-12345 used"],
        "environment": "prod",
        "counts": {"passed": 3, "failed": 1},
    }
    verdict_page.add_to_report(tmp_path, verdict, Secrets({"token": "tok-12345"}))
    verdict_page.add_to_report(tmp_path, verdict, Secrets({"token": "tok-12345"}))
    index = (tmp_path / "index.html").read_text()
    assert index.count(verdict_page.BANNER_ID) == 1
    assert (
        "NO-GO - no scenarios ran on prod (system version unknown) - probe &lt;latency&gt; high; token *** used"
        in index
    )
    page = (tmp_path / "verdict.html").read_text()
    assert "tok-12345" not in page and "<th>failed</th><td>1</td>" in page
    assert json.dumps(verdict)  # the verdict itself is left untouched
    assert verdict["reasons"] == ["probe <latency> high; token tok-12345 used"]


def test_a_go_without_reasons_says_how_many_passed() -> None:
    verdict = {"decision": "go", "reasons": [], "counts": {"passed": 33, "ran": 33}}
    assert verdict_page.headline(verdict) == (
        "GO - 33/33 scenarios passed on an unnamed environment (system version unknown)"
    )


def test_the_verdict_page_shows_and_links_the_release_record(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><body>report</body></html>")
    record = tmp_path / "record.json"
    record.write_text(
        json.dumps(
            {
                "strategy": "canary",
                "version": "1.3.0",
                "outcome": "rolled-back",
                "summary": "smoke canary at 10%: no-go; token tok-12345 leaked",
                "timeline": [
                    {
                        "step": "send 10% to canary",
                        "at_s": 1.7,
                        "ok": True,
                        "command": "weight canary 10",
                    },
                    {
                        "step": "smoke canary at 10%",
                        "at_s": 4.0,
                        "ok": False,
                        "verdict": {"decision": "no-go", "run_id": "run-of-this-verdict"},
                    },
                ],
            }
        )
    )
    verdict = {
        "decision": "no-go",
        "reasons": ["probe latency-p95 breached"],
        "run_id": "run-of-this-verdict",
    }
    verdict_page.add_to_report(tmp_path, verdict, Secrets({"token": "tok-12345"}), release=record)
    page = (tmp_path / "verdict.html").read_text()
    assert '<p id="release">canary release of 1.3.0: <strong>rolled-back</strong>.' in page
    assert "<td>smoke canary at 10%</td><td>NO-GO</td>" in page
    assert '<a href="release.json">' in page
    assert "tok-12345" not in page
    assert json.loads((tmp_path / "release.json").read_text())["outcome"] == "rolled-back"
    assert "tok-12345" not in (tmp_path / "release.json").read_text()


def test_a_release_that_does_not_name_the_verdicts_run_is_not_shown(tmp_path: Path) -> None:
    """A later failed release must not lend its story to an older verdict in the same folder."""
    (tmp_path / "index.html").write_text("<html><body>report</body></html>")
    record = tmp_path / "release.json"
    step = {"step": "smoke green", "ok": False, "verdict": {"decision": "no-go", "run_id": "b"}}
    record.write_text(
        json.dumps(
            {
                "strategy": "blue-green",
                "version": "9.9.9",
                "outcome": "rolled-back",
                "timeline": [step],
            }
        )
    )
    verdict = {"decision": "go", "reasons": [], "run_id": "a", "counts": {"passed": 1, "ran": 1}}
    verdict_page.add_to_report(tmp_path / ".", verdict, Secrets(), release=record)
    page = (tmp_path / "verdict.html").read_text()
    assert 'id="release"' not in page and "9.9.9" not in page
    assert "(none given)" not in page and 'id="reasons"' not in page


def test_without_a_release_record_the_page_has_no_release_section(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<html><body>report</body></html>")
    verdict_page.add_to_report(
        tmp_path, {"decision": "go"}, Secrets(), release=tmp_path / "none.json"
    )
    assert 'id="release"' not in (tmp_path / "verdict.html").read_text()
    assert not (tmp_path / "release.json").exists()


def page_with_release(folder: Path, record: dict[str, Any], run_id: str) -> str:
    """verdict.html for a verdict of ``run_id`` with this release record beside it."""
    (folder / "index.html").write_text("<html><body>report</body></html>")
    (folder / "record.json").write_text(json.dumps(record))
    verdict = {"decision": "no-go", "reasons": ["judge"], "run_id": run_id}
    verdict_page.add_to_report(folder, verdict, Secrets(), release=folder / "record.json")
    return (folder / "verdict.html").read_text()


def test_the_verdict_page_shows_each_judged_metric_of_a_canary_release(tmp_path: Path) -> None:
    latency = {
        "probe": "latency-p95",
        "class": "high",
        "samples": {"canary": [0.31, 0.32, 0.33], "baseline": [0.005, 0.004, 0.005]},
        "medians": {"canary": 0.32, "baseline": 0.005},
        "u": 9.0,
        "p_value": 0.000512,
        "effect": 64.0,
    }
    record = {
        "strategy": "canary",
        "outcome": "rolled-back",
        "timeline": [{"step": "smoke canary at 10%", "verdict": {"run_id": "this-run"}}],
        "canary_analysis": [{"weight": 10, "result": "fail", "score": 50.0, "metrics": [latency]}],
    }
    page = page_with_release(tmp_path, record, "this-run")
    assert '<table id="canary-analysis">' in page
    assert (
        "<td>10%: fail (score 50)</td><td>latency-p95</td><td>high</td>"
        "<td>3 canary, 3 baseline</td><td>0.32 vs 0.005</td><td>9</td><td>0.000512</td>"
        "<td>64x</td>"
    ) in page


def test_the_verdict_page_says_why_an_ab_release_recommends_nothing(tmp_path: Path) -> None:
    conclusion = "sample ratio mismatch: the candidate got 0.0% of 40 trials, 50% intended"
    record = {
        "strategy": "ab",
        "outcome": "rolled-back",
        "timeline": [{"step": "smoke green directly", "verdict": {"run_id": "r"}}],
        "ab": {"conclusion": conclusion},
    }
    assert f'<p id="ab">{conclusion}</p>' in page_with_release(tmp_path, record, "r")
