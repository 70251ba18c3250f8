"""The background worker that dispatches placed orders once they are old enough.

It gives the shop a queue whose depth a release check can watch, and an order status
that changes without anyone asking.

Example::

    worker = FulfilmentWorker(shop, delay_seconds=0.3)
    worker.start()
    ...
    worker.stop()
"""

from __future__ import annotations

import threading

from sut.shop import Shop

POLL_SECONDS = 0.05


class FulfilmentWorker:
    """Moves orders from `placed` to `dispatched` after delay_seconds, polling in a daemon."""

    def __init__(self, shop: Shop, delay_seconds: float) -> None:
        self.shop = shop
        self.delay_seconds = delay_seconds
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fulfilment", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping.wait(POLL_SECONDS):
            try:
                self.shop.dispatch_due(self.delay_seconds)
            except Exception:
                # Keep dispatching after a bad round; the error is logged and counted.
                self.shop.telemetry.error("fulfilment round failed", exc_info=True)
