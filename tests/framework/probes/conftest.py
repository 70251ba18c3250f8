"""Probe test fixtures: a real reference shop writing its log to a file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.framework.e2e.conftest import RunningShop, start_shop


@dataclass
class LoggingShop:
    url: str
    log: Path


StartShop = Callable[..., LoggingShop]


@pytest.fixture
def start_logging_shop(tmp_path: Path) -> Iterator[StartShop]:
    """Start the shop with the given --fault values; each writes its log to a file."""
    running: list[RunningShop] = []

    def start(*faults: str) -> LoggingShop:
        log = tmp_path / f"shop-{len(running)}.log"
        args = [arg for fault in faults for arg in ("--fault", fault)]
        shop = start_shop(*args, "--log", str(log))
        running.append(shop)
        return LoggingShop(shop.url, log)

    yield start
    for shop in running:
        shop.process.terminate()
        shop.process.wait(10)
