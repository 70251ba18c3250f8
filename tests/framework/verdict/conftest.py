"""Small projects for verdict tests: a smoke suite against the real reference shop.

Each project's environments start ``python -m sut`` (greenlight's embedded system), with
the faults a test asks for, reporting version 2.1.0.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from greenlight.verdict import validate

SHOP = "{python} -m sut --host 127.0.0.1 --port 0 --db {workdir}/shop.db --version 2.1.0"

# Straight over HTTP, so the project needs nothing but greenlight and requests.
SUITE = """
import os
import uuid
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.smoke


def test_health(greenlight_env, channel):
    assert requests.get(greenlight_env.base_url + "/health", timeout=5).json()["status"] == "ok"


def test_checkout(greenlight_env, channel):
    base, session = greenlight_env.base_url, requests.Session()
    user = {"username": "ada-" + uuid.uuid4().hex[:8], "password": "secret-password"}
    session.post(base + "/api/customers", json=user, timeout=5).raise_for_status()
    token = session.post(base + "/api/login", json=user, timeout=5).json()["token"]
    auth = {"Authorization": "Bearer " + token}
    products = session.get(base + "/api/products", timeout=5).json()["products"]
    product = next(p for p in products if p["stock"] >= 2)
    basket = {"sku": product["sku"], "quantity": 2}
    session.post(base + "/api/basket/items", json=basket, headers=auth, timeout=5).raise_for_status()
    order = session.post(base + "/api/orders", headers=auth, timeout=5)
    assert order.status_code == 201, f"checkout answered {order.status_code}"
    total = order.json()["total_cents"]
    assert total == 2 * product["price_cents"], f"order total {total} is not twice {product['price_cents']}"
"""

# Fails on its first attempt in a run, passes on the retry: the counter lives in a file.
FLAKY = """
import os
from pathlib import Path

import pytest


@pytest.mark.smoke
def test_sometimes(channel):
    counter = Path(os.environ["GL_COUNTER_DIR"]) / "sometimes"
    attempts = int(counter.read_text()) if counter.exists() else 0
    counter.write_text(str(attempts + 1))
    assert attempts > 0, "first attempt fails"
"""


def environment(
    name: str, *, sensitive: bool = False, faults: tuple[str, ...] = (), extra: str = ""
) -> str:
    command = SHOP + "".join(f" --fault {fault}" for fault in faults)
    return (
        f'[{name}]\nsensitive = {str(sensitive).lower()}\nchannels = ["api"]\n{extra}\n'
        f'[{name}.embedded]\ncommand = "{command}"\nservice = "shop"\n'
    )


@pytest.fixture
def shop_project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A two-scenario smoke suite; environments: local, broken (checkout-error), wrong (wrong-total)."""
    pytester.makefile(
        ".toml",
        environments=environment("local")
        + environment("broken", faults=("checkout-error",))
        + environment("wrong", faults=("wrong-total",))
        + environment("prod", sensitive=True),
    )
    pytester.makepyfile(test_smoke=SUITE)
    monkeypatch.setenv("GL_COUNTER_DIR", str(pytester.mkdir("counters")))
    return pytester


def read_verdict(path: Path) -> dict[str, Any]:
    """The verdict at ``path``, checked against the published JSON Schema."""
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    validate(document)
    return document


def verdict_of(pytester: pytest.Pytester, env: str = "local") -> dict[str, Any]:
    return read_verdict(pytester.path / "reports" / env / "verdict.json")


def last_line(result: pytest.RunResult) -> str:
    lines = [line for line in result.outlines if line.strip()]
    return lines[-1] if lines else ""
