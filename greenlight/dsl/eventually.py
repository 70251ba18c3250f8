"""Waiting for the system to catch up, with a message that says what was awaited.

    >>> eventually(lambda: shop.order_status(order_id), until=lambda s: s == "dispatched",
    ...            awaiting="order 17 to be dispatched", timeout=5)
    'dispatched'

On timeout the :class:`AssertionError` names what was awaited, how long it waited and
what it saw last (value or error), so a slow system and a wrong one read differently.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def eventually(
    probe: Callable[[], T],
    *,
    until: Callable[[T], bool] = bool,
    awaiting: str,
    timeout: float = 10.0,
    interval: float = 0.05,
    max_interval: float = 0.5,
) -> T:
    """Call ``probe`` until ``until(result)`` holds; return that result."""
    if timeout <= 0:
        raise ValueError(f"timeout must be positive (got {timeout})")
    deadline = time.monotonic() + timeout
    last: str = "nothing (never called)"
    attempts = 0
    while True:
        attempts += 1
        try:
            value = probe()
        except AssertionError as error:
            last = f"assertion failed: {error}"
        else:
            if until(value):
                return value
            last = repr(value)
        if time.monotonic() >= deadline:
            raise AssertionError(
                f"gave up waiting for {awaiting} after {timeout:g}s ({attempts} attempts); last saw {last}"
            )
        time.sleep(min(interval, max(0.0, deadline - time.monotonic())))
        interval = min(interval * 1.5, max_interval)
