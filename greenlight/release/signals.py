"""SIGTERM ends a release or a watch the way Ctrl-C does: a pipeline's stop is an interruption.

    >>> with terminated_by_sigterm():
    ...     carry_out(steps)          # kill -TERM raises Terminated, a KeyboardInterrupt

Outside the main thread no handler can be installed, and none is.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143  # 128 + SIGTERM, what a pipeline expects of a terminated job


class Terminated(KeyboardInterrupt):
    """SIGTERM: a release ends as on Ctrl-C (the gate stopped gracefully, rolled back)."""


def why(interrupt: KeyboardInterrupt) -> tuple[str, int]:
    """What stopped it, in words, and the exit code that says so."""
    if isinstance(interrupt, Terminated):
        return "terminated (SIGTERM)", EXIT_TERMINATED
    return "interrupted (Ctrl-C)", EXIT_INTERRUPTED


@contextlib.contextmanager
def terminated_by_sigterm() -> Iterator[None]:
    """SIGTERM raises :class:`Terminated`, so it ends the command the way Ctrl-C does."""

    def terminate(number: int, frame: object) -> None:
        raise Terminated

    try:
        previous = signal.signal(signal.SIGTERM, terminate)
    except ValueError:  # not the main thread: no handler to install
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
