"""The shop DSL: verbs scenarios use, with aliases, cleanup and the assertions of the domain.

    >>> customers = Customers(lambda: ApiShop(http))
    >>> shop = Shop(customers, ApiBackOffice(http, token), aliases=Aliases(), cleanup=Cleanup())
    >>> shop.sell(product="mug", price="7.50", stock=5)       # the system sees "mug-k3f9x2ab"
    >>> shop.ensure_logged_in(customer="erin")
    >>> shop.add_to_basket(customer="erin", product="mug", quantity=2)
    >>> shop.confirm_basket(product="mug", quantity=2, total="15.00")  # erin's, named last

Every name a scenario gives (customers, products) is an alias, made unique per test so
scenarios can share one system. Each customer acts through a channel of their own
(:class:`~dsl.customers.Customers`): a verb given ``customer=`` acts as that customer, one
without speaks of the customer the scenario last named. Everything created is registered
for cleanup at the end of the scenario. Assertions (``confirm_*``) say what was expected
and what was seen.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from drivers import BackOffice, Basket, BasketLine, Order, Outcome, ShopChannel
from dsl.customers import Customers
from greenlight import (
    Aliases,
    Cleanup,
    eventually,
    money,
    one_of,
    show_money,
    table_rows,
    verb,
    whole_number,
)

Expectation = Literal["accepted", "refused"]
EXPECTATIONS = ("accepted", "refused")


class Shop:
    aliased_params = ("customer", "product")

    def __init__(
        self,
        customers: Customers,
        back_office: BackOffice,
        *,
        aliases: Aliases,
        cleanup: Cleanup,
        wait_timeout: float = 10.0,
    ) -> None:
        self.customers = customers
        self.back_office = back_office
        self.aliases = aliases
        self.cleanup = cleanup
        self.wait_timeout = wait_timeout
        self._last: Outcome | None = None
        self._catalogue: dict[str, tuple[int, int]] = {}
        self._picked: str | None = None
        # What each customer put in their basket (real SKUs), and the order their last
        # checkout placed: what their own session must show, whoever else is shopping.
        self._added: dict[str, set[str]] = {}
        self._orders: dict[str, int] = {}

    # -- catalogue -------------------------------------------------------------------
    @verb
    def sell(self, *, product: str, price: str, stock: int | str, listed: bool = True) -> None:
        """Put a product of this test's own in the catalogue (removed again at the end).

        ``listed=False`` sells it only to whoever knows it, missing from the catalogue
        everyone browses: in production no real customer is offered the test's product.
        """
        sku = self.aliases.real(product)
        with self._in_flight(f"delete product {self.aliases.shown(product)}", "product", sku):
            self.back_office.create_product(
                sku,
                product.title(),
                money("price", price),
                whole_number("stock", stock),
                listed=listed,
            )
        self.cleanup.add(
            f"delete product {self.aliases.shown(product)}",
            lambda: self.back_office.delete_product(sku),
        )

    @verb
    def sell_all(self, *, rows: list[list[str]]) -> None:
        for row in table_rows("products", rows, ("product", "price", "stock")):
            self.sell(product=row["product"], price=row["price"], stock=row["stock"])

    @verb
    def browse_catalogue(self) -> None:
        self._catalogue = {p.sku: (p.price_cents, p.stock) for p in self._channel().catalogue()}

    @verb
    def restock(self, *, product: str, stock: int | str) -> None:
        self.back_office.set_stock(self.aliases.real(product), whole_number("stock", stock))

    @verb
    def sell_out(self, *, product: str) -> None:
        self.back_office.set_stock(self.aliases.real(product), 0)

    @verb
    def confirm_in_stock(self, *, at_least: int | str) -> None:
        wanted = whole_number("at_least", at_least, minimum=1)
        in_stock = [sku for sku, (_, stock) in self._catalogue.items() if stock > 0]
        assert len(in_stock) >= wanted, (
            f"expected at least {wanted} product(s) in stock, saw {self._catalogue}"
        )

    @verb
    def confirm_listed(self, *, product: str, price: str, stock: int | str) -> None:
        sku = self.aliases.real(product)
        assert sku in self._catalogue, (
            f"{self.aliases.shown(product)} is not in the catalogue: {sorted(self._catalogue)}"
        )
        seen_price, seen_stock = self._catalogue[sku]
        expected = (money("price", price), whole_number("stock", stock))
        assert (seen_price, seen_stock) == expected, (
            f"{self.aliases.shown(product)}: expected {price} with {stock} in stock, "
            f"saw {show_money(seen_price)} with {seen_stock}"
        )

    @verb
    def confirm_not_offered(self, *, product: str) -> None:
        """The catalogue browsed last does not offer this product at all."""
        sku = self.aliases.real(product)
        assert sku not in self._catalogue, (
            f"{self.aliases.shown(product)} should not be offered, yet the catalogue lists it"
        )

    @verb
    def confirm_stock(self, *, product: str, stock: int | str) -> None:
        sku = self.aliases.real(product)
        listed = {p.sku: p.stock for p in self._channel().catalogue()}
        expected = whole_number("stock", stock)
        assert listed.get(sku) == expected, (
            f"{self.aliases.shown(product)}: expected {expected} in stock, saw {listed.get(sku)}"
        )

    # -- accounts ----------------------------------------------------------------------
    @verb
    def register(self, *, customer: str, password: str, expect: Expectation | None = None) -> None:
        """Register; ``expect`` judges the outcome at once, otherwise a ``confirm_*`` does later."""
        name = self.aliases.real(customer)
        with self._in_flight(f"delete customer {self.aliases.shown(customer)}", "customer", name):
            self._last = self._channel(customer).register(name, password)
        if self._last.accepted:
            self.cleanup.add(
                f"delete customer {self.aliases.shown(customer)}",
                lambda: self.back_office.delete_customer(name),
            )
        self._confirm_expected("registration", expect)

    @contextmanager
    def _in_flight(self, description: str, kind: str, name: str) -> Iterator[None]:
        """A creation interrupted mid-request (Ctrl-C, SIGTERM, a timeout) may still have
        happened on the shop's side: its cleanup then deletes it if it is there."""
        try:
            yield
        except BaseException:
            self.cleanup.add(f"{description} if it was created", lambda: self._delete(kind, name))
            raise

    def _delete(self, kind: str, name: str) -> None:
        # The interrupted request may still be on its way through the shop: look again
        # until it has had its time, so a creation that lands late is removed too.
        deadline = time.monotonic() + self.wait_timeout
        while True:
            if kind == "customer" and name in self.back_office.customers(name):
                self.back_office.delete_customer(name)
                return
            if kind == "product" and name in self.back_office.products(name):
                self.back_office.delete_product(name)
                return
            if time.monotonic() >= deadline:
                return
            time.sleep(0.5)

    @verb
    def log_in(self, *, customer: str, password: str, expect: Expectation | None = None) -> None:
        self._last = self._channel(customer).log_in(self.aliases.real(customer), password)
        self._confirm_expected("login", expect)

    @verb
    def ensure_logged_in(self, *, customer: str, password: str = "open-sesame") -> None:
        self.register(customer=customer, password=password, expect="accepted")
        self.log_in(customer=customer, password=password, expect="accepted")

    @verb
    def confirm_logged_in(self, *, customer: str) -> None:
        assert self._last is not None and self._last.accepted, (
            f"{self.aliases.shown(customer)} is not logged in: {self._last}"
        )
        self._channel(customer).basket()  # only a logged-in customer has a basket to see

    @verb
    def confirm_refused(self, *, reason: str) -> None:
        assert self._last is not None, "nothing was attempted, so nothing was refused"
        assert not self._last.accepted, (
            f"expected a refusal mentioning {reason!r}, but it was accepted"
        )
        assert reason.lower() in self._last.reason.lower(), (
            f"expected a refusal mentioning {reason!r}, saw {self._last.reason!r}"
        )

    # -- basket ------------------------------------------------------------------------
    @verb
    def add_to_basket(self, *, customer: str, product: str, quantity: int | str = 1) -> None:
        sku = self.aliases.real(product)
        self._last = self._channel(customer).add_to_basket(
            sku, whole_number("quantity", quantity, minimum=1)
        )
        if self._last.accepted:
            self._added.setdefault(customer, set()).add(sku)

    @verb
    def add_all_to_basket(self, *, customer: str, rows: list[list[str]]) -> None:
        for row in table_rows("basket lines", rows, ("product", "quantity")):
            self.add_to_basket(customer=customer, product=row["product"], quantity=row["quantity"])
            assert self._last is not None and self._last.accepted, (
                f"adding {row} was refused: {self._last}"
            )

    @verb
    def add_first_in_stock(self, *, customer: str, quantity: int | str = 1) -> None:
        wanted = whole_number("quantity", quantity, minimum=1)
        channel = self._channel(customer)
        in_stock = [p.sku for p in channel.catalogue() if p.stock >= wanted]
        assert in_stock, f"no product has {wanted} in stock"
        self._picked = in_stock[0]
        self._last = channel.add_to_basket(self._picked, wanted)
        assert self._last.accepted, f"adding {self._picked} was refused: {self._last.reason}"
        self._added.setdefault(customer, set()).add(self._picked)

    @verb
    def remove_picked(self, *, customer: str) -> None:
        assert self._picked is not None, "no product was picked earlier in this scenario"
        self._channel(customer).remove_from_basket(self._picked)

    @verb
    def confirm_basket_empty(self) -> None:
        basket = self._channel().basket()
        assert not basket.lines, f"expected an empty basket, saw {self._show_basket(basket)}"

    @verb
    def confirm_basket(
        self, *, product: str, quantity: int | str, total: str, customer: str | None = None
    ) -> None:
        basket = self._channel(customer).basket()
        expected = (whole_number("quantity", quantity), money("total", total))
        seen = (basket.quantity_of(self.aliases.real(product)), basket.total_cents)
        assert seen == expected, (
            f"expected {quantity} {self.aliases.shown(product)} for {total}, saw {self._show_basket(basket)}"
        )

    @verb
    def confirm_own_baskets(self) -> None:
        """Each customer's basket holds only products that customer added, nobody else's."""
        shopping = self.customers.each()
        assert shopping, "no customer has been named in this scenario"
        for customer, channel in shopping:
            basket = channel.basket()
            foreign = {line.sku for line in basket.lines} - self._added.get(customer, set())
            assert not foreign, (
                f"{self.aliases.shown(customer)} never added "
                f"{', '.join(sorted(self.aliases.alias_of(sku) for sku in foreign))}, "
                f"yet their basket holds {self._show_basket(basket)}"
            )

    @verb
    def confirm_basket_total(self, *, total: str) -> None:
        basket = self._channel().basket()
        assert basket.total_cents == money("total", total), (
            f"expected a total of {total}, saw {self._show_basket(basket)}"
        )

    # -- orders ------------------------------------------------------------------------
    @verb
    def check_out(self, *, customer: str) -> None:
        self._last = self._channel(customer).check_out()
        # A refused checkout placed nothing: the customer's earlier order is not "the order".
        self._orders.pop(customer, None)
        if self._last.accepted and self._last.order_id is not None:
            order_id = self._last.order_id
            self._orders[customer] = order_id
            self.cleanup.add(
                f"cancel order {order_id}", lambda: self.back_office.cancel_order(order_id)
            )

    @verb
    def cancel_order(self, *, customer: str) -> None:
        """The customer cancels the order their last checkout placed, through their channel."""
        channel, order_id = self._placed_order_id(customer)
        self._last = channel.cancel_order(order_id)
        assert self._last.accepted, f"cancelling order {order_id} was refused: {self._last.reason}"

    @verb
    def confirm_cancelled(self) -> None:
        order = self._placed_order()
        assert order.status == "cancelled", (
            f"order {order.order_id}: expected it cancelled, saw it {order.status}"
        )

    @verb
    def confirm_order(self, *, total: str) -> None:
        order = self._placed_order()
        assert order.total_cents == money("total", total), (
            f"order {order.order_id}: expected a total of {total}, saw {show_money(order.total_cents)}"
        )

    @verb
    def confirm_ordered(
        self, *, customer: str, product: str, quantity: int | str, total: str
    ) -> None:
        """The customer's order holds this product alone: nothing of another's basket."""
        order = self._placed_order(customer)
        expected = (
            ((self.aliases.real(product), whole_number("quantity", quantity)),),
            money("total", total),
        )
        seen = (tuple((line.sku, line.quantity) for line in order.lines), order.total_cents)
        assert seen == expected, (
            f"order {order.order_id} of {self.aliases.shown(customer)}: expected {quantity} "
            f"{self.aliases.shown(product)} for {total}, saw {self._show_lines(order.lines)} "
            f"for {show_money(order.total_cents)}"
        )

    @verb
    def confirm_dispatched(self) -> None:
        channel, order_id = self._placed_order_id()
        eventually(
            lambda: channel.order(order_id).status,
            until=lambda status: status == "dispatched",
            awaiting=f"order {order_id} to be dispatched",
            timeout=self.wait_timeout,
        )

    # -- operations --------------------------------------------------------------------
    @verb
    def confirm_healthy(self) -> None:
        health = self.back_office.health()
        assert health.status == "ok", (
            f"the shop reports status {health.status!r} (version {health.version})"
        )

    @verb
    def confirm_version_shown(self) -> None:
        reported = self.back_office.health().version
        shown = self._channel().version()
        assert shown == reported, (
            f"the shop shows version {shown!r} but its health endpoint reports {reported!r}"
        )

    # -- helpers -----------------------------------------------------------------------
    def _channel(self, customer: str | None = None) -> ShopChannel:
        """The customer's own channel; without one, that of the customer last named."""
        return self.customers.channel(customer)

    def _placed_order_id(self, customer: str | None = None) -> tuple[ShopChannel, int]:
        """The channel of the customer (default: the one last named) and their last order."""
        channel = self._channel(customer)
        shopper = self.customers.current()
        order_id = self._orders.get(shopper) if shopper is not None else None
        assert order_id is not None, (
            f"{self.aliases.shown(shopper) if shopper else 'nobody'} placed no order: {self._last}"
        )
        return channel, order_id

    def _placed_order(self, customer: str | None = None) -> Order:
        channel, order_id = self._placed_order_id(customer)
        return channel.order(order_id)

    def _confirm_expected(self, what: str, expect: Expectation | None) -> None:
        if expect is None:
            return
        one_of("expect", expect, EXPECTATIONS)
        assert self._last is not None
        if expect == "accepted":
            assert self._last.accepted, f"{what} was refused: {self._last.reason}"
        else:
            assert not self._last.accepted, f"{what} was accepted, expected a refusal"

    def _show_basket(self, basket: Basket) -> str:
        if not basket.lines:
            return "an empty basket"
        return f"{self._show_lines(basket.lines)} for {show_money(basket.total_cents)}"

    def _show_lines(self, lines: tuple[BasketLine, ...]) -> str:
        if not lines:
            return "nothing"
        return ", ".join(f"{line.quantity} {self.aliases.alias_of(line.sku)}" for line in lines)
