"""What the shop can be asked, whatever the channel: the drivers' shared interface.

    def test_catalogue(shop: ShopChannel) -> None:
        assert any(product.stock > 0 for product in shop.catalogue())

A refusal the shop is allowed to give (a wrong password, too few in stock) comes back
as an :class:`Outcome`; anything else unexpected is raised by the driver, never hidden.
Money is in whole cents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    price_cents: int
    stock: int


@dataclass(frozen=True)
class BasketLine:
    sku: str
    quantity: int


@dataclass(frozen=True)
class Basket:
    lines: tuple[BasketLine, ...]
    total_cents: int

    def quantity_of(self, sku: str) -> int:
        return sum(line.quantity for line in self.lines if line.sku == sku)


@dataclass(frozen=True)
class Order:
    order_id: int
    status: str
    total_cents: int
    lines: tuple[BasketLine, ...]


@dataclass(frozen=True)
class Outcome:
    accepted: bool
    reason: str = ""
    order_id: int | None = None


@dataclass(frozen=True)
class LeftOrder:
    """An order as the back office lists it: whose it is and whether it is still open."""

    order_id: int
    customer: str
    cancelled: bool


@dataclass(frozen=True)
class Health:
    status: str
    version: str


class ShopChannel(Protocol):
    """A customer's journeys through one channel (API or web UI)."""

    def catalogue(self) -> tuple[Product, ...]: ...

    def register(self, username: str, password: str) -> Outcome: ...

    def log_in(self, username: str, password: str) -> Outcome: ...

    def add_to_basket(self, sku: str, quantity: int) -> Outcome: ...

    def remove_from_basket(self, sku: str) -> None: ...

    def basket(self) -> Basket: ...

    def check_out(self) -> Outcome: ...

    def order(self, order_id: int) -> Order: ...

    def cancel_order(self, order_id: int) -> Outcome: ...

    def version(self) -> str: ...


class BackOffice(Protocol):
    """The operator's side: catalogue upkeep, health and cleanup. Reached through the API."""

    def health(self) -> Health: ...

    def create_product(
        self, sku: str, name: str, price_cents: int, stock: int, *, listed: bool = True
    ) -> None:
        """``listed=False``: sold to whoever knows the sku, missing from the public catalogue."""
        ...

    def set_stock(self, sku: str, stock: int) -> None: ...

    def delete_product(self, sku: str) -> None: ...

    def delete_customer(self, username: str) -> None: ...

    def cancel_order(self, order_id: int) -> None: ...

    def customers(self, prefix: str) -> tuple[str, ...]: ...

    def products(self, prefix: str) -> tuple[str, ...]: ...

    def orders(self, prefix: str) -> tuple[LeftOrder, ...]:
        """The orders of customers whose names start with ``prefix``."""
        ...
