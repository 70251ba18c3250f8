"""Generated API workloads: the same smoke scenarios, written the greenlight way and the plain way.

    >>> project = write_greenlight_api(Path("/tmp/b1/greenlight"), scenarios=200, shop=EMBEDDED)
    >>> write_plain_pytest(Path("/tmp/b1/plain"), scenarios=200)

Every scenario is a read-only smoke check of three requests (health, catalogue, one
product), so both sides of a comparison do identical HTTP work and the shop does little
else: what differs is the framework. The greenlight project uses
greenlight the way a suite does: steps call a tiny DSL, the DSL calls a driver built on
:class:`greenlight.HttpClient`, and the plugin starts or finds the shop. The plain
projects call ``requests`` from the test or step, on one keep-alive session.
"""

from __future__ import annotations

from pathlib import Path

REQUESTS_PER_SCENARIO = 3
# The environment's shop: started by greenlight (embedded), or one already running.
EMBEDDED = "embedded"
RUNNING = "running"
SHOP_URL_VARIABLE = "BENCH_SHOP_URL"

PYTEST_INI = """\
[pytest]
bdd_features_base_dir = features/
addopts = -p no:cacheprovider
markers =
    smoke: safe to run against production after a deploy
"""

ENVIRONMENTS = {
    EMBEDDED: """\
[bench]
sensitive = false
channels = ["{channel}"]

[bench.embedded]
command = "{{python}} -m sut --host 127.0.0.1 --port 0 --db {{workdir}}/shop.db"
service = "shop"
""",
    RUNNING: """\
[bench]
sensitive = false
channels = ["{channel}"]
services = {{ shop = "${{BENCH_SHOP_URL}}" }}
""",
}

PRODUCTS = ("apple", "banana", "coffee", "tea")  # the reference shop's seed catalogue

GREENLIGHT_SHOP = '''\
"""A tiny shop DSL over an API driver on greenlight.HttpClient, as a suite would write it."""

from typing import Any

from greenlight import HttpClient, verb


class ApiShop:
    def __init__(self, http: HttpClient) -> None:
        self.http = http

    def health(self) -> str:
        return str(self.http.call("GET", "/health").json()["status"])

    def catalogue(self) -> list[dict[str, Any]]:
        return list(self.http.call("GET", "/api/products").json()["products"])

    def product(self, sku: str) -> dict[str, Any]:
        return dict(self.http.call("GET", f"/api/products/{sku}").json())


class Shop:
    def __init__(self, driver: ApiShop) -> None:
        self.driver = driver
        self.seen: list[dict[str, Any]] = []

    @verb
    def confirm_healthy(self) -> None:
        status = self.driver.health()
        assert status == "ok", f"the shop reports status {status!r}"

    @verb
    def browse_catalogue(self) -> None:
        self.seen = self.driver.catalogue()

    @verb
    def confirm_offered(self, *, product: str) -> None:
        assert any(item["sku"] == product for item in self.seen), f"{product} is not listed"
        stock = self.driver.product(product)["stock"]
        assert stock > 0, f"{product} is out of stock"
'''

GREENLIGHT_CONFTEST = """\
import pytest

from bench_shop import ApiShop, Shop


@pytest.fixture
def shop(http_client):
    return Shop(ApiShop(http_client))
"""

GREENLIGHT_STEPS = """\
from pytest_bdd import given, parsers, scenarios, then, when

scenarios("bench.feature")


@given("the shop is healthy")
def _(shop):
    shop.confirm_healthy()


@when("a visitor browses the catalogue")
def _(shop):
    shop.browse_catalogue()


@then(parsers.parse('"{product}" is offered in stock'))
def _(shop, product):
    shop.confirm_offered(product=product)
"""

PLAIN_BDD_CONFTEST = """\
import os

import pytest
import requests


@pytest.fixture(scope="session")
def http():
    with requests.Session() as session:
        yield session


@pytest.fixture(scope="session")
def shop_url():
    return os.environ["BENCH_SHOP_URL"]


@pytest.fixture
def seen():
    return []
"""

PLAIN_BDD_STEPS = """\
from pytest_bdd import given, parsers, scenarios, then, when

scenarios("bench.feature")


@given("the shop is healthy")
def _(http, shop_url):
    answer = http.get(f"{shop_url}/health", timeout=10)
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "ok"


@when("a visitor browses the catalogue")
def _(http, shop_url, seen):
    answer = http.get(f"{shop_url}/api/products", timeout=10)
    assert answer.status_code == 200, answer.text
    seen[:] = answer.json()["products"]


@then(parsers.parse('"{product}" is offered in stock'))
def _(http, shop_url, seen, product):
    assert any(item["sku"] == product for item in seen)
    answer = http.get(f"{shop_url}/api/products/{product}", timeout=10)
    assert answer.status_code == 200, answer.text
    assert answer.json()["stock"] > 0
"""

PLAIN_PYTEST = """\
import subprocess
import sys

import pytest
import requests

PRODUCTS = {products!r}


@pytest.fixture(scope="session")
def shop_url(tmp_path_factory):
    db = tmp_path_factory.mktemp("shop") / "shop.db"
    argv = [sys.executable, "-m", "sut", "--host", "127.0.0.1", "--port", "0", "--db", str(db)]
    shop = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    yield shop.stdout.readline().decode().removeprefix("shop serving ").strip()
    shop.terminate()
    shop.wait()


@pytest.fixture(scope="session")
def http():
    with requests.Session() as session:
        yield session


@pytest.mark.parametrize("number", range({scenarios}))
def test_smoke_check(http, shop_url, number):
    product = PRODUCTS[number % len(PRODUCTS)]
    answer = http.get(f"{{shop_url}}/health", timeout=10)
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "ok"
    answer = http.get(f"{{shop_url}}/api/products", timeout=10)
    assert answer.status_code == 200, answer.text
    assert any(item["sku"] == product for item in answer.json()["products"])
    answer = http.get(f"{{shop_url}}/api/products/{{product}}", timeout=10)
    assert answer.status_code == 200, answer.text
    assert answer.json()["stock"] > 0
"""


def api_feature(scenarios: int) -> str:
    """A feature of ``scenarios`` smoke scenarios, three requests each."""
    lines = ["Feature: Generated smoke scenarios", ""]
    for number in range(scenarios):
        lines += [
            "  @smoke",
            f"  Scenario: smoke check {number}",
            "    Given the shop is healthy",
            "    When a visitor browses the catalogue",
            f'    Then "{PRODUCTS[number % len(PRODUCTS)]}" is offered in stock',
            "",
        ]
    return "\n".join(lines)


def write_files(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def write_greenlight_api(root: Path, *, scenarios: int, shop: str) -> Path:
    """A greenlight project: environment ``bench`` on the API channel; run with ``--env bench``."""
    return write_files(
        root,
        {
            "pytest.ini": PYTEST_INI,
            "environments.toml": ENVIRONMENTS[shop].format(channel="api"),
            "features/bench.feature": api_feature(scenarios),
            "bench_shop.py": GREENLIGHT_SHOP,
            "conftest.py": GREENLIGHT_CONFTEST,
            "test_bench.py": GREENLIGHT_STEPS,
        },
    )


def write_plain_bdd(root: Path, *, scenarios: int) -> Path:
    """The same feature with steps calling requests; the shop's URL in ``BENCH_SHOP_URL``."""
    return write_files(
        root,
        {
            "pytest.ini": PYTEST_INI,
            "features/bench.feature": api_feature(scenarios),
            "conftest.py": PLAIN_BDD_CONFTEST,
            "test_bench.py": PLAIN_BDD_STEPS,
        },
    )


def write_plain_pytest(root: Path, *, scenarios: int) -> Path:
    """One plain pytest file making the same calls; it starts its own shop, as greenlight does."""
    return write_files(
        root,
        {
            "pytest.ini": PYTEST_INI,
            "test_plain.py": PLAIN_PYTEST.format(scenarios=scenarios, products=PRODUCTS),
        },
    )
