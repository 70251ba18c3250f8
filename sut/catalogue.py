"""The product catalogue: browsing for everyone, editing for the admin.

Shop builds on this class, so the product rules live in one place for both the API
and the pages.

Example::

    catalogue = Catalogue(Store(path))
    catalogue.add_product("cake", "Cake", 350, 5)
    catalogue.add_product("probe", "Probe", 100, 1, listed=False)
    catalogue.products(prefix="c")   # [Product(sku='cake', ...), Product(sku='coffee', ...)]
    catalogue.products()             # no 'probe': unlisted products are only for the admin
    catalogue.product("probe")       # but anyone with the sku may see and buy it
"""

from __future__ import annotations

import sqlite3

from sut.model import Product, ShopError, check_count, check_flag, check_name, check_sku
from sut.store import Store


class Catalogue:
    def __init__(self, store: Store) -> None:
        self.store = store

    def products(self, prefix: str = "", *, unlisted: bool = False) -> list[Product]:
        """The catalogue in sku order; ``unlisted`` adds the products it does not show."""
        with self.store.transaction() as db:
            rows = db.execute(
                "SELECT * FROM products WHERE substr(sku, 1, ?) = ? AND (listed OR ?) ORDER BY sku",
                (len(prefix), prefix, unlisted),
            ).fetchall()
        return [_product(row) for row in rows]

    def product(self, sku: str) -> Product:
        with self.store.transaction() as db:
            return self._product(db, sku)

    def _product(self, db: sqlite3.Connection, sku: object) -> Product:
        if not isinstance(sku, str):
            raise ShopError(400, "sku must be a string")
        row = db.execute("SELECT * FROM products WHERE sku = ?", (sku,)).fetchone()
        if row is None:
            raise ShopError(404, f"no product {sku!r}")
        return _product(row)

    def add_product(
        self, sku: object, name: object, price_cents: object, stock: object, listed: object = True
    ) -> Product:
        product = Product(
            check_sku(sku),
            check_name(name),
            check_count(price_cents, "price_cents", 0),
            check_count(stock, "stock", 0),
            check_flag(listed, "listed"),
        )
        with self.store.transaction() as db:
            try:
                db.execute(
                    "INSERT INTO products (sku, name, price_cents, stock, listed)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (product.sku, product.name, product.price_cents, product.stock, product.listed),
                )
            except sqlite3.IntegrityError:
                raise ShopError(409, f"product {product.sku!r} already exists") from None
        return product

    def set_stock(self, sku: str, stock: object) -> Product:
        count = check_count(stock, "stock", 0)
        with self.store.transaction() as db:
            self._product(db, sku)
            db.execute("UPDATE products SET stock = ? WHERE sku = ?", (count, sku))
            return self._product(db, sku)

    def delete_product(self, sku: str) -> None:
        """Remove a product and every basket line holding it; past orders keep their lines."""
        with self.store.transaction() as db:
            self._product(db, sku)
            db.execute("DELETE FROM basket_items WHERE sku = ?", (sku,))
            db.execute("DELETE FROM products WHERE sku = ?", (sku,))


def _product(row: sqlite3.Row) -> Product:
    return Product(row["sku"], row["name"], row["price_cents"], row["stock"], bool(row["listed"]))
