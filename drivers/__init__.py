"""The reference shop's protocol drivers: one interface, one module per channel.

    from drivers import ApiShop, UiShop, ApiBackOffice

Only this package knows URLs, status codes and selectors.
"""

from drivers.api import ApiBackOffice, ApiShop, back_office_at
from drivers.interface import (
    BackOffice,
    Basket,
    BasketLine,
    Health,
    LeftOrder,
    Order,
    Outcome,
    Product,
    ShopChannel,
)
from drivers.ui import UiShop

__all__ = [
    "ApiBackOffice",
    "ApiShop",
    "BackOffice",
    "Basket",
    "BasketLine",
    "Health",
    "LeftOrder",
    "Order",
    "Outcome",
    "Product",
    "ShopChannel",
    "UiShop",
    "back_office_at",
]
