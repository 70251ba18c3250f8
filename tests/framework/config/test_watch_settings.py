"""[ENV.watch], [[ENV.slos]] and [ENV.notify]: every mistake in one usage error, before a round runs."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from greenlight.cli import main
from greenlight.config import load_environment
from greenlight.config.check import file_problems
from greenlight.watch.spec import watch_spec

NINE_MISTAKES = """
[prod]
services = { shop = "https://shop.example" }

[[prod.probes]]
name = "health"
kind = "health"

[prod.watch]
for = "30 minutes"
every = "5m"
mode = "deployment"
window = [{ probe = "health" }, { probe = "error-ratio", lsat = "5m" }]

[[prod.slos]]
name = "availability"
objective = 1.5
kind = "metrics"
good = 'increase(http_requests_total{status!~"5.."}'
total = "increase(http_requests_total)"
burn = [{ fast = "1h", slow = "5m", factor = 14.4 }]

[prod.notify]
webhook = "${HOOK_URL}"
events = ["nogo"]
"""


def test_every_mistake_of_the_watch_sections_is_reported_at_once() -> None:
    problems = file_problems(tomllib.loads(NINE_MISTAKES))

    assert problems == [
        '[prod.watch]: mode = "deployment" needs a rollback command (rollback = '
        '"deploy/rollback.sh {version}" in [prod.watch] or [prod]); or use mode = "delivery"',
        '[prod.watch].for: must be a duration: a number and a unit, e.g. "30s", "5m", "1h" '
        "(got '30 minutes')",
        "[prod.watch].window #1.probe: 'health' is a health probe of [[prod.probes]]; a window "
        "probe names a metrics or prometheus probe (none declared)",
        "[prod.watch].window #2.probe: 'error-ratio' is not a probe of [[prod.probes]]; a window "
        "probe names a metrics or prometheus probe (none declared)",
        "[prod.watch].window #2.lsat: unknown key for a window probe (did you mean 'last'?)",
        "[prod].slos #1.objective: must be the share of good events, above 0 and below 1, "
        "e.g. 0.999 (got 1.5)",
        "[[prod.slos]] 'availability'.good: not PromQL: unclosed left parenthesis",
        "[[prod.slos]] 'availability'.burn #1: the fast window (1h) must be shorter than the "
        "slow one (5m)",
        "[prod.notify].events #1: must be one of no-go, rollback, watch-ended, release-done "
        "(got 'nogo'; did you mean 'no-go'?)",
    ]


def test_a_mistake_is_a_usage_error_of_greenlight_watch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "environments.toml"
    path.write_text(NINE_MISTAKES, encoding="utf-8")

    code = main(["watch", "--env", "prod", "--environments", str(path)])

    assert code == 4
    err = capsys.readouterr().err
    assert "9 problems" in err and "Traceback" not in err


def test_a_watch_needs_to_know_how_long_and_how_often(tmp_path: Path) -> None:
    path = tmp_path / "environments.toml"
    path.write_text('[prod]\nservices = { shop = "https://shop.example" }\n', encoding="utf-8")
    env = load_environment(path, "prod", {})

    with pytest.raises(Exception, match=r"give --for .* and --every .*e.g. --for 30m --every 1m"):
        watch_spec(env, lasting=None, every=None, suite=None)
    with pytest.raises(
        Exception, match=r"--every \(60s\) must be above 0 and at most --for \(10s\)"
    ):
        watch_spec(env, lasting=10, every=60, suite=None)
    spec = watch_spec(env, lasting=60, every=10, suite=["tests/smoke"])
    assert (spec.mode, spec.suite, spec.rollback) == ("delivery", ("tests/smoke",), None)


def test_a_watch_that_cannot_write_its_record_says_so_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "environments.toml"
    path.write_text('[prod]\nservices = { shop = "http://127.0.0.1:9" }\n', encoding="utf-8")
    reports = tmp_path / "reports"
    reports.write_text("a file where the reports folder should be", encoding="utf-8")

    code = main(
        ["watch", "--env", "prod", "--for", "1s", "--every", "1s", "--environments", str(path),
         "--reports", str(reports), "--suite", "tests/none"]
    )  # fmt: skip

    assert code == 2
    err = capsys.readouterr().err
    assert "greenlight watch: unexpected " in err and "someone must look" in err
    assert "Traceback" not in err


def test_an_environment_whose_every_run_rolls_back_is_refused_for_a_watch(tmp_path: Path) -> None:
    path = tmp_path / "environments.toml"
    path.write_text(
        '[prod]\nservices = { shop = "https://shop.example" }\nmode = "deployment"\n'
        'promote = "deploy/promote.sh {version}"\nrollback = "deploy/rollback.sh {version}"\n',
        encoding="utf-8",
    )
    env = load_environment(path, "prod", {})

    with pytest.raises(
        Exception,
        match=r"each round of the watch would too; put mode and rollback in \[prod.watch\]",
    ):
        watch_spec(env, lasting=60, every=10, suite=None)
