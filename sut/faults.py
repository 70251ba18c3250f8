"""Faults the shop can be started with, so that a test run has something to catch.

Each fault breaks one thing a release check should notice: a failing checkout, slow
responses, a memory leak, a wrong order total, or error lines in the log.

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

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

KNOWN_FAULTS = "checkout-error, leak, log-errors, slow=MS, wrong-total"

LEAK_BYTES = 256 * 1024

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

    def describe(self) -> str:
        """The faults as they are spelled on the command line, for the log."""
        names = [
            name
            for name, on in (
                ("checkout-error", self.checkout_error),
                ("leak", self.leak),
                ("log-errors", self.log_errors),
                ("wrong-total", self.wrong_total),
            )
            if on
        ]
        if self.slow_ms:
            names.append(f"slow={self.slow_ms}")
        return ", ".join(names) or "none"


def parse_faults(specs: Iterable[str]) -> Faults:
    """Turn --fault values into Faults, raising FaultError with a readable message."""
    flags: dict[str, bool] = {}
    slow_ms = 0
    for spec in specs:
        name, _, value = spec.partition("=")
        if name == "slow":
            slow_ms = _parse_slow(spec, value)
        elif name in ("checkout-error", "leak", "wrong-total", "log-errors") and not value:
            flags[name.replace("-", "_")] = True
        else:
            raise FaultError(f"unknown fault {spec!r}; known: {KNOWN_FAULTS}")
    return Faults(slow_ms=slow_ms, **flags)


def _parse_slow(spec: str, value: str) -> int:
    if not value.isdigit():
        raise FaultError(
            f"bad fault {spec!r}: slow takes a whole number of milliseconds, e.g. slow=300"
        )
    return int(value)


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
