"""A stop that arrives while cleanup runs waits for the last action, then takes effect."""

from __future__ import annotations

import os
import signal

import pytest

from greenlight.dsl.cleanup import Cleanup


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_cleanup_lets_every_action_run_first(number: int) -> None:
    done: list[str] = []
    cleanup = Cleanup()
    cleanup.add("delete customer", lambda: done.append("customer"))
    cleanup.add("cancel order", lambda: (os.kill(os.getpid(), number), done.append("order")))

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(number, stop)
    try:
        with pytest.raises(KeyboardInterrupt):
            cleanup.run()
    finally:
        signal.signal(number, previous)
    assert done == ["order", "customer"]
