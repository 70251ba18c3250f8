"""Interruptions of a run, counted whatever pytest is busy with when they arrive.

pytest turns the first Ctrl-C into ``KeyboardInterrupt`` and an orderly end; a second
one during that end, or a ``SIGTERM`` from a pipeline's timeout, used to leave no mark
(or no verdict at all). The controller installs these handlers for the whole run:

    >>> watch = Interruptions.install()
    >>> ...                       # Ctrl-C, Ctrl-C, kill -TERM
    >>> watch.count
    3
    >>> with watch.deferred():    # writing the verdict: a signal now waits until it is written
    ...     write(verdict)
    >>> watch.uninstall()

Each signal is counted first, then handled as before: SIGINT by the handler that was in
place (pytest's ``KeyboardInterrupt``), SIGTERM as a ``KeyboardInterrupt`` too, so the run
ends through the same path: cleanup, system stopped, a no-go verdict written.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

SIGNALS = (signal.SIGINT, signal.SIGTERM)


@dataclass
class Interruptions:
    count: int = 0
    _previous: dict[int, Any] = field(default_factory=dict)
    _deferring: bool = False
    _pending: bool = False

    @staticmethod
    def install() -> Interruptions:
        watch = Interruptions()
        # Signal handlers belong to the main thread; elsewhere (a run inside a thread)
        # pytest's own handling is all there is.
        if threading.current_thread() is threading.main_thread():
            for number in SIGNALS:
                watch._previous[number] = signal.signal(number, watch._handle)
        return watch

    def uninstall(self) -> None:
        for number, previous in self._previous.items():
            signal.signal(number, previous)
        self._previous.clear()

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Hold interruptions back while a record is written; raise afterwards."""
        self._deferring = True
        try:
            yield
        finally:
            self._deferring = False
        if self._pending:
            self._pending = False
            raise KeyboardInterrupt

    def _handle(self, number: int, frame: FrameType | None) -> None:
        self.count += 1
        if self._deferring:
            self._pending = True
            return
        previous = self._previous.get(number)
        if number == signal.SIGINT and callable(previous):
            previous(number, frame)
        raise KeyboardInterrupt
