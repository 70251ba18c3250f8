"""End-to-end fixtures: a real reference shop, a real Prometheus and node exporter scraping it
(:mod:`tests.framework.e2e.prometheus`), and the repository's suite run against them."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.framework.e2e.prometheus import (
    RunningPrometheus,
    running_node_exporter,
    running_prometheus,
)

ROOT = Path(__file__).parents[3]
PLANTED_SECRET = "planted-admin-secret-4f7c9e"


@dataclass
class RunningShop:
    url: str
    process: subprocess.Popen[str]


@dataclass
class PrometheusStack:
    shop: RunningShop
    prometheus: RunningPrometheus
    node_exporter: str


def start_shop(*args: str, token: str = PLANTED_SECRET) -> RunningShop:
    process = subprocess.Popen(
        [sys.executable, "-m", "sut", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "SHOP_ADMIN_TOKEN": token},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("shop serving "), f"the shop did not start: {line!r}"
    return RunningShop(url=line.split()[-1], process=process)


@pytest.fixture
def shop_server() -> Iterator[RunningShop]:
    shop = start_shop()
    yield shop
    shop.process.terminate()
    shop.process.wait(10)


def run_suite(
    *args: str, env: dict[str, str], cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    """The repository's acceptance suite in a child pytest, as a pipeline would run it."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "tests/acceptance", "-p", "no:cacheprovider", *args],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@contextlib.contextmanager
def prometheus_over(shop: RunningShop, folder: Path) -> Iterator[PrometheusStack]:
    """A node exporter and a real Prometheus scraping it and ``shop`` every second."""
    with (
        running_node_exporter(folder / "node") as node,
        running_prometheus(folder / "prometheus", shop=shop.url, node=node) as server,
    ):
        server.wait_for('count(up{job=~"shop|node"} == 1) - 1')  # both scraped, both up
        yield PrometheusStack(shop, server, node)


@pytest.fixture
def prometheus_stack(shop_server: RunningShop, tmp_path: Path) -> Iterator[PrometheusStack]:
    """The healthy shop, a node exporter and a real Prometheus scraping both."""
    with prometheus_over(shop_server, tmp_path) as stack:
        yield stack
