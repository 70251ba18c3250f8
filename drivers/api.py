"""The shop's HTTP API channel: JSON over ``requests``, through greenlight's HttpClient.

>>> shop = ApiShop(http_client)
>>> shop.log_in("alice-k3f9x2ab7q", "pw1234").accepted
True
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests

from drivers.interface import Basket, BasketLine, Health, LeftOrder, Order, Outcome, Product
from greenlight import HttpClient
from greenlight.drivers.synthetic import SyntheticMarks
from greenlight.secrets import Secrets


class ApiShop:
    def __init__(self, http: HttpClient) -> None:
        self.http = http
        self._token: str | None = None

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}"} if self._token else {}

    def catalogue(self) -> tuple[Product, ...]:
        answer = self.http.call("GET", "/api/products").json()
        return tuple(_product(item) for item in answer["products"])

    def register(self, username: str, password: str) -> Outcome:
        answer = self.http.call(
            "POST",
            "/api/customers",
            json={"username": username, "password": password},
            expect=(201, 400, 409),
        )
        return _outcome(answer.status_code == 201, answer.json())

    def log_in(self, username: str, password: str) -> Outcome:
        answer = self.http.call(
            "POST",
            "/api/login",
            json={"username": username, "password": password},
            expect=(200, 401),
        )
        body = answer.json()
        self._token = body.get("token") if answer.status_code == 200 else None
        return _outcome(answer.status_code == 200, body)

    def add_to_basket(self, sku: str, quantity: int) -> Outcome:
        answer = self.http.call(
            "POST",
            "/api/basket/items",
            json={"sku": sku, "quantity": quantity},
            headers=self._headers(),
            expect=(200, 404, 409),
        )
        return _outcome(answer.status_code == 200, answer.json())

    def remove_from_basket(self, sku: str) -> None:
        self.http.call("DELETE", f"/api/basket/items/{sku}", headers=self._headers())

    def basket(self) -> Basket:
        body = self.http.call("GET", "/api/basket", headers=self._headers()).json()
        return Basket(lines=_lines(body["items"]), total_cents=body["total_cents"])

    def check_out(self) -> Outcome:
        answer = self.http.call(
            "POST", "/api/orders", headers=self._headers(), expect=(201, 400, 409)
        )
        body = answer.json()
        return _outcome(answer.status_code == 201, body, order_id=body.get("id"))

    def order(self, order_id: int) -> Order:
        body = self.http.call("GET", f"/api/orders/{order_id}", headers=self._headers()).json()
        return Order(
            order_id=body["id"],
            status=body["status"],
            total_cents=body["total_cents"],
            lines=_lines(body["items"]),
        )

    def cancel_order(self, order_id: int) -> Outcome:
        answer = self.http.call(
            "POST", f"/api/orders/{order_id}/cancel", headers=self._headers(), expect=(200, 409)
        )
        return _outcome(answer.status_code == 200, answer.json())

    def version(self) -> str:
        return str(self.http.call("GET", "/health").json()["version"])


class ApiBackOffice:
    """Back-office operations with the admin token; the token never leaves the header."""

    def __init__(self, http: HttpClient, admin_token: str) -> None:
        self.http = http
        self._auth = {"Authorization": f"Bearer {admin_token}"}

    def health(self) -> Health:
        body = self.http.call("GET", "/health", expect=(200, 503)).json()
        return Health(status=str(body.get("status")), version=str(body.get("version")))

    def create_product(
        self, sku: str, name: str, price_cents: int, stock: int, *, listed: bool = True
    ) -> None:
        product = {
            "sku": sku,
            "name": name,
            "price_cents": price_cents,
            "stock": stock,
            "listed": listed,
        }
        self.http.call(
            "POST", "/api/admin/products", json=product, headers=self._auth, expect=(201,)
        )

    def set_stock(self, sku: str, stock: int) -> None:
        self.http.call(
            "PUT", f"/api/admin/products/{sku}/stock", json={"stock": stock}, headers=self._auth
        )

    def delete_product(self, sku: str) -> None:
        self.http.call("DELETE", f"/api/admin/products/{sku}", headers=self._auth, expect=(204,))

    def delete_customer(self, username: str) -> None:
        self.http.call(
            "DELETE", f"/api/admin/customers/{username}", headers=self._auth, expect=(204,)
        )

    def cancel_order(self, order_id: int) -> None:
        self.http.call(
            "POST", f"/api/orders/{order_id}/cancel", headers=self._auth, expect=(200, 409)
        )

    def customers(self, prefix: str) -> tuple[str, ...]:
        body = self.http.call(
            "GET", "/api/admin/customers", params={"prefix": prefix}, headers=self._auth
        ).json()
        return tuple(body["customers"])

    def products(self, prefix: str) -> tuple[str, ...]:
        body = self.http.call(
            "GET", "/api/admin/products", params={"prefix": prefix}, headers=self._auth
        ).json()
        return tuple(item["sku"] for item in body["products"])

    def orders(self, prefix: str) -> tuple[LeftOrder, ...]:
        body = self.http.call(
            "GET", "/api/admin/orders", params={"prefix": prefix}, headers=self._auth
        ).json()
        return tuple(
            LeftOrder(
                order_id=int(item["id"]),
                customer=str(item["customer"]),
                cancelled=item["status"] == "cancelled",
            )
            for item in body["orders"]
        )


@contextmanager
def back_office_at(
    base_url: str, admin_token: str, *, timeout: float = 10
) -> Iterator[ApiBackOffice]:
    """A back office on its own HTTP session, for scripts outside a pytest run."""
    secrets = Secrets({"admin_token": admin_token})
    with requests.Session() as session:
        http = HttpClient(
            session,
            base_url,
            env_name="clean",
            timeout=timeout,
            secrets=secrets,
            marks=SyntheticMarks(),  # the clean-up is greenlight's traffic too
        )
        yield ApiBackOffice(http, admin_token)


def _product(item: dict[str, Any]) -> Product:
    return Product(
        sku=item["sku"], name=item["name"], price_cents=item["price_cents"], stock=item["stock"]
    )


def _lines(items: list[dict[str, Any]]) -> tuple[BasketLine, ...]:
    return tuple(BasketLine(sku=item["sku"], quantity=item["quantity"]) for item in items)


def _outcome(accepted: bool, body: dict[str, Any], order_id: int | None = None) -> Outcome:
    return Outcome(
        accepted=accepted, reason="" if accepted else str(body.get("error", "")), order_id=order_id
    )
