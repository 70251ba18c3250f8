"""Durations as people write them: one number and its unit, ``90s``, ``30m``, ``2h``, ``1d``.

    >>> seconds("90s"), seconds("1.5m")
    (90.0, 90.0)
    >>> argument("soon")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: 'soon' is not a duration; write a number and a unit: 90s, 30m, 2h or 1d
    >>> spoken(5400)
    '1h 30m'

The one reader of durations, for options (``--for``, ``--every``, ``--since``,
``--max-age``) and for settings in ``environments.toml`` (``every = "30s"``).
"""

from __future__ import annotations

import argparse
import re
from datetime import timedelta

_DURATION = re.compile(r"(?P<amount>\d+(?:\.\d+)?)(?P<unit>[smhd])")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
EXAMPLES = "90s, 30m, 2h or 1d"


def seconds(text: str) -> float:
    """The duration in seconds; ValueError saying how to write one."""
    found = _DURATION.fullmatch(text.strip()) if isinstance(text, str) else None
    if found is None:
        raise ValueError(f"{text!r} is not a duration; write a number and a unit: {EXAMPLES}")
    return float(found["amount"]) * _UNITS[found["unit"]]


def argument(text: str) -> timedelta:
    """For argparse's ``type=``: the duration, or the usage error argparse shows."""
    try:
        return timedelta(seconds=seconds(text))
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def spoken(total: float) -> str:
    """``3h 12m``, ``2d 4h``, ``5m``: days, hours and minutes; ``42s`` under a minute."""
    whole = int(total)
    parts = [(whole // 86400, "d"), (whole % 86400 // 3600, "h"), (whole % 3600 // 60, "m")]
    shown = " ".join(f"{amount}{unit}" for amount, unit in parts if amount)
    return shown or f"{whole}s"
