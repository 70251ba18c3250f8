"""Generated UI workloads: a customer registers, logs in, adds to basket and checks out.

    >>> write_greenlight_ui(Path("/tmp/b3/greenlight"), scenarios=20)
    >>> write_plain_playwright(Path("/tmp/b3/plain"), scenarios=20)

Both sides drive the same pages with the same actions and waits, each scenario in a
fresh browser context of one browser: pytest-playwright gives greenlight that (its
browser is per worker, its context per test), and the plain script does it by hand.
The shop's URL comes from ``BENCH_SHOP_URL``.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.workloads import ENVIRONMENTS, PYTEST_INI, RUNNING, write_files
from greenlight.plugin.browser import QUIET_FLAGS, system_chromium

GREENLIGHT_UI_SHOP = '''\
"""A tiny shop DSL over a UI driver on greenlight.PageDriver, as a suite would write it."""

from greenlight import Aliases, PageDriver, verb

PASSWORD = "bench-password"


class UiShop(PageDriver):
    def register(self, username: str, password: str) -> None:
        self.visit("/register")
        self._fill_credentials(username, password)
        self.page.get_by_test_id("register-submit").click()
        self.page.get_by_test_id("message").wait_for()

    def log_in(self, username: str, password: str) -> None:
        self.visit("/login")
        self._fill_credentials(username, password)
        self.page.get_by_test_id("login-submit").click()
        self.page.get_by_test_id("current-user").wait_for()

    def add_to_basket(self, sku: str, quantity: int) -> None:
        self.visit("/")
        self.page.get_by_test_id(f"quantity-{sku}").fill(str(quantity))
        self.page.get_by_test_id(f"add-{sku}").click()
        self.page.get_by_test_id("message").wait_for()

    def check_out(self) -> int:
        self.visit("/basket")
        self.page.get_by_test_id("checkout").click()
        return int(self.page.get_by_test_id("order-id").inner_text())

    def _fill_credentials(self, username: str, password: str) -> None:
        self.page.get_by_test_id("username").fill(username)
        self.page.get_by_test_id("password").fill(password)


class Shop:
    aliased_params = ("customer",)

    def __init__(self, driver: UiShop, aliases: Aliases) -> None:
        self.driver = driver
        self.aliases = aliases
        self.order_id = 0

    @verb
    def register(self, *, customer: str) -> None:
        self.driver.register(self.aliases.real(customer), PASSWORD)

    @verb
    def log_in(self, *, customer: str) -> None:
        self.driver.log_in(self.aliases.real(customer), PASSWORD)

    @verb
    def add_to_basket(self, *, product: str, quantity: int) -> None:
        self.driver.add_to_basket(product, quantity)

    @verb
    def check_out(self) -> None:
        self.order_id = self.driver.check_out()

    @verb
    def confirm_order_placed(self) -> None:
        assert self.order_id > 0, "no order was placed"
'''

GREENLIGHT_UI_CONFTEST = """\
import pytest

from bench_ui import Shop, UiShop


@pytest.fixture
def shop(page, greenlight_env, aliases):
    driver = UiShop(
        page, greenlight_env.base_url, env_name=greenlight_env.name, timeout=greenlight_env.step_timeout
    )
    return Shop(driver, aliases)
"""

GREENLIGHT_UI_STEPS = """\
from pytest_bdd import given, parsers, scenarios, then, when

scenarios("bench.feature")


@given(parsers.parse('"{customer}" has registered'))
def _(shop, customer):
    shop.register(customer=customer)


@when(parsers.parse('"{customer}" logs in'))
def _(shop, customer):
    shop.log_in(customer=customer)


@when(parsers.parse('"{customer}" adds {quantity:d} "{product}" to the basket'))
def _(shop, customer, quantity, product):
    shop.add_to_basket(product=product, quantity=quantity)


@when(parsers.parse('"{customer}" checks out'))
def _(shop, customer):
    shop.check_out()


@then("an order is placed")
def _(shop):
    shop.confirm_order_placed()
"""

PLAIN_PLAYWRIGHT = """\
import os
import uuid

from playwright.sync_api import sync_playwright

URL = os.environ["BENCH_SHOP_URL"]
PASSWORD = "bench-password"


def fill_credentials(page, username):
    page.get_by_test_id("username").fill(username)
    page.get_by_test_id("password").fill(PASSWORD)


def buy(page, username):
    page.goto(f"{{URL}}/register")
    fill_credentials(page, username)
    page.get_by_test_id("register-submit").click()
    page.get_by_test_id("message").wait_for()
    page.goto(f"{{URL}}/login")
    fill_credentials(page, username)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("current-user").wait_for()
    page.goto(f"{{URL}}/")
    page.get_by_test_id("quantity-apple").fill("1")
    page.get_by_test_id("add-apple").click()
    page.get_by_test_id("message").wait_for()
    page.goto(f"{{URL}}/basket")
    page.get_by_test_id("checkout").click()
    assert int(page.get_by_test_id("order-id").inner_text()) > 0


with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path={chromium!r}, args={flags!r})
    for number in range({scenarios}):
        context = browser.new_context()
        buy(context.new_page(), f"customer-{{number}}-{{uuid.uuid4().hex[:4]}}")
        context.close()
    browser.close()
print("{scenarios} passed")
"""


def ui_feature(scenarios: int) -> str:
    lines = ["Feature: Generated UI journeys", ""]
    for number in range(scenarios):
        customer = f'"customer-{number}"'
        lines += [
            f"  Scenario: customer {number} buys an apple",
            f"    Given {customer} has registered",
            f"    When {customer} logs in",
            f'    And {customer} adds 1 "apple" to the basket',
            f"    And {customer} checks out",
            "    Then an order is placed",
            "",
        ]
    return "\n".join(lines)


def write_greenlight_ui(root: Path, *, scenarios: int) -> Path:
    """A greenlight project: environment ``bench`` on the UI channel; run with ``--env bench``."""
    return write_files(
        root,
        {
            "pytest.ini": PYTEST_INI,
            "environments.toml": ENVIRONMENTS[RUNNING].format(channel="ui"),
            "features/bench.feature": ui_feature(scenarios),
            "bench_ui.py": GREENLIGHT_UI_SHOP,
            "conftest.py": GREENLIGHT_UI_CONFTEST,
            "test_bench.py": GREENLIGHT_UI_STEPS,
        },
    )


def write_plain_playwright(root: Path, *, scenarios: int) -> Path:
    """A plain Playwright script on the machine's Chromium with greenlight's quiet flags."""
    chromium = system_chromium() or "/usr/bin/chromium"
    script = PLAIN_PLAYWRIGHT.format(chromium=chromium, flags=QUIET_FLAGS, scenarios=scenarios)
    return write_files(root, {"plain_ui.py": script})
