"""The shop's business rules, shared by the JSON API and the HTML pages.

Every rule and every refusal message lives here; the blueprints only translate
requests into calls and ShopError into responses.

Example::

    shop = Shop(Store(path), Faults(), Telemetry())
    shop.register("ada", "secret")
    customer = shop.customer_for_token(shop.login("ada", "secret"))
    shop.add_to_basket(customer, "tea", 2)
    order = shop.place_order(customer)   # Order(id=1, status='placed', ...)
"""

from __future__ import annotations

import secrets
import sqlite3
import time

from sut.catalogue import Catalogue
from sut.faults import Faults
from sut.model import (
    Basket,
    Customer,
    Line,
    Order,
    ShopError,
    check_count,
    check_password,
    check_username,
    hash_password,
    password_matches,
    token_digest,
)
from sut.store import Store
from sut.telemetry import Telemetry

LOGIN_FAILED = "wrong username or password"


class Shop(Catalogue):
    """Customers, baskets and orders; the catalogue rules come from Catalogue."""

    def __init__(self, store: Store, faults: Faults, telemetry: Telemetry) -> None:
        super().__init__(store)
        self.faults = faults
        self.telemetry = telemetry

    # Customers

    def register(self, username: object, password: object) -> str:
        name, secret = check_username(username), check_password(password)
        password_hash = hash_password(secret)  # slow on purpose: outside the lock
        with self.store.transaction() as db:
            try:
                db.execute(
                    "INSERT INTO customers (username, password_hash) VALUES (?, ?)",
                    (name, password_hash),
                )
            except sqlite3.IntegrityError:
                raise ShopError(409, f"username {name!r} is taken") from None
        self.telemetry.customers_registered.inc()
        return name

    def login(self, username: object, password: object) -> str:
        with self.store.transaction() as db:
            row = db.execute(
                "SELECT id, password_hash FROM customers WHERE username = ?",
                (username if isinstance(username, str) else "",),
            ).fetchone()
        if row is None or not isinstance(password, str):
            raise ShopError(401, LOGIN_FAILED)
        if not password_matches(password, row["password_hash"]):
            raise ShopError(401, LOGIN_FAILED)
        token = secrets.token_urlsafe(32)
        with self.store.transaction() as db:
            db.execute("INSERT INTO tokens VALUES (?, ?)", (token_digest(token), row["id"]))
        return token

    def customer_for_token(self, token: str) -> Customer | None:
        with self.store.transaction() as db:
            row = db.execute(
                "SELECT c.id, c.username FROM tokens t JOIN customers c ON c.id = t.customer_id"
                " WHERE t.token_hash = ?",
                (token_digest(token),),
            ).fetchone()
        return None if row is None else Customer(row["id"], row["username"])

    # Baskets

    def basket(self, customer: Customer) -> Basket:
        with self.store.transaction() as db:
            return _basket(db, customer.id)

    def add_to_basket(self, customer: Customer, sku: object, quantity: object = 1) -> Basket:
        wanted = check_count(quantity, "quantity", 1)
        with self.store.transaction() as db:
            product = self._product(db, sku)
            row = db.execute(
                "SELECT quantity FROM basket_items WHERE customer_id = ? AND sku = ?",
                (customer.id, product.sku),
            ).fetchone()
            total = wanted + (row["quantity"] if row else 0)
            if total > product.stock:
                raise ShopError(409, f"only {product.stock} in stock")
            db.execute(
                "INSERT OR REPLACE INTO basket_items VALUES (?, ?, ?)",
                (customer.id, product.sku, total),
            )
            basket = _basket(db, customer.id)
        self.telemetry.basket_additions.inc(wanted)
        return basket

    def remove_from_basket(self, customer: Customer, sku: str) -> Basket:
        with self.store.transaction() as db:
            gone = db.execute(
                "DELETE FROM basket_items WHERE customer_id = ? AND sku = ?", (customer.id, sku)
            ).rowcount
            if not gone:
                raise ShopError(404, f"{sku!r} is not in the basket")
            return _basket(db, customer.id)

    # Orders

    def place_order(self, customer: Customer) -> Order:
        if self.faults.checkout_error:
            self.telemetry.error(
                "checkout failed for order by %s (injected fault checkout-error)", customer.username
            )
            raise ShopError(500, "checkout failed, please try again later")
        with self.store.transaction() as db:
            basket = _basket(db, customer.id)
            if not basket.items:
                raise ShopError(400, "the basket is empty")
            for line in basket.items:
                (stock,) = db.execute(
                    "SELECT stock FROM products WHERE sku = ?", (line.sku,)
                ).fetchone()
                if line.quantity > stock:
                    raise ShopError(409, f"only {stock} {line.sku} in stock")
            # The wrong-total fault is invisible to health checks; only a test that
            # adds up the lines catches it.
            total = basket.total_cents + (1 if self.faults.wrong_total else 0)
            order_id = int(
                db.execute(
                    "INSERT INTO orders (customer_id, status, total_cents, placed_at)"
                    " VALUES (?, 'placed', ?, ?)",
                    (customer.id, total, time.time()),
                ).lastrowid
                or 0
            )
            for line in basket.items:
                db.execute(
                    "INSERT INTO order_lines VALUES (?, ?, ?, ?, ?)",
                    (order_id, line.sku, line.name, line.quantity, line.price_cents),
                )
                db.execute(
                    "UPDATE products SET stock = stock - ? WHERE sku = ?", (line.quantity, line.sku)
                )
            db.execute("DELETE FROM basket_items WHERE customer_id = ?", (customer.id,))
            order = _order(db, order_id)
        self.telemetry.orders_placed.inc()
        return order

    def order_for(self, customer: Customer, order_id: int) -> Order:
        """The customer's own order; someone else's is reported as missing."""
        with self.store.transaction() as db:
            return _owned_order(db, order_id, customer)

    def cancel_order(self, order_id: int, customer: Customer | None) -> Order:
        """Cancel in any state but cancelled; customer None means the admin."""
        with self.store.transaction() as db:
            order = _owned_order(db, order_id, customer)
            if order.status == "cancelled":
                raise ShopError(409, f"order {order_id} is already cancelled")
            _cancel(db, order)
            cancelled = _order(db, order_id)
        self.telemetry.orders_cancelled.inc()
        return cancelled

    def dispatch_due(self, min_age_seconds: float) -> int:
        """Dispatch placed orders at least min_age_seconds old; returns how many."""
        with self.store.transaction() as db:
            return db.execute(
                "UPDATE orders SET status = 'dispatched' WHERE status = 'placed'"
                " AND placed_at <= ?",
                (time.time() - min_age_seconds,),
            ).rowcount

    def queue_depth(self) -> int:
        with self.store.transaction() as db:
            (count,) = db.execute("SELECT COUNT(*) FROM orders WHERE status = 'placed'").fetchone()
        return int(count)

    # Admin

    def customers(self, prefix: str = "") -> list[str]:
        with self.store.transaction() as db:
            rows = db.execute(
                "SELECT username FROM customers WHERE substr(username, 1, ?) = ? ORDER BY username",
                (len(prefix), prefix),
            ).fetchall()
        return [row["username"] for row in rows]

    def orders(self, prefix: str = "") -> list[Order]:
        """Every order of the customers whose username starts with ``prefix``."""
        with self.store.transaction() as db:
            ids = [
                row["id"]
                for row in db.execute(
                    "SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id"
                    " WHERE substr(c.username, 1, ?) = ? ORDER BY o.id",
                    (len(prefix), prefix),
                )
            ]
            return [_order(db, order_id) for order_id in ids]

    def delete_customer(self, username: str) -> None:
        """Cancel the customer's open orders (restoring stock), then forget them."""
        with self.store.transaction() as db:
            row = db.execute("SELECT id FROM customers WHERE username = ?", (username,)).fetchone()
            if row is None:
                raise ShopError(404, f"no customer {username!r}")
            ids = [
                r["id"]
                for r in db.execute(
                    "SELECT id FROM orders WHERE customer_id = ? AND status != 'cancelled'",
                    (row["id"],),
                )
            ]
            for order_id in ids:
                _cancel(db, _order(db, order_id))
            db.execute(
                "DELETE FROM order_lines WHERE order_id IN"
                " (SELECT id FROM orders WHERE customer_id = ?)",
                (row["id"],),
            )
            for table in ("orders", "basket_items", "tokens"):
                db.execute(f"DELETE FROM {table} WHERE customer_id = ?", (row["id"],))
            db.execute("DELETE FROM customers WHERE id = ?", (row["id"],))
        self.telemetry.orders_cancelled.inc(len(ids))


def _basket(db: sqlite3.Connection, customer_id: int) -> Basket:
    rows = db.execute(
        "SELECT b.sku, p.name, b.quantity, p.price_cents FROM basket_items b"
        " JOIN products p ON p.sku = b.sku WHERE b.customer_id = ? ORDER BY b.sku",
        (customer_id,),
    ).fetchall()
    items = [_line(row) for row in rows]
    return Basket(items=items, total_cents=sum(line.line_cents for line in items))


def _line(row: sqlite3.Row) -> Line:
    return Line(
        row["sku"],
        row["name"],
        row["quantity"],
        row["price_cents"],
        row["quantity"] * row["price_cents"],
    )


def _order(db: sqlite3.Connection, order_id: int) -> Order:
    row = db.execute(
        "SELECT o.id, o.status, o.total_cents, c.username FROM orders o"
        " JOIN customers c ON c.id = o.customer_id WHERE o.id = ?",
        (order_id,),
    ).fetchone()
    if row is None:
        raise ShopError(404, f"no order {order_id}")
    lines = db.execute(
        "SELECT * FROM order_lines WHERE order_id = ? ORDER BY sku", (order_id,)
    ).fetchall()
    return Order(
        row["id"],
        row["status"],
        [_line(line) for line in lines],
        row["total_cents"],
        row["username"],
    )


def _owned_order(db: sqlite3.Connection, order_id: int, customer: Customer | None) -> Order:
    order = _order(db, order_id)
    if customer is not None and order.customer != customer.username:
        raise ShopError(404, f"no order {order_id}")
    return order


def _cancel(db: sqlite3.Connection, order: Order) -> None:
    # Stock goes back only for products still in the catalogue.
    for line in order.items:
        db.execute("UPDATE products SET stock = stock + ? WHERE sku = ?", (line.quantity, line.sku))
    db.execute("UPDATE orders SET status = 'cancelled' WHERE id = ?", (order.id,))
