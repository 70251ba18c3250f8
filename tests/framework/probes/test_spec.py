"""[[ENV.probes]] tables: every mistake reported at once, naming environment, probe and key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from greenlight.config.environment import Environment
from greenlight.errors import ConfigError
from greenlight.probes.judge import Thresholds
from greenlight.probes.spec import probe_specs


def env_with(*probes: dict[str, Any], **settings: Any) -> Environment:
    return Environment(
        name="prod",
        source=Path("environments.toml"),
        services={"shop": "http://127.0.0.1:9"},
        settings={"probes": list(probes), **settings},
    )


def problems(*probes: dict[str, Any], **settings: Any) -> list[str]:
    with pytest.raises(ConfigError) as error:
        probe_specs(env_with(*probes, **settings), {})
    return error.value.problems


def test_a_good_declaration_becomes_specs_with_variables_expanded() -> None:
    specs = probe_specs(
        env_with(
            {"name": "health", "kind": "health", "version": "${SHOP_VERSION:-1.0.0}"},
            {"name": "p95", "kind": "metrics", "expression": "x", "warn_above": 1, "fail_above": 2},
            {
                "name": "log",
                "kind": "log",
                "path": "{workdir}/a.log",
                "pattern": "E",
                "optional": True,
                "fail_above": 0,
            },
        ),
        {"SHOP_VERSION": "2.0.0"},
    )
    assert [(spec.name, spec.kind, spec.optional) for spec in specs] == [
        ("health", "health", False),
        ("p95", "metrics", False),
        ("log", "log", True),
    ]
    assert specs[0].settings["version"] == "2.0.0"
    assert specs[1].thresholds == Thresholds(warn_above=1, fail_above=2)
    assert specs[2].settings["path"] == "{workdir}/a.log"  # filled in when the run starts


def test_an_unknown_kind_suggests_the_closest() -> None:
    assert problems({"name": "m", "kind": "metric", "expression": "x", "fail_above": 1}) == [
        "[[prod.probes]] 'm'.kind: must be one of health, metrics, prometheus, log, json, client-latency "
        "(got 'metric'; did you mean 'metrics'?)"
    ]


def test_a_probe_without_thresholds_is_refused() -> None:
    assert problems({"name": "q", "kind": "metrics", "expression": "queue"}) == [
        "[[prod.probes]] 'q': needs one of fail_above, warn_above, warn_below, fail_below; "
        "e.g. fail_above = 0.05"
    ]


def test_a_bad_expression_names_the_probe_and_the_problem() -> None:
    found = problems({"name": "e", "kind": "metrics", "expression": "rate(x", "fail_above": 1})
    assert found == ["[[prod.probes]] 'e'.expression: not PromQL: unclosed left parenthesis"]


def test_every_problem_is_reported_at_once() -> None:
    found = problems(
        {"name": "a", "kind": "metrics", "expresion": "x", "fail_above": "high"},
        {"name": "a", "kind": "log", "pattern": "(", "fail_above": 0},
        {"name": "b", "kind": "prometheus", "query": "up", "warn_above": 2, "fail_above": 1},
        {"kind": "health"},
        probe_interval=0,
    )
    assert found == [
        "[[prod.probes]] 'a': a metrics probe needs expression = \"increase(http_requests_total)\"",
        "[[prod.probes]] 'a'.expresion: unknown key for a metrics probe (did you mean 'expression'?)",
        "[[prod.probes]] 'a'.fail_above: must be a number (got string 'high')",
        "[[prod.probes]] 'a': a log probe needs exactly one of path, url",
        "[[prod.probes]] 'a': the name is used twice; give each probe its own name",
        "[[prod.probes]] 'a'.pattern: not a regular expression (missing ), unterminated "
        "subpattern at position 0)",
        "[[prod.probes]] 'b': a prometheus probe needs url",
        "[[prod.probes]] 'b': warn_above must be below fail_above",
        '[[prod.probes]] #4: a health probe needs name = "error-ratio"',
        "[prod].probe_interval: must be more than 0 seconds (got 0)",
    ]


def test_two_probes_with_one_name_are_refused() -> None:
    probe = {"name": "health", "kind": "health"}
    assert problems(probe, probe) == [
        "[[prod.probes]] 'health': the name is used twice; give each probe its own name"
    ]


def test_an_unset_variable_names_itself() -> None:
    found = problems(
        {"name": "log", "kind": "log", "path": "${SHOP_LOG}", "pattern": "E", "fail_above": 0}
    )
    assert found == [
        "[[prod.probes]] 'log'.path: needs environment variable SHOP_LOG; "
        "set it, or give a default as ${SHOP_LOG:-...}"
    ]


def test_a_mistake_in_environments_toml_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".toml",
        environments="""
[local]
services = { app = "http://127.0.0.1:9" }

[[local.probes]]
name = "p95"
kind = "metrics"
expression = "histogram_quantile(95, latency)"
fail_above = 0.25
""",
    )
    pytester.makepyfile("def test_nothing(): pass")
    result = pytester.runpytest_subprocess("-p", "no:randomly")
    assert result.ret == 4
    result.stderr.fnmatch_lines(
        ["*local.probes]] 'p95'.expression: histogram_quantile needs a quantile between 0 and 1*"]
    )
    assert "Traceback" not in result.stderr.str()
