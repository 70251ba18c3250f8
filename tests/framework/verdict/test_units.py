"""The verdict's parts in-process: outcome bookkeeping, policy defaults, hooks that are stopped."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from greenlight.config.environment import Environment
from greenlight.shell import CommandResult
from greenlight.verdict import RunFacts, decide, promotion, validate
from greenlight.verdict.evidence import Evidence
from greenlight.verdict.outcomes import Outcomes
from greenlight.verdict.policy import ReleasePolicy


def report(
    when: str, outcome: str, nodeid: str = "test_shop.py::test_checkout[api]"
) -> pytest.TestReport:
    longrepr = "E   AssertionError: total 16.50" if outcome == "failed" else None
    return pytest.TestReport(
        nodeid, ("test_shop.py", 1, "test_checkout"), {}, outcome, longrepr, when
    )  # type: ignore[arg-type]


def test_a_rerun_then_pass_is_flaky_and_passed() -> None:
    outcomes = Outcomes()
    for when, outcome in [
        ("setup", "passed"),
        ("call", "rerun"),
        ("setup", "passed"),
        ("call", "passed"),
        ("teardown", "passed"),
    ]:
        outcomes.record(report(when, outcome))
    [scenario] = outcomes.scenarios.values()
    assert (scenario.outcome, scenario.reruns, scenario.flaky) == ("passed", 1, True)
    assert scenario.title == "test_checkout[api]"  # unlabelled: as pytest names it
    assert outcomes.counts()["flaky"] == 1


def test_a_teardown_failure_after_a_pass_is_an_error_with_its_first_line() -> None:
    outcomes = Outcomes()
    for when, outcome in [("setup", "passed"), ("call", "passed"), ("teardown", "failed")]:
        outcomes.record(report(when, outcome))
    [scenario] = outcomes.scenarios.values()
    assert scenario.outcome == "error"
    assert scenario.error == "AssertionError: total 16.50"
    assert outcomes.counts()["errors"] == 1 and outcomes.counts()["passed"] == 0


def environment(tmp_path: Path, sensitive: bool, **settings: Any) -> Environment:
    return Environment(
        name="prod",
        source=tmp_path / "environments.toml",
        services={"shop": "http://127.0.0.1:9"},
        sensitive=sensitive,
        settings=settings,
    )


@pytest.mark.parametrize("sensitive", [True, False])
def test_flaky_blocks_by_default_where_the_environment_is_sensitive(
    tmp_path: Path, sensitive: bool
) -> None:
    assert ReleasePolicy.of(environment(tmp_path, sensitive)).flaky_blocks is sensitive
    assert (
        ReleasePolicy.of(environment(tmp_path, sensitive, flaky_blocks=False)).flaky_blocks is False
    )


def test_a_promote_stopped_by_ctrl_c_is_a_no_go_and_rolls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = environment(
        tmp_path,
        True,
        mode="deployment",
        promote="promote {version}",
        rollback="rollback {version}",
    )
    policy = ReleasePolicy.of(env)
    outcomes = Outcomes()
    for when in ("setup", "call", "teardown"):
        outcomes.record(report(when, "passed"))
    now = datetime.now(UTC)
    facts = RunFacts("prod", None, env.base_url, "shop", True, "2.1.0", None, False, now, now, None)
    verdict = decide(outcomes, policy, facts, Evidence())
    assert verdict.go
    ran: list[str] = []

    def run_command(template: str, values: dict[str, str], **_: Any) -> CommandResult:
        ran.append(template.format(**values))
        if template.startswith("promote"):
            raise KeyboardInterrupt
        return CommandResult(command=template, exit_code=0, duration_s=0.1, tail="")

    monkeypatch.setattr(promotion, "run_command", run_command)
    lines = promotion.carry_out(verdict, policy, env, tmp_path / "verdict.json")
    assert ran == ["promote 2.1.0", "rollback 2.1.0"]
    assert verdict.decision == "no-go"
    assert verdict.document["hooks"]["promote"]["exit_code"] == promotion.INTERRUPTED
    assert verdict.reasons == ["The promote hook failed: `promote {version}` exited with 130."]
    assert lines[0].startswith("greenlight: deployment mode: FAILED to promote shop 2.1.0 on prod")
    validate(verdict.document)
