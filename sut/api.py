"""The JSON API, plus /health and /metrics.

Views translate HTTP into Shop calls; ShopError becomes `{"error": message}` with its
status.

Example::

    POST /api/login {"username": "ada", "password": "secret"}  -> 200 {"token": "..."}
    POST /api/basket/items {"sku": "tea", "quantity": 2}         -> 200 basket
    POST /api/orders                                             -> 201 order
    POST /api/admin/products {"sku": "probe", ..., "listed": false} -> 201, sold by sku only
"""

from __future__ import annotations

import hmac
import time
from typing import Any

from flask import Blueprint, Response, jsonify, request

from sut.context import services
from sut.model import Customer, ShopError

blueprint = Blueprint("api", __name__)

Json = dict[str, Any]


@blueprint.errorhandler(ShopError)
def _refused(error: ShopError) -> tuple[Response, int]:
    return jsonify(error=error.message), error.status


def _bearer() -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _is_admin() -> bool:
    expected = services().settings.admin_token
    return bool(expected) and hmac.compare_digest(_bearer().encode(), str(expected).encode())


def _require_admin() -> None:
    if not _is_admin():
        raise ShopError(403, "admin token required")


def _customer() -> Customer:
    token = _bearer()
    customer = services().shop.customer_for_token(token) if token else None
    if customer is None:
        raise ShopError(401, "log in first: send 'Authorization: Bearer <token>'")
    return customer


def _body() -> Json:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ShopError(400, "the request body must be a JSON object")
    return body


@blueprint.get("/health")
def health() -> Json:
    s = services()
    return {
        "status": "ok",
        "version": s.settings.version,
        "uptime_seconds": round(time.monotonic() - s.started, 3),
    }


@blueprint.get("/metrics")
def metrics() -> Response:
    body, content_type = services().telemetry.exposition()
    return Response(body, content_type=content_type)


@blueprint.get("/api/products")
def list_products() -> Json:
    return {"products": [p.as_dict() for p in services().shop.products()]}


@blueprint.get("/api/products/<sku>")
def get_product(sku: str) -> Json:
    return services().shop.product(sku).as_dict()


@blueprint.post("/api/customers")
def register() -> tuple[Json, int]:
    body = _body()
    return {"username": services().shop.register(body.get("username"), body.get("password"))}, 201


@blueprint.post("/api/login")
def login() -> Json:
    body = _body()
    return {"token": services().shop.login(body.get("username"), body.get("password"))}


@blueprint.get("/api/basket")
def basket() -> Json:
    return services().shop.basket(_customer()).as_dict()


@blueprint.post("/api/basket/items")
def add_item() -> Json:
    customer, body = _customer(), _body()
    basket = services().shop.add_to_basket(customer, body.get("sku"), body.get("quantity", 1))
    return basket.as_dict()


@blueprint.delete("/api/basket/items/<sku>")
def remove_item(sku: str) -> Json:
    return services().shop.remove_from_basket(_customer(), sku).as_dict()


@blueprint.post("/api/orders")
def place_order() -> tuple[Json, int]:
    return services().shop.place_order(_customer()).as_dict(), 201


@blueprint.get("/api/orders/<int:order_id>")
def get_order(order_id: int) -> Json:
    return services().shop.order_for(_customer(), order_id).as_dict()


@blueprint.post("/api/orders/<int:order_id>/cancel")
def cancel_order(order_id: int) -> Json:
    customer = None if _is_admin() else _customer()
    return services().shop.cancel_order(order_id, customer).as_dict()


@blueprint.post("/api/admin/products")
def admin_add_product() -> tuple[Json, int]:
    _require_admin()
    body = _body()
    product = services().shop.add_product(
        body.get("sku"),
        body.get("name"),
        body.get("price_cents"),
        body.get("stock"),
        body.get("listed", True),
    )
    return product.as_dict(), 201


@blueprint.get("/api/admin/products")
def admin_products() -> Json:
    _require_admin()
    prefix = request.args.get("prefix", "")
    return {"products": [p.as_dict() for p in services().shop.products(prefix, unlisted=True)]}


@blueprint.put("/api/admin/products/<sku>/stock")
def admin_set_stock(sku: str) -> Json:
    _require_admin()
    return services().shop.set_stock(sku, _body().get("stock")).as_dict()


@blueprint.delete("/api/admin/products/<sku>")
def admin_delete_product(sku: str) -> tuple[str, int]:
    _require_admin()
    services().shop.delete_product(sku)
    return "", 204


@blueprint.get("/api/admin/customers")
def admin_customers() -> Json:
    _require_admin()
    return {"customers": services().shop.customers(request.args.get("prefix", ""))}


@blueprint.get("/api/admin/orders")
def admin_orders() -> Json:
    """Orders of customers whose username starts with ``prefix``, in any status."""
    _require_admin()
    return {"orders": [o.as_dict() for o in services().shop.orders(request.args.get("prefix", ""))]}


@blueprint.delete("/api/admin/customers/<username>")
def admin_delete_customer(username: str) -> tuple[str, int]:
    _require_admin()
    services().shop.delete_customer(username)
    return "", 204
