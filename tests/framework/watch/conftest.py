"""The watch's tests: the release tests' platform (shop instances behind a real nginx), and
real shops with faults whose windows and objectives are read directly.

    running = shop("error-rate=0.1")
    window = window_of(SHOP + SLOS, tmp_path, url=running.url)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from greenlight.config import load_environment
from greenlight.watch.spec import watch_spec
from greenlight.watch.window import WatchWindow
from tests.framework.e2e.conftest import RunningShop, start_shop
from tests.framework.release.conftest import platform

__all__ = ["SHOP", "Shop", "platform", "shop", "window_of"]

# An environment on one shop; the tests add its probes, objectives and watch.
SHOP = '[shop]\nsensitive = false\nservices = {{ shop = "{url}" }}\n'
Shop = Callable[..., RunningShop]


@pytest.fixture
def shop() -> Iterator[Shop]:
    """Start a real shop with the given --fault values; every one is stopped afterwards."""
    started: list[RunningShop] = []

    def start(*faults: str) -> RunningShop:
        started.append(start_shop(*(arg for fault in faults for arg in ("--fault", fault))))
        return started[-1]

    yield start
    for running in started:
        running.process.terminate()
        running.process.wait(10)


def window_of(text: str, tmp_path: Path, **values: str) -> WatchWindow:
    """The watch window of the environments file ``text`` (formatted with ``values``)."""
    path = tmp_path / "environments.toml"
    path.write_text(text.format(**values), encoding="utf-8")
    env = load_environment(path, "shop", {})
    spec = watch_spec(env, lasting=60, every=1, suite=None)
    return WatchWindow(env, spec.window, spec.slos)
