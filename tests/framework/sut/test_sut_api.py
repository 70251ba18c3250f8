"""The JSON API through Flask's test client."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

MakeClient = Callable[..., FlaskClient]
LogIn = Callable[..., dict[str, str]]


def test_health_reports_the_version(client: FlaskClient) -> None:
    body = client.get("/health").json
    assert body is not None
    assert body["status"] == "ok" and body["version"] == "1.0.0"


def test_catalogue_is_seeded_and_sorted(client: FlaskClient) -> None:
    body = client.get("/api/products").json
    assert body is not None
    assert [p["sku"] for p in body["products"]] == ["apple", "banana", "coffee", "tea"]
    assert client.get("/api/products/coffee").json == {
        "sku": "coffee",
        "name": "Coffee beans",
        "price_cents": 1299,
        "stock": 20,
        "listed": True,
    }


@pytest.mark.parametrize(
    ("username", "password", "status"),
    [("ada", "pw12", 409), ("a b", "pw12", 400), ("bob", "pw", 400), ("bob", "pw12", 201)],
)
def test_registration_rules(client: FlaskClient, username: str, password: str, status: int) -> None:
    client.post("/api/customers", json={"username": "ada", "password": "pw12"})
    answer = client.post("/api/customers", json={"username": username, "password": password})
    assert answer.status_code == status


def test_wrong_password_is_refused(client: FlaskClient) -> None:
    client.post("/api/customers", json={"username": "ada", "password": "pw12"})
    wrong = client.post("/api/login", json={"username": "ada", "password": "nope"})
    assert (wrong.status_code, wrong.json) == (401, {"error": "wrong username or password"})


def test_order_total_and_stock(client: FlaskClient, log_in: LogIn) -> None:
    auth = log_in(client)
    client.post("/api/basket/items", json={"sku": "tea", "quantity": 2}, headers=auth)
    client.post("/api/basket/items", json={"sku": "apple"}, headers=auth)
    placed = client.post("/api/orders", headers=auth)
    assert placed.status_code == 201 and placed.json is not None
    assert placed.json["total_cents"] == 2 * 499 + 50
    assert placed.json["status"] == "placed" and placed.json["customer"] == "ada"
    assert client.get("/api/products/tea").json == {
        "sku": "tea",
        "name": "Green tea",
        "price_cents": 499,
        "stock": 18,
        "listed": True,
    }
    basket = client.get("/api/basket", headers=auth).json
    assert basket == {"items": [], "total_cents": 0}
    assert client.post("/api/orders", headers=auth).status_code == 400


def test_adding_beyond_stock_is_refused(client: FlaskClient, log_in: LogIn) -> None:
    auth = log_in(client)
    client.post("/api/basket/items", json={"sku": "coffee", "quantity": 15}, headers=auth)
    refused = client.post("/api/basket/items", json={"sku": "coffee", "quantity": 6}, headers=auth)
    assert (refused.status_code, refused.json) == (409, {"error": "only 20 in stock"})
    bad = client.post("/api/basket/items", json={"sku": "coffee", "quantity": 0}, headers=auth)
    assert bad.status_code == 400
    assert client.post("/api/basket/items", json={"sku": "x"}, headers=auth).status_code == 404


def test_stock_taken_away_after_adding_blocks_the_order(
    client: FlaskClient, log_in: LogIn, admin: dict[str, str]
) -> None:
    auth = log_in(client)
    client.post("/api/basket/items", json={"sku": "tea", "quantity": 5}, headers=auth)
    client.put("/api/admin/products/tea/stock", json={"stock": 3}, headers=admin)
    assert client.post("/api/orders", headers=auth).status_code == 409


def test_wrong_total_fault_adds_a_cent(make_client: MakeClient, log_in: LogIn) -> None:
    client = make_client("wrong-total")
    auth = log_in(client)
    client.post("/api/basket/items", json={"sku": "coffee"}, headers=auth)
    order = client.post("/api/orders", headers=auth).json
    assert order is not None
    assert order["total_cents"] == 1300
    assert sum(line["line_cents"] for line in order["items"]) == 1299


def test_checkout_error_fault_answers_500_and_counts_an_error(
    make_client: MakeClient, log_in: LogIn
) -> None:
    client = make_client("checkout-error")
    auth = log_in(client)
    client.post("/api/basket/items", json={"sku": "tea"}, headers=auth)
    assert client.post("/api/orders", headers=auth).status_code == 500
    assert "shop_errors_total 1.0" in client.get("/metrics").text
    basket = client.get("/api/basket", headers=auth).json
    assert basket is not None and basket["total_cents"] == 499


def test_admin_endpoints_refuse_without_the_token(make_client: MakeClient) -> None:
    client = make_client()
    assert client.get("/api/admin/customers").status_code == 403
    wrong = {"Authorization": "Bearer guess"}
    assert client.delete("/api/admin/products/tea", headers=wrong).status_code == 403
    unset = make_client(admin_token=None)
    assert (
        unset.get("/api/admin/customers", headers={"Authorization": "Bearer "}).status_code == 403
    )


def test_admin_cleanup_restores_stock(
    client: FlaskClient, log_in: LogIn, admin: dict[str, str]
) -> None:
    auth = log_in(client, "run42-ada")
    client.post("/api/basket/items", json={"sku": "tea", "quantity": 4}, headers=auth)
    client.post("/api/orders", headers=auth)
    assert client.get("/api/admin/customers?prefix=run42-", headers=admin).json == {
        "customers": ["run42-ada"]
    }
    assert client.delete("/api/admin/customers/run42-ada", headers=admin).status_code == 204
    product = client.get("/api/products/tea").json
    assert product is not None and product["stock"] == 20
    assert client.delete("/api/admin/customers/run42-ada", headers=admin).status_code == 404


def test_fulfilment_dispatches_placed_orders(make_client: MakeClient, log_in: LogIn) -> None:
    client = make_client(fulfil_delay=0.05)
    auth = log_in(client)
    client.post("/api/basket/items", json={"sku": "apple"}, headers=auth)
    order = client.post("/api/orders", headers=auth).json
    assert order is not None
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        current = client.get(f"/api/orders/{order['id']}", headers=auth).json
        if current is not None and current["status"] == "dispatched":
            break
        time.sleep(0.05)
    assert current is not None and current["status"] == "dispatched"


def test_metrics_names(client: FlaskClient) -> None:
    client.get("/api/orders/7")
    response = client.get("/metrics")
    assert response.content_type.startswith("text/plain")
    for name in (
        "http_requests_total",
        "http_request_duration_seconds_bucket",
        "shop_process_resident_memory_bytes",
        "orders_placed_total",
        "orders_cancelled_total",
        "customers_registered_total",
        "basket_additions_total",
        "fulfilment_queue_depth",
        "shop_errors_total",
    ):
        assert f"\n{name}" in response.text, name
    assert 'route="/api/orders/<int:order_id>"' in response.text
    assert 'le="0.3"' in response.text


def test_business_counters_count_marked_requests_apart(client: FlaskClient) -> None:
    marked = {"X-Greenlight-Synthetic": "1"}
    client.post("/api/customers", json={"username": "real-one", "password": "pw-12345678"})
    client.post(
        "/api/customers", json={"username": "smoke-one", "password": "pw-12345678"}, headers=marked
    )
    client.post(
        "/api/customers", json={"username": "smoke-two", "password": "pw-12345678"}, headers=marked
    )
    text = client.get("/metrics").get_data(as_text=True)
    assert 'customers_registered_total{traffic="real"} 1.0' in text
    assert 'customers_registered_total{traffic="synthetic"} 2.0' in text
    assert 'orders_placed_total{traffic="real"} 0.0' in text  # both series, from the start
