"""The HTML pages through Flask's test client."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient

MakeClient = Callable[..., FlaskClient]


def register_and_log_in(client: FlaskClient) -> None:
    client.post("/register", data={"username": "ada", "password": "secret"})
    client.post("/login", data={"username": "ada", "password": "secret"})


def test_catalogue_has_the_test_ids(client: FlaskClient) -> None:
    page = client.get("/").text
    for test_id in (
        'data-testid="product-coffee"',
        'data-testid="add-coffee"',
        'data-testid="quantity-coffee"',
        'data-testid="version">1.0.0<',
    ):
        assert test_id in page
    assert 'data-testid="product-price">12.99<' in page


def test_login_failure_shows_the_api_wording(client: FlaskClient) -> None:
    page = client.post("/login", data={"username": "nobody", "password": "nope"}).text
    assert 'data-testid="error">wrong username or password<' in page


def test_basket_and_checkout(client: FlaskClient) -> None:
    register_and_log_in(client)
    assert 'data-testid="current-user">ada<' in client.get("/").text
    refused = client.post(
        "/basket/add", data={"sku": "tea", "quantity": "21"}, follow_redirects=True
    ).text
    assert 'data-testid="error">only 20 in stock<' in refused
    client.post("/basket/add", data={"sku": "tea", "quantity": "2"})
    basket = client.get("/basket").text
    assert 'data-testid="basket-total">9.98<' in basket
    order = client.post("/checkout", follow_redirects=True).text
    assert 'data-testid="order-status">placed<' in order
    assert 'data-testid="order-total">9.98<' in order


def test_adding_while_logged_out_goes_to_login(client: FlaskClient) -> None:
    response = client.post("/basket/add", data={"sku": "tea", "quantity": "1"})
    assert response.status_code == 302 and response.location.endswith("/login")


def test_checkout_error_fault_answers_500_in_the_ui(make_client: MakeClient) -> None:
    client = make_client("checkout-error")
    register_and_log_in(client)
    client.post("/basket/add", data={"sku": "tea", "quantity": "1"})
    assert client.post("/checkout").status_code == 500
