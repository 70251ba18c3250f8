"""Step bindings: each step is one call into the shop DSL, nothing else."""

from __future__ import annotations

from pytest_bdd import given, parsers, then, when

from dsl import Shop

# -- catalogue ---------------------------------------------------------------------------


@given(parsers.parse('the shop sells "{product}" at {price} with {stock:d} in stock'))
def _(shop: Shop, product: str, price: str, stock: int) -> None:
    shop.sell(product=product, price=price, stock=stock)


@given(parsers.parse('the shop sells "{product}" at {price} with {stock:d} in stock, unlisted'))
def _(shop: Shop, product: str, price: str, stock: int) -> None:
    shop.sell(product=product, price=price, stock=stock, listed=False)


@given("the shop sells these products:")
def _(shop: Shop, datatable: list[list[str]]) -> None:
    shop.sell_all(rows=datatable)


@when("a visitor browses the catalogue")
def _(shop: Shop) -> None:
    shop.browse_catalogue()


@when(parsers.parse('the operator restocks "{product}" with {stock:d}'))
def _(shop: Shop, product: str, stock: int) -> None:
    shop.restock(product=product, stock=stock)


@when(parsers.parse('the shop sells out of "{product}"'))
def _(shop: Shop, product: str) -> None:
    shop.sell_out(product=product)


@then(parsers.parse("the catalogue offers at least {count:d} product in stock"))
def _(shop: Shop, count: int) -> None:
    shop.confirm_in_stock(at_least=count)


@then(parsers.parse('the catalogue does not offer "{product}"'))
def _(shop: Shop, product: str) -> None:
    shop.confirm_not_offered(product=product)


@then(parsers.parse('the catalogue lists "{product}" at {price} with {stock:d} in stock'))
def _(shop: Shop, product: str, price: str, stock: int) -> None:
    shop.confirm_listed(product=product, price=price, stock=stock)


@then(parsers.parse('the shop has {stock:d} "{product}" left in stock'))
def _(shop: Shop, product: str, stock: int) -> None:
    shop.confirm_stock(product=product, stock=stock)


@then("the shop is healthy")
def _(shop: Shop) -> None:
    shop.confirm_healthy()


@then("the version shown matches the version the shop reports")
def _(shop: Shop) -> None:
    shop.confirm_version_shown()


# -- accounts ----------------------------------------------------------------------------


@given(parsers.parse('"{customer}" has registered with password "{password}"'))
def _(shop: Shop, customer: str, password: str) -> None:
    shop.register(customer=customer, password=password, expect="accepted")


@given(parsers.parse('"{customer}" is logged in'))
def _(shop: Shop, customer: str) -> None:
    shop.ensure_logged_in(customer=customer)


@when(parsers.parse('"{customer}" registers with password "{password}"'))
def _(shop: Shop, customer: str, password: str) -> None:
    shop.register(customer=customer, password=password)


@when(parsers.parse('"{customer}" logs in with password "{password}"'))
def _(shop: Shop, customer: str, password: str) -> None:
    shop.log_in(customer=customer, password=password)


@then(parsers.parse('"{customer}" is logged in'))
def _(shop: Shop, customer: str) -> None:
    shop.confirm_logged_in(customer=customer)


@then(
    parsers.re(
        r"the (?:login|registration|checkout|basket) (?:is refused|refuses) with \"(?P<reason>.+)\""
    )
)
def _(shop: Shop, reason: str) -> None:
    shop.confirm_refused(reason=reason)


# -- basket and orders -------------------------------------------------------------------


@when(parsers.parse('"{customer}" adds {quantity:d} of the first product in stock to the basket'))
def _(shop: Shop, customer: str, quantity: int) -> None:
    shop.add_first_in_stock(customer=customer, quantity=quantity)


@when(parsers.parse('"{customer}" removes that product from the basket'))
def _(shop: Shop, customer: str) -> None:
    shop.remove_picked(customer=customer)


@when(parsers.parse('"{customer}" adds {quantity:d} "{product}" to the basket'))
def _(shop: Shop, customer: str, quantity: int, product: str) -> None:
    shop.add_to_basket(customer=customer, product=product, quantity=quantity)


@when(parsers.parse('"{customer}" adds these to the basket:'))
def _(shop: Shop, customer: str, datatable: list[list[str]]) -> None:
    shop.add_all_to_basket(customer=customer, rows=datatable)


@when(parsers.parse('"{customer}" checks out'))
def _(shop: Shop, customer: str) -> None:
    shop.check_out(customer=customer)


@when(parsers.parse('"{customer}" cancels the order'))
def _(shop: Shop, customer: str) -> None:
    shop.cancel_order(customer=customer)


@then("the order is cancelled")
def _(shop: Shop) -> None:
    shop.confirm_cancelled()


@then("the basket is empty")
def _(shop: Shop) -> None:
    shop.confirm_basket_empty()


@then(parsers.parse('the basket holds {quantity:d} "{product}" for a total of {total}'))
def _(shop: Shop, quantity: int, product: str, total: str) -> None:
    shop.confirm_basket(product=product, quantity=quantity, total=total)


@then(
    parsers.parse(
        'the basket of "{customer}" still holds {quantity:d} "{product}" for a total of {total}'
    )
)
def _(shop: Shop, customer: str, quantity: int, product: str, total: str) -> None:
    shop.confirm_basket(customer=customer, product=product, quantity=quantity, total=total)


@then("each customer's basket holds only what they added")
def _(shop: Shop) -> None:
    shop.confirm_own_baskets()


@then(parsers.parse("the basket total is {total}"))
def _(shop: Shop, total: str) -> None:
    shop.confirm_basket_total(total=total)


@then(parsers.parse("the order is confirmed for a total of {total}"))
def _(shop: Shop, total: str) -> None:
    shop.confirm_order(total=total)


@then(
    parsers.parse('the order of "{customer}" holds {quantity:d} "{product}" for a total of {total}')
)
def _(shop: Shop, customer: str, quantity: int, product: str, total: str) -> None:
    shop.confirm_ordered(customer=customer, product=product, quantity=quantity, total=total)


@then("the order is eventually dispatched")
def _(shop: Shop) -> None:
    shop.confirm_dispatched()
