"""``[defaults]`` underneath every environment: tables merge deeply, lists and values replace."""

from __future__ import annotations

from pathlib import Path

from greenlight.config import load_environment


def test_a_nested_default_survives_an_environment_that_sets_a_sibling(tmp_path: Path) -> None:
    path = tmp_path / "environments.toml"
    path.write_text(
        """
[defaults]
channels = ["api", "ui"]
timeouts = { request = 10, step = 10, scenario = 60 }
variables = { region = "eu", currency = "EUR" }

[prod]
services = { shop = "https://shop.example" }
channels = ["api"]
timeouts = { request = 5 }
variables = { region = "us" }
"""
    )
    env = load_environment(path, "prod", {})
    assert (env.request_timeout, env.step_timeout, env.scenario_timeout) == (5.0, 10.0, 60.0)
    assert env.variables == {"region": "us", "currency": "EUR"}
    assert env.channels == ("api",)  # a list replaces the default list whole
