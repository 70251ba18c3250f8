"""Composition root of the reference suite: the shop's DSL on the channel under test.

The greenlight plugin provides ``channel``, ``http_client``, ``aliases``, ``cleanup`` and
``greenlight_env``; this file only puts the reference shop's pieces together. Each
customer a scenario names gets a channel of their own from :func:`channel_opener`: on
the API a driver with its own token, on the UI a page in a browser context of their own
(pytest-playwright's ``new_context``, which closes it and keeps its trace and screenshot).
"""

from __future__ import annotations

import pytest

from drivers import ApiBackOffice, ApiShop, ShopChannel, UiShop
from dsl import Customers, OpenChannel, Shop
from greenlight import Aliases, Cleanup, Environment, HttpClient


@pytest.fixture
def shop(
    request: pytest.FixtureRequest,
    channel: str,
    http_client: HttpClient,
    aliases: Aliases,
    cleanup: Cleanup,
    greenlight_env: Environment,
) -> Shop:
    back_office = ApiBackOffice(http_client, greenlight_env.secrets["admin_token"])
    return Shop(
        Customers(channel_opener(request, channel, http_client, greenlight_env)),
        back_office,
        aliases=aliases,
        cleanup=cleanup,
        wait_timeout=greenlight_env.step_timeout,
    )


def channel_opener(
    request: pytest.FixtureRequest, channel: str, http_client: HttpClient, env: Environment
) -> OpenChannel:
    """How to open one more customer's channel, each with a session nobody else shares."""
    if channel != "ui":
        # The API keeps who is logged in in the driver's bearer token, not in cookies,
        # so customers may share the recording HTTP client.
        return lambda: ApiShop(http_client)
    new_context = request.getfixturevalue("new_context")

    def open_page() -> ShopChannel:
        return UiShop(
            new_context().new_page(),
            env.base_url,
            env_name=env.name,
            timeout=env.step_timeout,
        )

    return open_page
