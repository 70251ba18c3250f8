"""A real Prometheus and node exporter for end-to-end tests: Debian's binaries, loopback only.

    with running_prometheus(tmp_path, shop=shop.url) as prometheus:
        prometheus.wait_for('up{job="shop"}')          # its first scrape of the shop
        value = prometheus.value("sum(orders_placed_total{traffic="real"})")

Each Prometheus gets its own configuration file and data folder under the test's
temporary directory, a free port on 127.0.0.1 and a scrape interval of
:data:`SCRAPE_INTERVAL_S`; the node exporter runs only the collectors the tests read.
Both are started through :mod:`greenlight.process` (own process group, stopped with
their group afterwards). Without the binaries (``scripts/setup`` installs them) the
tests that need them fail with a message that says so, never skip.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

from greenlight.process import Process

SCRAPE_INTERVAL_S = 1.0
START_TIMEOUT_S = 30.0
NODE_COLLECTORS = ("filesystem", "cpu", "meminfo")


def binary(name: str) -> str:
    found = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else "")
    assert found, f"{name} is not installed; run scripts/setup (it installs Debian's package)"
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def _serving(process: Process, port: int, ready: str, what: str) -> Iterator[str]:
    """Its base URL once ``ready`` answers; stopped with its process group afterwards."""
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(url + ready, process, what)
        yield url
    finally:
        process.stop()


def _wait_until_ready(url: str, process: Process, what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{what} exited: {process.tail()}"
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, timeout=1).ok:
                return
        time.sleep(0.1)
    raise AssertionError(
        f"{what} was not ready at {url} within {START_TIMEOUT_S}s: {process.tail()}"
    )


@dataclass
class RunningPrometheus:
    url: str
    process: Process

    def query(self, query: str) -> list[dict[str, object]]:
        body = requests.get(f"{self.url}/api/v1/query", params={"query": query}, timeout=5).json()
        assert body["status"] == "success", body
        return list(body["data"]["result"])

    def value(self, query: str) -> float:
        (sample,) = self.query(query)
        value = sample["value"]
        assert isinstance(value, list)
        return float(value[1])

    def wait_for(self, query: str, timeout: float = 20.0) -> None:
        """Until ``query`` has a non-zero answer (a target scraped, a series seen)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = self.query(query)
            if result and all(float(s["value"][1]) != 0 for s in result):  # type: ignore[index]
                return
            time.sleep(SCRAPE_INTERVAL_S / 4)
        raise AssertionError(f"Prometheus at {self.url} had no answer to {query} in {timeout}s")


def _config(targets: dict[str, str]) -> str:
    jobs = "".join(
        f"  - job_name: {job}\n    static_configs:\n      - targets: ['{urlsplit(url).netloc}']\n"
        for job, url in targets.items()
    )
    return (
        "global:\n"
        f"  scrape_interval: {SCRAPE_INTERVAL_S:g}s\n"
        f"  evaluation_interval: {SCRAPE_INTERVAL_S:g}s\n"
        "scrape_configs:\n" + jobs
    )


@contextlib.contextmanager
def running_prometheus(folder: Path, **targets: str) -> Iterator[RunningPrometheus]:
    """A Prometheus scraping ``targets`` (job name -> base URL, ``/metrics`` read)."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "prometheus.yml"
    config.write_text(_config(targets))
    port = free_port()
    process = Process.start(
        [
            binary("prometheus"),
            f"--config.file={config}",
            f"--storage.tsdb.path={folder / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--storage.tsdb.retention.time=1h",
            "--log.level=warn",
        ],
        output=folder / "prometheus.log",
        die_with_parent=True,
    )
    with _serving(process, port, "/-/ready", "prometheus") as url:
        yield RunningPrometheus(url, process)


@contextlib.contextmanager
def running_node_exporter(folder: Path) -> Iterator[str]:
    """A node exporter with only :data:`NODE_COLLECTORS`; yields its base URL."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    process = Process.start(
        [
            binary("prometheus-node-exporter"),
            f"--web.listen-address=127.0.0.1:{port}",
            "--collector.disable-defaults",
            *(f"--collector.{name}" for name in NODE_COLLECTORS),
        ],
        output=folder / "node-exporter.log",
        die_with_parent=True,
    )
    with _serving(process, port, "/metrics", "prometheus-node-exporter") as url:
        yield url
