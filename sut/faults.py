"""Faults the shop can be started with, so that a test run has something to catch.

Each fault breaks one thing a release check should notice: a failing checkout, slow
responses, a memory leak, a wrong order total, or error lines in the log; ``cpu``
burns CPU on every request, ``disk`` fills the data folder a little more with each. Two
break the shop's answers themselves (HTTP 500), on every route but /health and /metrics:
``errors-after=N`` serves its first N requests well and fails every one after them (a
version that passes its smoke run and degrades in production), ``error-rate=R`` fails
a share R of requests (0 < R <= 1), evenly spread: with 0.1, the 10th, 20th, 30th...

Example::

    >>> faults = parse_faults(["slow=200", "wrong-total"])
    >>> faults.slow_ms, faults.wrong_total, faults.leak
    (200, True, False)
    >>> parse_faults(["explode"])
    Traceback (most recent call last):
    ...
    sut.faults.FaultError: unknown fault 'explode'; known: checkout-error, leak, ...
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

KNOWN_FAULTS = (
    "checkout-error, cpu, disk, error-rate=R, errors-after=N, leak, log-errors, slow=MS, "
    "wrong-total"
)
# Routes the HTTP-error faults leave alone: what watches the shop keeps reading it.
SPARED_PATHS = ("/health", "/metrics")

LEAK_BYTES = 256 * 1024
CPU_BURN_S = 0.05  # CPU seconds of busy work per request under the cpu fault
DISK_FILL_BYTES = 512 * 1024  # written to the data folder per request under the disk fault
DISK_FILL_FILE = "disk-fault.fill"
# Written in chunks of one constant: a fresh buffer per request would grow memory instead.
_FILL_CHUNK = b"\x01" * (64 * 1024)

# Kept alive for the life of the process on purpose: the `leak` fault exists to make
# resident memory grow the way a real leak does.
_leaked: list[bytes] = []


class FaultError(ValueError):
    """A --fault value the shop does not understand."""


@dataclass(frozen=True)
class Faults:
    """Which faults are switched on; the default is a healthy shop."""

    checkout_error: bool = False
    slow_ms: int = 0
    leak: bool = False
    wrong_total: bool = False
    log_errors: bool = False
    errors_after: int | None = None
    error_rate: float = 0.0
    cpu: bool = False
    disk: bool = False

    def describe(self) -> str:
        """The faults as they are spelled on the command line, for the log."""
        names = [
            name
            for name, on in (
                ("checkout-error", self.checkout_error),
                ("leak", self.leak),
                ("log-errors", self.log_errors),
                ("wrong-total", self.wrong_total),
                ("cpu", self.cpu),
                ("disk", self.disk),
            )
            if on
        ]
        if self.slow_ms:
            names.append(f"slow={self.slow_ms}")
        if self.errors_after is not None:
            names.append(f"errors-after={self.errors_after}")
        if self.error_rate:
            names.append(f"error-rate={self.error_rate:g}")
        return ", ".join(names) or "none"


def parse_faults(specs: Iterable[str]) -> Faults:
    """Turn --fault values into Faults, raising FaultError with a readable message."""
    flags: dict[str, bool] = {}
    slow_ms = 0
    errors_after: int | None = None
    error_rate = 0.0
    for spec in specs:
        name, _, value = spec.partition("=")
        if name == "slow":
            slow_ms = _parse_slow(spec, value)
        elif name == "errors-after":
            errors_after = _parse_count(spec, value)
        elif name == "error-rate":
            error_rate = _parse_rate(spec, value)
        elif name in ("cpu", "disk") and not value:
            flags[name] = True
        elif name in ("checkout-error", "leak", "wrong-total", "log-errors") and not value:
            flags[name.replace("-", "_")] = True
        else:
            raise FaultError(f"unknown fault {spec!r}; known: {KNOWN_FAULTS}")
    return Faults(slow_ms=slow_ms, errors_after=errors_after, error_rate=error_rate, **flags)


def _parse_slow(spec: str, value: str) -> int:
    if not value.isdigit():
        raise FaultError(
            f"bad fault {spec!r}: slow takes a whole number of milliseconds, e.g. slow=300"
        )
    return int(value)


def _parse_count(spec: str, value: str) -> int:
    if not value.isdigit():
        raise FaultError(
            f"bad fault {spec!r}: errors-after takes a whole number of requests, e.g. errors-after=40"
        )
    return int(value)


def _parse_rate(spec: str, value: str) -> float:
    try:
        rate = float(value)
    except ValueError:
        rate = math.nan
    if not 0 < rate <= 1:
        raise FaultError(
            f"bad fault {spec!r}: error-rate takes a share above 0, at most 1, e.g. error-rate=0.1"
        )
    return rate


@dataclass
class RequestCount:
    """The requests an HTTP-error fault has seen (every route but :data:`SPARED_PATHS`)."""

    seen: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def failing(self, faults: Faults, path: str) -> str | None:
        """Why this request is answered with HTTP 500, or None to serve it."""
        if path in SPARED_PATHS or (faults.errors_after is None and not faults.error_rate):
            return None
        with self._lock:
            self.seen += 1
            number = self.seen
        if faults.errors_after is not None and number > faults.errors_after:
            return f"injected fault errors-after={faults.errors_after}: request {number}"
        rate = faults.error_rate
        # Evenly spread: the request that takes the count of failures one higher fails.
        if rate and math.floor(number * rate + 1e-9) > math.floor((number - 1) * rate + 1e-9):
            return f"injected fault error-rate={rate:g}: request {number}"
        return None


def apply_request_faults(faults: Faults, report_error: Callable[[str], None]) -> None:
    """Apply the faults that hit every request; called before the request is handled."""
    if faults.slow_ms:
        time.sleep(faults.slow_ms / 1000)
    if faults.leak:
        # Multiplying writes every byte, so the pages really become resident;
        # bytes(n) could be lazily mapped zero pages and never show in RSS.
        _leaked.append(b"\x01" * LEAK_BYTES)
    if faults.log_errors:
        report_error("injected fault log-errors: this request logs an ERROR line")


def apply_resource_faults(faults: Faults, data_folder: Path) -> None:
    """The faults that cost a resource on every request: CPU time, room in the data folder."""
    if faults.cpu:
        # Thread CPU time, not wall time: the same cost per request however busy the machine.
        # Hashing releases the GIL, so the other requests are not held up by it: the cost
        # shows as CPU, not as latency (a pure-Python loop would be both).
        until = time.thread_time() + CPU_BURN_S
        while time.thread_time() < until:
            hashlib.pbkdf2_hmac("sha256", b"cpu fault", b"salt", 1000)
    if faults.disk:
        with (data_folder / DISK_FILL_FILE).open("ab") as fill:
            for _ in range(DISK_FILL_BYTES // len(_FILL_CHUNK)):
                fill.write(_FILL_CHUNK)
