"""greenlight: acceptance-test DSL toolkit and smoke-test framework for release decisions.

The public surface a suite's DSL and drivers build on::

    from greenlight import Aliases, Cleanup, HttpClient, PageDriver, eventually, verb
"""

from greenlight.aliases import Aliases
from greenlight.browser import PageDriver
from greenlight.cleanup import Cleanup, CleanupFailed
from greenlight.environments import Environment
from greenlight.errors import ConfigError, SystemUnreachable
from greenlight.eventually import eventually
from greenlight.http import HttpClient, HttpError
from greenlight.narration import verb
from greenlight.params import money, one_of, show_money, table_rows, whole_number

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
