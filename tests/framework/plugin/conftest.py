"""Helpers for plugin tests: small projects written with pytester."""

from __future__ import annotations

import pytest

REMOTE = """
[local]
sensitive = false
services = { app = "http://127.0.0.1:9" }
channels = ["api", "ui"]

[prod]
services = { app = "http://127.0.0.1:19" }
channels = ["api"]
targets = { blue = { app = "http://127.0.0.1:10" } }
"""

FEATURE = """
Feature: Shop
  @smoke
  Scenario: Browse
    Given a shop

  Scenario: Register
    Given a shop

  @destructive
  Scenario: Wipe stock
    Given a shop

  @smoke @api_only
  Scenario: Health
    Given a shop
"""

STEPS = """
from pytest_bdd import given, scenarios

scenarios("shop.feature")


@given("a shop")
def _(channel):
    assert channel in ("api", "ui")
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A project with four scenarios and environments that need no running system."""
    pytester.makefile(".toml", environments=REMOTE)
    pytester.makefile(".feature", shop=FEATURE)
    pytester.makepyfile(test_shop=STEPS)
    return pytester
