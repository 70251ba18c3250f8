"""SQLite persistence: the schema, the seed catalogue and serialised transactions.

One connection is shared by every waitress thread and the fulfilment worker; a lock
serialises transactions, which is plenty for a test shop and rules out "database is
locked" surprises.

Example::

    store = Store("/tmp/shop.db")
    with store.transaction() as db:
        db.execute("UPDATE products SET stock = 5 WHERE sku = ?", ("tea",))
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SCHEMA = """
CREATE TABLE IF NOT EXISTS products (
    sku TEXT PRIMARY KEY, name TEXT NOT NULL,
    price_cents INTEGER NOT NULL, stock INTEGER NOT NULL,
    listed INTEGER NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS customers (
    id INTEGER PRIMARY KEY, username TEXT UNIQUE NOT NULL, password_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
    token_hash TEXT PRIMARY KEY, customer_id INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS basket_items (
    customer_id INTEGER NOT NULL, sku TEXT NOT NULL, quantity INTEGER NOT NULL,
    PRIMARY KEY (customer_id, sku));
CREATE TABLE IF NOT EXISTS orders (
    id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, status TEXT NOT NULL,
    total_cents INTEGER NOT NULL, placed_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS order_lines (
    order_id INTEGER NOT NULL, sku TEXT NOT NULL, name TEXT NOT NULL,
    quantity INTEGER NOT NULL, price_cents INTEGER NOT NULL,
    PRIMARY KEY (order_id, sku));
CREATE INDEX IF NOT EXISTS orders_by_status ON orders (status, placed_at);
"""

SEED_PRODUCTS = [
    ("apple", "Apple", 50, 100),
    ("banana", "Banana", 30, 100),
    ("coffee", "Coffee beans", 1299, 20),
    ("tea", "Green tea", 499, 20),
]

# 2: products carry `listed`; an unlisted product is sold only to whoever knows its sku.
SCHEMA_VERSION = 2


class Store:
    """The shop's database; create it once per process and share it."""

    def __init__(self, path: str) -> None:
        # Autocommit mode, so transaction() alone decides where transactions begin.
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._migrate()

    def _migrate(self) -> None:
        # executescript commits on its own, so the schema is made outside transaction();
        # user_version tells a brand-new database (to seed) from an existing one.
        with self._lock:
            self._db.executescript(SCHEMA)
            (version,) = self._db.execute("PRAGMA user_version").fetchone()
            if version == SCHEMA_VERSION:
                return
            with self.transaction() as db:
                if version == 0:
                    db.executemany(
                        "INSERT OR IGNORE INTO products (sku, name, price_cents, stock)"
                        " VALUES (?, ?, ?, ?)",
                        SEED_PRODUCTS,
                    )
                else:
                    # A version 1 database predates `listed`: all its products were public.
                    db.execute("ALTER TABLE products ADD COLUMN listed INTEGER NOT NULL DEFAULT 1")
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run a block as one transaction: committed on success, rolled back on error."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()
