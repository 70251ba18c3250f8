"""The shop's web UI channel: Playwright on the server-rendered pages, by ``data-testid``.

    >>> shop = UiShop(page, "http://127.0.0.1:8000", env_name="local")
    >>> shop.add_to_basket("apple", 2).accepted
    True

The driver receives its page; pytest-playwright owns the browser and context.
"""

from __future__ import annotations

from decimal import Decimal

from drivers.interface import Basket, BasketLine, Order, Outcome, Product
from greenlight import PageDriver


class UiShop(PageDriver):
    def catalogue(self) -> tuple[Product, ...]:
        self.visit("/")
        products = []
        for row in (
            self.page.locator("[data-testid^='product-']")
            .filter(has=self.page.get_by_test_id("product-name"))
            .all()
        ):
            sku = (row.get_attribute("data-testid") or "").removeprefix("product-")
            products.append(
                Product(
                    sku=sku,
                    name=row.get_by_test_id("product-name").inner_text().strip(),
                    price_cents=_cents(row.get_by_test_id("product-price").inner_text()),
                    stock=int(row.get_by_test_id("product-stock").inner_text()),
                )
            )
        return tuple(products)

    def register(self, username: str, password: str) -> Outcome:
        self.visit("/register")
        self._fill_credentials(username, password)
        self.page.get_by_test_id("register-submit").click()
        return self._outcome()

    def log_in(self, username: str, password: str) -> Outcome:
        self.visit("/login")
        self._fill_credentials(username, password)
        self.page.get_by_test_id("login-submit").click()
        return self._outcome()

    def add_to_basket(self, sku: str, quantity: int) -> Outcome:
        # From the product's own page, which an unlisted product has too; an unknown
        # sku shows the shop's refusal there (a 404 page the driver reads, not a failure).
        self.visit(f"/products/{sku}", allow_error=(404,))
        if self.page.get_by_test_id("error").count():
            return self._outcome()
        self.page.get_by_test_id(f"quantity-{sku}").fill(str(quantity))
        self.page.get_by_test_id(f"add-{sku}").click()
        return self._outcome()

    def remove_from_basket(self, sku: str) -> None:
        self.visit("/basket")
        self.page.get_by_test_id(f"remove-{sku}").click()
        self.page.get_by_test_id(f"basket-item-{sku}").wait_for(state="detached")

    def basket(self) -> Basket:
        self.visit("/basket")
        lines = []
        for row in self.page.locator("[data-testid^='basket-item-']").all():
            sku = (row.get_attribute("data-testid") or "").removeprefix("basket-item-")
            lines.append(
                BasketLine(sku=sku, quantity=int(row.get_by_test_id("item-quantity").inner_text()))
            )
        if not lines:
            return Basket(lines=(), total_cents=0)
        return Basket(
            lines=tuple(lines),
            total_cents=_cents(self.page.get_by_test_id("basket-total").inner_text()),
        )

    def check_out(self) -> Outcome:
        self.visit("/basket")
        self.page.get_by_test_id("checkout").click()
        outcome = self._outcome()
        if not outcome.accepted:
            return outcome
        return Outcome(
            accepted=True, order_id=int(self.page.get_by_test_id("order-id").inner_text())
        )

    def order(self, order_id: int) -> Order:
        self.visit(f"/orders/{order_id}")
        lines = []
        for row in self.page.locator("[data-testid^='order-item-']").all():
            sku = (row.get_attribute("data-testid") or "").removeprefix("order-item-")
            lines.append(
                BasketLine(sku=sku, quantity=int(row.get_by_test_id("item-quantity").inner_text()))
            )
        return Order(
            order_id=order_id,
            status=self.page.get_by_test_id("order-status").inner_text().strip(),
            total_cents=_cents(self.page.get_by_test_id("order-total").inner_text()),
            lines=tuple(lines),
        )

    def cancel_order(self, order_id: int) -> Outcome:
        self.visit(f"/orders/{order_id}")
        cancel = self.page.get_by_test_id("cancel-order")
        if not cancel.count():
            # The page offers no cancel button for an order that is already cancelled.
            return Outcome(accepted=False, reason=f"order {order_id} is already cancelled")
        cancel.click()
        return self._outcome()

    def version(self) -> str:
        self.visit("/")
        return self.page.get_by_test_id("version").inner_text().strip()

    def _fill_credentials(self, username: str, password: str) -> None:
        self.page.get_by_test_id("username").fill(username)
        self.page.get_by_test_id("password").fill(password)

    def _outcome(self) -> Outcome:
        self.page.wait_for_load_state()
        error = self.page.get_by_test_id("error")
        if error.count():
            return Outcome(accepted=False, reason=error.first.inner_text().strip())
        return Outcome(accepted=True)


def _cents(text: str) -> int:
    return int(Decimal(text.strip().lstrip("$£€")) * 100)
