"""A canary release section judged by Mann-Whitney, and the users whose traffic it samples.

configure_judge(platform, min_samples=5)
with users(platform):                  # demo/users: real, unmarked traffic on nginx
    result = platform.release("canary", "1.3.0")
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

from greenlight.process import Process
from tests.framework.release.conftest import ROOT, Platform

USERS = ROOT / "demo" / "users"

# Bounds no canary here reaches: only the comparison or the judge can stop it.
PROBES = """
[[shop.probes]]
name = "error-ratio"
kind = "metrics"
expression = 'increase(http_requests_total{status=~"5.."}) / increase(http_requests_total)'
fail_above = 1
[[shop.probes]]
name = "latency-p95"
kind = "metrics"
expression = 'histogram_quantile(0.95, http_request_duration_seconds{route!="/metrics"})'
fail_above = 60
"""
CRITICAL_LATENCY = """
[shop.release.metrics]
"latency-p95" = { critical = true }
"""


def configure_judge(platform: Platform, **settings: Any) -> None:
    given: dict[str, Any] = {
        "baseline": "blue",
        "compare": ["error-ratio", "latency-p95"],
        "judge": "mann-whitney",
        "interval": 3,  # the observation window: the users' traffic on both sides
        "sample_interval": 0.25,
        "min_samples": 5,
        "effect": 2.0,  # busy-machine noise on a healthy canary stays within 3x
    }
    platform.configure(PROBES, CRITICAL_LATENCY, **(given | settings))


@contextlib.contextmanager
def users(platform: Platform, threads: int = 4) -> Iterator[None]:
    """demo/users browsing through nginx for as long as the block lasts."""
    url = f"http://127.0.0.1:{platform.ports['public']}"
    process = Process.start([sys.executable, str(USERS), url, str(threads)], die_with_parent=True)
    try:
        yield
    finally:
        process.stop()
