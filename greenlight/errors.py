"""The errors greenlight raises, each with a message that says what, where and what to do.

    >>> raise ConfigError(["[prod].sensitve: unknown key (did you mean 'sensitive'?)"])

A :class:`ConfigError` is a usage error: the plugin turns it into pytest's
``UsageError`` (printed without a traceback, exit code 4), and ``greenlight`` on the
command line prints it and exits with 4 too.
"""

from __future__ import annotations

from collections.abc import Iterable

USAGE_ERROR = 4


class ConfigError(Exception):
    """One or more problems with the configuration, reported together."""

    def __init__(self, problems: Iterable[str], *, source: str = "") -> None:
        self.problems = list(problems)
        head = f"{source}: " if source else ""
        if len(self.problems) == 1:
            message = head + self.problems[0]
        else:
            lines = "\n".join(f"  - {problem}" for problem in self.problems)
            message = f"{head}{len(self.problems)} problems\n{lines}"
        super().__init__(message)


class SystemUnreachable(ConnectionError):
    """The system under test did not answer at all; raised fast, naming environment and URL."""


class SystemFailedToStart(RuntimeError):
    """The embedded system did not become healthy; the message carries its log tail."""
