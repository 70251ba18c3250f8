"""The release section is checked whole, per strategy, before anything is deployed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from greenlight.config.environment import Environment
from greenlight.errors import ConfigError
from greenlight.release.spec import release_spec

TARGETS = {name: {"shop": f"http://127.0.0.1:{port}"} for name, port in (("blue", 1), ("green", 2))}


def env_with(release: Any, **settings: Any) -> Environment:
    return Environment(
        name="prod",
        source=Path("environments.toml"),
        services={"shop": "http://127.0.0.1:9"},
        targets=TARGETS,
        settings={"release": release, **settings},
    )


def problems(release: Any, strategy: str) -> str:
    with pytest.raises(ConfigError) as raised:
        release_spec(env_with(release), strategy)
    return str(raised.value)


def test_a_complete_section_gives_the_spec_with_safe_defaults() -> None:
    release = {"targets": ["blue", "green"], "live": "lb live", "deploy": "d {target}"}
    spec = release_spec(env_with({**release, "switch": "lb {target}"}), "blue-green")

    assert (spec.mode, spec.hook_timeout, spec.suite) == ("delivery", 60.0, ())


def test_the_environment_mode_applies_when_the_section_has_none() -> None:
    release = {"instances": ["blue"], "replace": "r {instance} {version}"}

    assert release_spec(env_with(release, mode="deployment"), "rolling").mode == "deployment"


def test_missing_keys_are_named_for_the_strategy() -> None:
    message = problems({"deploy": "d {target}"}, "canary")

    assert "the canary strategy needs canary, weight, steps, interval" in message


def test_a_missing_section_says_what_the_strategy_needs() -> None:
    assert "[prod.release] is missing; the rolling strategy needs: instances, replace" in problems(
        None, "rolling"
    )


def test_targets_must_be_targets_of_the_environment() -> None:
    release = {"targets": ["blue", "gren"], "live": "l", "deploy": "d", "switch": "s"}

    assert "'gren' is not a target of [prod.targets] (did you mean 'green'?)" in problems(
        release, "blue-green"
    )


def test_steps_must_rise_within_a_hundred() -> None:
    release = {"canary": "green", "deploy": "d", "weight": "w", "interval": 1}

    assert "must rise strictly" in problems({**release, "steps": [50, 25, 100]}, "canary")
    assert "steps #1: must be a whole percentage from 1 to 100 (got string '5%')" in problems(
        {**release, "steps": ["5%"]}, "canary"
    )
    assert "steps #3: must be a whole percentage from 1 to 100 (got 150)" in problems(
        {**release, "steps": [5, 50, 150]}, "canary"
    )


def test_numbers_modes_and_unknown_keys_are_checked_together() -> None:
    release = {
        "instances": ["blue"],
        "replace": "r",
        "hook_timeout": "long",
        "mode": "yolo",
        "intervall": 3,
    }

    message = problems(release, "rolling")

    assert "3 problems" in message
    assert "hook_timeout: must be a number" in message
    assert "mode: must be delivery or deployment (got 'yolo')" in message
    assert "intervall: unknown key (did you mean 'interval'?)" in message


def test_an_unknown_strategy_suggests_the_closest() -> None:
    assert "unknown strategy 'bluegreen' (did you mean 'blue-green'?)" in problems({}, "bluegreen")


def test_a_smoke_check_must_not_promote_on_its_own() -> None:
    release = {"instances": ["blue"], "replace": "r {instance} {version}"}
    env = env_with(release, mode="deployment", promote="deploy/promote.sh {version}")

    with pytest.raises(ConfigError, match=r"each smoke check of the release would too"):
        release_spec(env, "rolling")
