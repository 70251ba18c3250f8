"""The shop's values, its one error type, and the checks on what callers send in.

Both the JSON API and the HTML pages get these from the Shop service, so a rule or a
message is written once.

Example::

    >>> basket = Basket(items=[Line("tea", "Green tea", 2, 499, 998)], total_cents=998)
    >>> basket.as_dict()["total_cents"]
    998
    >>> check_username("bad name!")
    Traceback (most recent call last):
    ...
    sut.model.ShopError: username must be 1-64 letters, digits, '-', '_' or '.'
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import asdict, dataclass
from typing import Any

NAME_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,64}")
MIN_PASSWORD = 4

# A test system registers many customers per run; a modest work factor keeps that
# fast while the passwords are still never stored in clear.
PBKDF2_ITERATIONS = 20_000


class ShopError(Exception):
    """A request the shop refuses, with the HTTP status that says why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    price_cents: int
    stock: int
    # An unlisted product is missing from the public catalogue but can be bought by sku:
    # a synthetic purchase in production buys one, so real customers never see it.
    listed: bool = True

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Customer:
    id: int
    username: str


@dataclass(frozen=True)
class Line:
    sku: str
    name: str
    quantity: int
    price_cents: int
    line_cents: int


@dataclass(frozen=True)
class Basket:
    items: list[Line]
    total_cents: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Order:
    id: int
    status: str
    items: list[Line]
    total_cents: int
    customer: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def check_username(value: object) -> str:
    if not isinstance(value, str) or not NAME_PATTERN.fullmatch(value):
        raise ShopError(400, "username must be 1-64 letters, digits, '-', '_' or '.'")
    return value


def check_password(value: object) -> str:
    if not isinstance(value, str) or len(value) < MIN_PASSWORD:
        raise ShopError(400, f"password must be at least {MIN_PASSWORD} characters")
    return value


def check_sku(value: object) -> str:
    if not isinstance(value, str) or not NAME_PATTERN.fullmatch(value):
        raise ShopError(400, "sku must be 1-64 letters, digits, '-', '_' or '.'")
    return value


def check_count(value: object, field: str, minimum: int) -> int:
    """A whole number >= minimum; form fields arrive as text, JSON as numbers."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ShopError(400, f"{field} must be a whole number of at least {minimum}")
    return value


def check_flag(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise ShopError(400, f"{field} must be true or false")
    return value


def check_name(value: object) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise ShopError(400, "name must be 1-200 characters")
    return value.strip()


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, PBKDF2_ITERATIONS)
    return f"pbkdf2_sha256${PBKDF2_ITERATIONS}${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    _, iterations, salt, expected = stored.split("$")
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), int(iterations))
    return hmac.compare_digest(digest.hex(), expected)


def token_digest(token: str) -> str:
    """Tokens are kept as digests, so a copy of the database logs nobody in."""
    return hashlib.sha256(token.encode()).hexdigest()
