"""Composition root of the reference suite: the shop's DSL on the channel under test.

The greenlight plugin provides ``channel``, ``http_client``, ``aliases``, ``cleanup`` and
``greenlight_env``; this file only puts the reference shop's pieces together.
"""

from __future__ import annotations

import pytest

from drivers import ApiBackOffice, ApiShop, ShopChannel, UiShop
from dsl import Shop
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
    driver: ShopChannel
    if channel == "ui":
        page = request.getfixturevalue("page")
        driver = UiShop(
            page,
            greenlight_env.base_url,
            env_name=greenlight_env.name,
            timeout=greenlight_env.step_timeout,
        )
    else:
        driver = ApiShop(http_client)
    back_office = ApiBackOffice(http_client, greenlight_env.secrets["admin_token"])
    return Shop(
        driver,
        back_office,
        aliases=aliases,
        cleanup=cleanup,
        wait_timeout=greenlight_env.step_timeout,
    )
