"""The server-rendered pages: catalogue, register, login, basket, checkout and orders.

They call the same Shop methods as the JSON API, so the rules and the wording of
refusals are identical. The session cookie holds only the customer's login token.

Example::

    GET  /               -> catalogue with data-testid="product-tea", "add-tea", ...
    GET  /products/tea   -> the same row for one product, listed or not
    POST /basket/add     sku=tea&quantity=2 -> redirect to / with data-testid="message"
    POST /checkout       -> redirect to /orders/<id>
"""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from sut.context import services
from sut.model import Customer, ShopError

blueprint = Blueprint("web", __name__)

Page = str | Response | tuple[str, int]


@blueprint.app_template_filter("money")
def money(cents: int) -> str:
    """1299 -> "12.99"."""
    return f"{cents // 100}.{cents % 100:02d}"


@blueprint.app_context_processor
def page_context() -> dict[str, object]:
    return {"version": services().settings.version, "current_user": _current_customer()}


def _current_customer() -> Customer | None:
    if "customer" not in g:
        token = session.get("token")
        g.customer = services().shop.customer_for_token(token) if token else None
    customer: Customer | None = g.customer
    return customer


def _login_first(message: str) -> Response:
    flash(message, "error")
    return redirect(url_for("web.login"))


@blueprint.get("/")
def catalogue() -> Page:
    return render_template("catalogue.html", products=services().shop.products())


@blueprint.get("/products/<sku>")
def product(sku: str) -> Page:
    """One product's page: how a customer reaches an unlisted product, by its link."""
    try:
        found = services().shop.product(sku)
    except ShopError as refused:
        return render_template("failed.html", error=refused.message), refused.status
    return render_template("product.html", product=found)


@blueprint.route("/register", methods=["GET", "POST"])
def register() -> Page:
    if request.method == "GET":
        return render_template("register.html")
    try:
        username = services().shop.register(
            request.form.get("username"), request.form.get("password")
        )
    except ShopError as refused:
        return render_template("register.html", error=refused.message), refused.status
    flash(f"registered {username}; please log in", "message")
    return redirect(url_for("web.login"))


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> Page:
    if request.method == "GET":
        return render_template("login.html")
    try:
        token = services().shop.login(request.form.get("username"), request.form.get("password"))
    except ShopError as refused:
        return render_template("login.html", error=refused.message), refused.status
    session.clear()
    session["token"] = token
    return redirect(url_for("web.catalogue"))


@blueprint.post("/logout")
def logout() -> Page:
    session.clear()
    flash("logged out", "message")
    return redirect(url_for("web.catalogue"))


@blueprint.post("/basket/add")
def add_to_basket() -> Page:
    customer = _current_customer()
    if customer is None:
        return _login_first("log in to add items to your basket")
    sku, quantity = request.form.get("sku"), request.form.get("quantity", "1")
    try:
        services().shop.add_to_basket(customer, sku, quantity)
    except ShopError as refused:
        flash(refused.message, "error")
    else:
        flash(f"added {quantity} {sku} to the basket", "message")
    return redirect(url_for("web.catalogue"))


@blueprint.post("/basket/remove")
def remove_from_basket() -> Page:
    customer = _current_customer()
    if customer is None:
        return _login_first("log in to see your basket")
    try:
        services().shop.remove_from_basket(customer, request.form.get("sku", ""))
    except ShopError as refused:
        flash(refused.message, "error")
    return redirect(url_for("web.basket"))


@blueprint.get("/basket")
def basket() -> Page:
    customer = _current_customer()
    if customer is None:
        return _login_first("log in to see your basket")
    return render_template("basket.html", basket=services().shop.basket(customer))


@blueprint.post("/checkout")
def checkout() -> Page:
    customer = _current_customer()
    if customer is None:
        return _login_first("log in to check out")
    try:
        order = services().shop.place_order(customer)
    except ShopError as refused:
        if refused.status >= 500:
            # A server failure answers 500 here too, so a UI check sees what the API sees.
            return render_template("failed.html", error=refused.message), refused.status
        flash(refused.message, "error")
        return redirect(url_for("web.basket"))
    flash(f"order {order.id} placed", "message")
    return redirect(url_for("web.order", order_id=order.id))


@blueprint.get("/orders/<int:order_id>")
def order(order_id: int) -> Page:
    customer = _current_customer()
    if customer is None:
        return _login_first("log in to see your orders")
    try:
        found = services().shop.order_for(customer, order_id)
    except ShopError as refused:
        return render_template("failed.html", error=refused.message), refused.status
    return render_template("order.html", order=found)


@blueprint.post("/orders/<int:order_id>/cancel")
def cancel(order_id: int) -> Page:
    customer = _current_customer()
    if customer is None:
        return _login_first("log in to see your orders")
    try:
        services().shop.cancel_order(order_id, customer)
    except ShopError as refused:
        flash(refused.message, "error")
    else:
        flash(f"order {order_id} cancelled", "message")
    return redirect(url_for("web.order", order_id=order_id))
