"""The reference shop's acceptance suite: every feature in specs/, bound to the steps."""

from pytest_bdd import scenarios

from tests.acceptance.steps import *  # noqa: F403 - pytest-bdd finds steps as fixtures of this module

scenarios("catalogue.feature", "accounts.feature", "basket.feature", "orders.feature")
