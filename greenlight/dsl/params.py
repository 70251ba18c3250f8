"""Checking DSL parameters: plain values in, clear messages out.

DSL verbs take keyword-only arguments and turn them into plain values before any
driver is called, so a typo in a feature file fails with a sentence, not a stack trace
from deep inside a driver::

    >>> one_of("expect", "maybe", ("accepted", "refused"))
    Traceback (most recent call last):
    ValueError: expect must be one of: accepted, refused (got 'maybe')
    >>> money("price", "12.99")
    1299
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TypeVar

T = TypeVar("T")


def one_of(name: str, value: T, allowed: Iterable[T]) -> T:
    """``value`` if it is one of ``allowed``, else a ValueError naming ``name`` and the choices."""
    choices = list(allowed)
    if value not in choices:
        listed = ", ".join(str(choice) for choice in choices)
        raise ValueError(f"{name} must be one of: {listed} (got {value!r})")
    return value


def whole_number(name: str, value: int | str, *, minimum: int = 0) -> int:
    """``value`` (``"3"`` or 3) as an int of at least ``minimum``, else a ValueError naming ``name``."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a whole number (got {value!r})") from None
    if number < minimum:
        raise ValueError(f"{name} must be at least {minimum} (got {number})")
    return number


def money(name: str, value: str | int | Decimal) -> int:
    """An amount like ``"12.99"`` as whole cents."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{name} must be an amount like 12.99 (got {value!r})") from None
    cents = amount * 100
    if amount < 0 or cents != cents.to_integral_value():
        raise ValueError(
            f"{name} must be a positive amount with at most two decimals (got {value!r})"
        )
    return int(cents)


def show_money(cents: int) -> str:
    """Whole cents as an amount: ``show_money(1299) == "12.99"`` (the inverse of :func:`money`)."""
    return f"{Decimal(cents) / 100:.2f}"


def table_rows(name: str, table: list[list[str]], columns: tuple[str, ...]) -> list[dict[str, str]]:
    """A Gherkin data table (header row first) as dicts, checking the header names ``columns``."""
    if not table:
        raise ValueError(f"{name} must be a table with a header row: | {' | '.join(columns)} |")
    header = [cell.strip() for cell in table[0]]
    missing = [column for column in columns if column not in header]
    if missing:
        raise ValueError(
            f"{name} is missing column(s) {', '.join(missing)} (header: | {' | '.join(header)} |)"
        )
    return [dict(zip(header, (cell.strip() for cell in row), strict=True)) for row in table[1:]]
