"""The reference suite's clean hook: remove what smoke runs left behind, and say what.

An environment's ``clean`` command runs it (``greenlight clean --env prod``)::

    clean = "{python} -m dsl.clean {base_url} {alias_prefix}"

    $ SHOP_ADMIN_TOKEN=... python -m dsl.clean https://shop.example.com gl-smoke-
    removed order 12 of gl-smoke-ada-x7k2
    removed customer gl-smoke-ada-x7k2
    removed product gl-smoke-mug-3f9a
    removed 3 item(s) marked gl-smoke-

Only names that start with the prefix are touched, and an empty prefix is refused:
without it every customer of the shop would match. Orders cannot be deleted, so open
ones are cancelled (their stock goes back) and forgotten with their customer. The
admin token comes from ``SHOP_ADMIN_TOKEN``, never from the command line.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

from drivers import BackOffice, back_office_at
from greenlight import HttpError, SystemUnreachable
from greenlight.secrets import Secrets

USAGE = "usage: python -m dsl.clean BASE_URL ALIAS_PREFIX (admin token in SHOP_ADMIN_TOKEN)"
TOKEN_VARIABLE = "SHOP_ADMIN_TOKEN"


def clean(office: BackOffice, prefix: str, say: Callable[[str], None]) -> int:
    """Remove every order, customer and product marked ``prefix``, saying each; how many."""
    removed = 0
    for order in office.orders(prefix):
        if not order.cancelled:
            office.cancel_order(order.order_id)
        removed += 1
        say(f"removed order {order.order_id} of {order.customer}")
    for username in office.customers(prefix):
        office.delete_customer(username)
        removed += 1
        say(f"removed customer {username}")
    for sku in office.products(prefix):
        office.delete_product(sku)
        removed += 1
        say(f"removed product {sku}")
    return removed


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    token = os.environ.get(TOKEN_VARIABLE, "")
    if len(arguments) != 2 or not arguments[1].strip() or not token:
        print(USAGE, file=sys.stderr)
        return 4
    base_url, prefix = arguments
    secrets = Secrets({"admin_token": token})
    try:
        with back_office_at(base_url, token) as office:
            removed = clean(office, prefix, _say)
    except (SystemUnreachable, HttpError) as error:
        print(secrets.mask(f"clean failed: {error}"), file=sys.stderr)
        return 1
    print(f"removed {removed} item(s) marked {prefix}" if removed else "nothing to remove")
    return 0


def _say(line: str) -> None:
    print(line, flush=True)  # as it goes: a clean that fails halfway still says what it did


if __name__ == "__main__":
    sys.exit(main())
