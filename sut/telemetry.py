"""Metrics and error logging: what a post-deploy check reads to judge the shop's health.

Every app gets its own private Prometheus registry, so several apps in one test
process never share counters. ERROR lines go through Telemetry.error so that
`shop_errors_total` always matches the log. CPU is the process collector's
``process_cpu_seconds_total``; disk is ``shop_data_bytes`` (what the files of the data
folder hold) and ``shop_data_free_bytes`` (free space of the folder's filesystem).

Business counters (orders placed and cancelled, customers registered, basket
additions) carry a ``traffic`` label: ``synthetic`` for requests marked with
``X-Greenlight-Synthetic: 1`` (greenlight's smoke runs), ``real`` for every other, so
``orders_placed_total{traffic="real"}`` never counts a smoke checkout.

Example::

    telemetry = Telemetry()
    telemetry.install(app, Faults(), data_folder=Path("/var/lib/shop"))
    telemetry.orders_placed.inc()      # under traffic="real", or "synthetic" if marked
    body, content_type = telemetry.exposition()
"""

from __future__ import annotations

import contextlib
import logging
import os
import resource
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask, Response, g, has_request_context, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    generate_latest,
)

from sut.faults import Faults, RequestCount, apply_request_faults, apply_resource_faults

logger = logging.getLogger("sut")

# Bounds at 0.1, 0.3 and 0.5 s so latency objectives at those marks read straight
# off the histogram.
SYNTHETIC_HEADER = "X-Greenlight-Synthetic"
DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 10.0)


def resident_memory_bytes() -> float:
    """Current resident set size; /proc on Linux, peak RSS elsewhere as a fallback."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
        return float(pages * os.sysconf("SC_PAGE_SIZE"))
    except (OSError, ValueError, IndexError):
        return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)


def folder_bytes(folder: Path) -> float:
    """What the files under ``folder`` hold, in bytes; files that vanish meanwhile count 0."""
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.stat(os.path.join(root, name)).st_size
    return float(total)


def traffic() -> str:
    """``synthetic`` when the request being answered is marked as such, else ``real``."""
    marked = has_request_context() and request.headers.get(SYNTHETIC_HEADER) == "1"
    return "synthetic" if marked else "real"


class BusinessCounter:
    """A counter of business events, counted apart for synthetic traffic (label ``traffic``)."""

    def __init__(self, name: str, documentation: str, registry: CollectorRegistry) -> None:
        self.counter = Counter(name, documentation, ["traffic"], registry=registry)
        for kind in ("real", "synthetic"):
            self.counter.labels(kind)  # both series from the start: 0 is a reading

    def inc(self, amount: float = 1) -> None:
        self.counter.labels(traffic()).inc(amount)


class Telemetry:
    """The shop's metrics on a private registry, plus the ERROR-logging helper."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter(
            "http_requests", "HTTP requests answered.", ["route", "method", "status"], registry=r
        )
        self.duration = Histogram(
            "http_request_duration_seconds",
            "Time to answer a request.",
            ["route"],
            buckets=DURATION_BUCKETS,
            registry=r,
        )
        self.orders_placed = BusinessCounter("orders_placed", "Orders placed.", r)
        self.orders_cancelled = BusinessCounter("orders_cancelled", "Orders cancelled.", r)
        self.customers_registered = BusinessCounter(
            "customers_registered", "Customers registered.", r
        )
        self.basket_additions = BusinessCounter("basket_additions", "Items added to baskets.", r)
        self.errors = Counter("shop_errors", "ERROR lines logged.", registry=r)
        self.queue_depth = Gauge(
            "fulfilment_queue_depth", "Orders placed but not yet dispatched.", registry=r
        )
        rss = Gauge("shop_process_resident_memory_bytes", "Resident memory.", registry=r)
        rss.set_function(resident_memory_bytes)
        # The standard process_* series as well; it yields nothing where /proc is missing.
        ProcessCollector(registry=r)

    def error(self, message: str, *args: object, exc_info: bool = False) -> None:
        """Log an ERROR line and count it."""
        self.errors.inc()
        logger.error(message, *args, exc_info=exc_info)

    def watch_queue(self, depth: Callable[[], int]) -> None:
        self.queue_depth.set_function(lambda: float(depth()))

    def watch_data(self, folder: Path) -> None:
        """Disk gauges of the data folder, read at every scrape."""
        r = self.registry
        used = Gauge("shop_data_bytes", "Bytes in the files of the data folder.", registry=r)
        used.set_function(lambda: folder_bytes(folder))
        free = Gauge(
            "shop_data_free_bytes", "Free space of the data folder's filesystem.", registry=r
        )
        free.set_function(lambda: float(shutil.disk_usage(folder).free))

    def exposition(self) -> tuple[bytes, str]:
        return generate_latest(self.registry), CONTENT_TYPE_LATEST

    def install(self, app: Flask, faults: Faults, data_folder: Path) -> None:
        """Time and count every request, apply the per-request faults, watch the data folder."""
        self.watch_data(data_folder)

        count = RequestCount()

        @app.before_request
        def start_timer() -> Response | None:
            g.sut_started = time.perf_counter()
            apply_request_faults(faults, self.error)
            apply_resource_faults(faults, data_folder)
            failing = count.failing(faults, request.path)
            if failing is None:
                return None
            self.error("%s", failing)
            return Response(f"{failing}\n", status=500, mimetype="text/plain")

        @app.after_request
        def record(response: Response) -> Response:
            started = g.get("sut_started")
            route = request.url_rule.rule if request.url_rule else "unmatched"
            self.requests.labels(route, request.method, str(response.status_code)).inc()
            if started is not None:
                self.duration.labels(route).observe(time.perf_counter() - started)
            return response
