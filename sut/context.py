"""What one running shop is made of, and how a view finds it.

create_app builds a Services and keeps it in the Flask app; views call services()
instead of reaching for module globals.

Example::

    from sut.context import services

    @blueprint.get("/api/products")
    def list_products() -> dict[str, object]:
        return {"products": [p.as_dict() for p in services().shop.products()]}
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from flask import current_app

from sut.faults import Faults
from sut.fulfilment import FulfilmentWorker
from sut.shop import Shop
from sut.telemetry import Telemetry

EXTENSION_KEY = "sut"


@dataclass(frozen=True)
class Settings:
    """How to run one shop; the command line builds this, tests build it directly."""

    db_path: str
    version: str = "1.0.0"
    faults: Faults = field(default_factory=Faults)
    # None means no admin: every admin endpoint answers 403. There is never a default.
    admin_token: str | None = None
    # None switches the fulfilment worker off (handy in tests that want orders to stay put).
    fulfil_delay: float | None = 0.3


@dataclass
class Services:
    settings: Settings
    shop: Shop
    telemetry: Telemetry
    worker: FulfilmentWorker | None
    started: float = field(default_factory=time.monotonic)

    def close(self) -> None:
        """Stop the worker and close the database; for shutdown and test teardown."""
        if self.worker is not None:
            self.worker.stop()
        self.shop.store.close()


def services() -> Services:
    found: Services = current_app.extensions[EXTENSION_KEY]
    return found
