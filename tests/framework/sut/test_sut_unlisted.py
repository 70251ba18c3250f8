"""Unlisted products and the admin's order listing: what a synthetic purchase in production needs.

An unlisted product is missing from every public listing (API and pages) yet can be
bought by whoever knows its sku, so a smoke run can buy something of its own without
real customers ever being offered it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from flask.testing import FlaskClient

from sut.model import Product
from sut.store import SCHEMA_VERSION, Store

LogIn = Callable[..., dict[str, str]]

PROBE = {"sku": "probe-kit", "name": "Probe kit", "price_cents": 250, "stock": 3, "listed": False}


def test_an_unlisted_product_is_in_no_public_listing_but_the_admins(
    client: FlaskClient, admin: dict[str, str]
) -> None:
    created = client.post("/api/admin/products", json=PROBE, headers=admin)
    assert (created.status_code, created.json) == (201, PROBE)
    public = client.get("/api/products").json
    assert public is not None
    assert "probe-kit" not in [p["sku"] for p in public["products"]]
    assert 'data-testid="product-probe-kit"' not in client.get("/").text
    listed = client.get("/api/admin/products", query_string={"prefix": "probe"}, headers=admin).json
    assert listed == {"products": [PROBE]}
    assert client.get("/api/products/probe-kit").json == PROBE


def test_products_are_listed_unless_the_admin_says_otherwise(
    client: FlaskClient, admin: dict[str, str]
) -> None:
    plain = {"sku": "cake", "name": "Cake", "price_cents": 350, "stock": 5}
    assert client.post("/api/admin/products", json=plain, headers=admin).json == {
        **plain,
        "listed": True,
    }
    public = client.get("/api/products").json
    assert public is not None and "cake" in [p["sku"] for p in public["products"]]
    refused = client.post(
        "/api/admin/products", json={**PROBE, "sku": "odd", "listed": "no"}, headers=admin
    )
    assert (refused.status_code, refused.json) == (400, {"error": "listed must be true or false"})


def test_an_unlisted_product_is_bought_by_sku_and_its_stock_comes_back_on_cancel(
    client: FlaskClient, admin: dict[str, str], log_in: LogIn
) -> None:
    client.post("/api/admin/products", json=PROBE, headers=admin)
    auth = log_in(client, "gl-smoke-sam")
    client.post("/api/basket/items", json={"sku": "probe-kit", "quantity": 2}, headers=auth)
    placed = client.post("/api/orders", headers=auth).json
    assert placed is not None and placed["total_cents"] == 500
    cancelled = client.post(f"/api/orders/{placed['id']}/cancel", headers=auth).json
    assert cancelled is not None and cancelled["status"] == "cancelled"
    product = client.get("/api/products/probe-kit").json
    assert product is not None and product["stock"] == 3


def test_an_unlisted_product_has_a_page_of_its_own_to_buy_it_from(
    client: FlaskClient, admin: dict[str, str]
) -> None:
    client.post("/api/admin/products", json=PROBE, headers=admin)
    page = client.get("/products/probe-kit").text
    for test_id in ('data-testid="add-probe-kit"', 'data-testid="quantity-probe-kit"'):
        assert test_id in page
    assert 'data-testid="product-price">2.50<' in page
    missing = client.get("/products/nothing-here")
    assert missing.status_code == 404 and 'data-testid="error">no product' in missing.text


def test_the_admin_lists_orders_by_customer_prefix_in_any_status(
    client: FlaskClient, admin: dict[str, str], log_in: LogIn
) -> None:
    def order_tea(username: str) -> int:
        auth = log_in(client, username)
        client.post("/api/basket/items", json={"sku": "tea"}, headers=auth)
        body = client.post("/api/orders", headers=auth).json
        assert body is not None
        return int(body["id"])

    ours, theirs = order_tea("gl-smoke-sam"), order_tea("real-ada")
    client.post(f"/api/orders/{ours}/cancel", headers=admin)
    listed = client.get("/api/admin/orders", query_string={"prefix": "gl-smoke-"}, headers=admin)
    assert listed.json is not None
    assert [(o["id"], o["status"], o["customer"]) for o in listed.json["orders"]] == [
        (ours, "cancelled", "gl-smoke-sam")
    ]
    everyone = client.get("/api/admin/orders", headers=admin).json
    assert everyone is not None and [o["id"] for o in everyone["orders"]] == [ours, theirs]
    assert client.get("/api/admin/orders").status_code == 403


def test_a_database_from_before_unlisted_products_keeps_them_all_listed(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE products (sku TEXT PRIMARY KEY, name TEXT NOT NULL,"
        " price_cents INTEGER NOT NULL, stock INTEGER NOT NULL);"
        "INSERT INTO products VALUES ('tea', 'Green tea', 499, 7);"
        "PRAGMA user_version = 1;"
    )
    old.close()
    store = Store(str(path))
    try:
        with store.transaction() as db:
            row = db.execute("SELECT * FROM products").fetchone()
            (version,) = db.execute("PRAGMA user_version").fetchone()
        assert Product(*row) == Product("tea", "Green tea", 499, 7, True)
        assert version == SCHEMA_VERSION
    finally:
        store.close()
