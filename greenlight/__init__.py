"""greenlight: acceptance-test DSL toolkit and smoke-test framework for release decisions.

The public surface a suite's DSL and drivers build on::

    from greenlight import Aliases, Cleanup, HttpClient, PageDriver, eventually, verb
"""

from greenlight.config.environment import Environment
from greenlight.drivers.http import HttpClient, HttpError
from greenlight.drivers.page import PageDriver
from greenlight.dsl.aliases import Aliases
from greenlight.dsl.cleanup import Cleanup, CleanupFailed
from greenlight.dsl.eventually import eventually
from greenlight.dsl.narration import verb
from greenlight.dsl.params import money, one_of, show_money, table_rows, whole_number
from greenlight.errors import ConfigError, SystemUnreachable

__all__ = [
    "Aliases",
    "Cleanup",
    "CleanupFailed",
    "ConfigError",
    "Environment",
    "HttpClient",
    "HttpError",
    "PageDriver",
    "SystemUnreachable",
    "eventually",
    "money",
    "one_of",
    "show_money",
    "table_rows",
    "verb",
    "whole_number",
]
