"""The customers of a scenario, each on a channel of their own: their own login, basket, orders.

    >>> customers = Customers(lambda: ApiShop(http))
    >>> customers.channel("alice").log_in("alice-k3f9x2ab", "apple-pie")  # alice's own token
    >>> customers.channel("bob") is customers.channel("alice")
    False
    >>> customers.channel() is customers.channel("alice")  # the customer last named
    True

A channel is opened the first time a customer is named (on the UI, a browser context of
their own), so two customers acting in one scenario never share a session. A step that
names no customer ("the basket is empty") speaks of the customer the scenario last
named; before anyone is named it is an anonymous visitor's channel.
"""

from __future__ import annotations

from collections.abc import Callable

from drivers import ShopChannel

OpenChannel = Callable[[], ShopChannel]
"""Opens a fresh channel, with a session nobody else uses (given by the composition root)."""


class Customers:
    def __init__(self, open_channel: OpenChannel) -> None:
        self._open = open_channel
        # Keyed by the name the scenario gives (the alias); None is the anonymous visitor.
        self._channels: dict[str | None, ShopChannel] = {}
        self._current: str | None = None

    def channel(self, customer: str | None = None) -> ShopChannel:
        """``customer``'s own channel, opened on first use; without one, the last named's."""
        if customer is not None:
            self._current = customer
        if self._current not in self._channels:
            self._channels[self._current] = self._open()
        return self._channels[self._current]

    def current(self) -> str | None:
        """The customer the scenario last named, or None while only a visitor has acted."""
        return self._current

    def each(self) -> tuple[tuple[str, ShopChannel], ...]:
        """Every customer named so far with their channel, without naming anyone anew."""
        return tuple(
            (customer, channel)
            for customer, channel in self._channels.items()
            if customer is not None
        )
