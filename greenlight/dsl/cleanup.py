"""Cleanup: undo what a scenario created, at teardown, best effort but never silent.

    cleanup.add("delete customer alice (gl-smoke-alice-x7k2)", lambda: admin.delete_customer(name))

Actions run last-in first-out. A failing action does not stop the others; when any
fail, teardown raises :class:`CleanupFailed` listing each, which pytest reports as an
error of the test (so a passing scenario does not read as clean, and a failed one
stays failed: the original failure is kept and the cleanup error is added to it).
Its ``failures`` (masked, one line each) go into the verdict as a reason of their own,
also for an attempt that pytest-rerunfailures retried (see the ``cleanup`` fixture).

Once cleanup has begun, Ctrl-C and SIGTERM wait for it: a run stopped while it deletes
its data would leave the rest behind. The signal is delivered again when the last action
has run (a stopping gate still ends the run with SIGKILL after its grace period).
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType

from greenlight.secrets import Secrets

# The test's user property under which a failed cleanup is kept: (attempt, what failed).
PROPERTY = "greenlight_cleanup_failed"


class CleanupFailed(RuntimeError):
    """One or more cleanup actions failed; the entities they named may be left behind."""

    def __init__(self, failures: list[str]) -> None:
        self.failures = failures  # "delete customer alice: ConnectionError: ...", masked
        listed = "\n".join(f"  - {failure}" for failure in failures)
        super().__init__(
            f"{len(failures)} cleanup action(s) failed; data may be left behind:\n{listed}"
        )


@dataclass
class Cleanup:
    """The undo actions of one test, run last-in first-out by :meth:`run`.

    >>> cleanup = Cleanup()
    >>> cleanup.add("delete customer alice", lambda: admin.delete_customer("alice-x7k2"))
    >>> cleanup.run()        # the cleanup fixture calls this at teardown
    """

    secrets: Secrets = field(default_factory=Secrets)
    _actions: list[tuple[str, Callable[[], object]]] = field(default_factory=list)

    def add(self, description: str, action: Callable[[], object]) -> None:
        """Queue ``action``; ``description`` names what it removes if it fails."""
        self._actions.append((description, action))

    def run(self) -> None:
        """Run every action (newest first); raise :class:`CleanupFailed` if any failed."""
        failures: list[str] = []
        with _signals_held():
            self._run_all(failures)
        if failures:
            raise CleanupFailed(failures)

    def _run_all(self, failures: list[str]) -> None:
        while self._actions:
            description, action = self._actions.pop()
            try:
                action()
            except Exception as error:
                failure = f"{description}: {type(error).__name__}: {error}"
                failures.append(self.secrets.mask(" ".join(failure.split())))


_HELD: tuple[int, ...] = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back until the block ends, then deliver them again."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []

    def hold(number: int, frame: FrameType | None) -> None:
        arrived.append(number)

    previous = {number: signal.signal(number, hold) for number in _HELD}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(arrived):
            os.kill(os.getpid(), number)  # to the handler that was in place: it decides
