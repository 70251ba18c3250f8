"""The reference shop's acceptance suite: every feature in specs/, bound to the steps.

pytest-bdd binds the whole features folder, so a feature file added to specs/ runs
without a change here (and greenlight reports one that no test binds).
"""

from pytest_bdd import scenarios

from tests.acceptance.steps import *  # noqa: F403 - pytest-bdd finds steps as fixtures of this module

scenarios(".")
