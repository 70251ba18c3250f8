"""The reference shop's domain language: what a scenario may say, in the shop's own words.

    shop = Shop(Customers(open_channel), back_office, aliases=aliases, cleanup=cleanup)
    shop.register(customer="alice", password="apple-pie")
    shop.add_to_basket(customer="alice", product="mug", quantity=2)
    shop.confirm_basket(product="mug", quantity=2, total="15.00")

No URL, status code or selector lives here: the DSL calls a driver of ``drivers/``.
"""

from dsl.customers import Customers, OpenChannel
from dsl.shop import Shop

__all__ = ["Customers", "OpenChannel", "Shop"]
