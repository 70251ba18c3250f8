"""``greenlight verdict``: verdicts in words, several merged; and the pipeline example."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from greenlight.cli import main
from greenlight.errors import USAGE_ERROR
from greenlight.verdict import validate

PIPELINE = Path(__file__).parents[3] / "docs" / "examples" / "release-pipeline.yml"


def document(decision: str = "go", *, target: str | None = None, **changes: Any) -> dict[str, Any]:
    failed = [
        {
            "nodeid": "test_shop.py::test_checkout[api]",
            "name": "Checkout",
            "title": "Checkout (api)",
            "channel": "api",
            "outcome": "failed",
            "reruns": 0,
            "error": "AssertionError: checkout answered 500",
        }
    ]
    base: dict[str, Any] = {
        "schema_version": 2,
        "run_id": "5f0c3d2a9b8e4f6a8c1d2e3f4a5b6c7d",
        "decision": decision,
        "reasons": [] if decision == "go" else ["1 of 14 scenarios failed: Checkout (api)."],
        "notes": [],
        "environment": "prod",
        "target": target,
        "sensitive": True,
        "service": "shop",
        "base_url": "https://shop.example.com",
        "system_version": "2.1.0",
        "expected_version": "2.1.0",
        "mode": "delivery",
        "counts": {
            "passed": 14 if decision == "go" else 13,
            "failed": 0 if decision == "go" else 1,
            "errors": 0,
            "skipped": 0,
            "deselected": 3,
            "flaky": 0,
            "ran": 14,
        },
        "failed": [] if decision == "go" else failed,
        "flaky": [],
        "required": [],
        "start": "2026-11-30T14:00:00+00:00",
        "end": "2026-11-30T14:01:00+00:00",
        "duration_s": 60.0,
        "git_commit": None,
        "hooks": {},
        "evidence": {},
    }
    return {**base, **changes}


def write(path: Path, content: dict[str, Any]) -> Path:
    validate(content)
    path.write_text(json.dumps(content))
    return path


def test_one_go_verdict_in_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verdict", str(write(tmp_path / "v.json", document()))]) == 0
    assert capsys.readouterr().out == (
        "greenlight: GO - 14/14 smoke scenarios passed on prod (shop 2.1.0)\n"
    )


def test_several_verdicts_merge_into_no_go_if_any_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    eu = write(tmp_path / "eu.json", document("no-go", target="eu"))
    us = write(tmp_path / "us.json", document("go", target="us"))
    assert main(["verdict", str(eu), str(us)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "greenlight: NO-GO - 13/14 smoke scenarios passed on prod (eu) (shop 2.1.0) - "
        "1 of 14 scenarios failed: Checkout (api)",
        "  reason: 1 of 14 scenarios failed: Checkout (api).",
        "greenlight: GO - 14/14 smoke scenarios passed on prod (us) (shop 2.1.0)",
        f"greenlight: merged: NO-GO (1 of 2 verdicts no-go: {eu})",
    ]


def test_several_go_verdicts_merge_into_go(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [str(write(tmp_path / f"{n}.json", document())) for n in range(3)]
    assert main(["verdict", *paths]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "greenlight: merged: GO (all 3 verdicts go)"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such verdict file; a smoke run writes one (see --verdict)"),
        ("{not json", "not JSON: "),
        (
            '{"decision": "go"}',
            "not a greenlight verdict: the document: 'schema_version' is a required",
        ),
        (
            json.dumps(document(decision="maybe")),
            "not a greenlight verdict: decision: 'maybe' is not one of",
        ),
        (json.dumps(document(reasons=["something failed"])), "not a greenlight verdict: reasons: "),
        # A go must prove something: a scenario ran, none failed or errored.
        (
            json.dumps(document(counts={**document()["counts"], "passed": 0, "ran": 0})),
            "not a greenlight verdict: counts/ran: 0 is less than the minimum of 1",
        ),
        (
            json.dumps(document(counts={**document()["counts"], "errors": 2})),
            "not a greenlight verdict: counts/errors: 0 was expected",
        ),
        (
            json.dumps({k: v for k, v in document().items() if k != "run_id"}),
            "not a greenlight verdict: the document: 'run_id' is a required property",
        ),
    ],
)
def test_a_file_that_is_not_a_verdict_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    path = tmp_path / "verdict.json"
    if content is not None:
        path.write_text(content)
    assert main(["verdict", str(path)]) == USAGE_ERROR
    err = capsys.readouterr().err
    assert err.startswith(f"greenlight: error: {path}: {message}")
    assert "Traceback" not in err


def test_the_pipeline_example_has_every_stage_in_order() -> None:
    workflow = yaml.safe_load(PIPELINE.read_text())
    jobs = workflow["jobs"]
    assert list(jobs) == ["acceptance", "deploy", "smoke", "decide", "publish"]
    assert jobs["deploy"]["needs"] == "acceptance"
    assert jobs["smoke"]["needs"] == "deploy"
    assert jobs["decide"]["needs"] == "smoke"
    assert set(jobs["publish"]["needs"]) == {"smoke", "decide"}
    # YAML 1.1 reads the bare key `on` as true.
    assert "workflow_dispatch" in workflow[True]
    for job in jobs.values():
        assert job["runs-on"] and job["steps"]
        for step in job["steps"]:
            assert ("run" in step) != ("uses" in step), step
    commands = "\n".join(step.get("run", "") for job in jobs.values() for step in job["steps"])
    assert "--env=staging" in commands
    assert "--env=prod" in commands and "--expect-version" in commands
    assert "greenlight verdict reports/prod/verdict.json" in commands
