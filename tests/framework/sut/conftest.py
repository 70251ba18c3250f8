"""Fixtures that build a shop in-process, with its own temporary database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sut.app import create_app
from sut.context import EXTENSION_KEY, Settings
from sut.faults import Faults, parse_faults

ADMIN_TOKEN = "test-admin-token"

MakeClient = Callable[..., FlaskClient]


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[MakeClient]:
    """Build a test client for a shop started with the given --fault values."""
    apps: list[Flask] = []

    def make(
        *faults: str, admin_token: str | None = ADMIN_TOKEN, fulfil_delay: float | None = None
    ) -> FlaskClient:
        parsed: Faults = parse_faults(faults)
        settings = Settings(
            db_path=str(tmp_path / f"shop-{len(apps)}.db"),
            faults=parsed,
            admin_token=admin_token,
            fulfil_delay=fulfil_delay,
        )
        app = create_app(settings)
        apps.append(app)
        return app.test_client()

    yield make
    for app in apps:
        app.extensions[EXTENSION_KEY].close()


@pytest.fixture
def client(make_client: MakeClient) -> FlaskClient:
    return make_client()


LogIn = Callable[..., dict[str, str]]


@pytest.fixture
def admin() -> dict[str, str]:
    """The Authorization header the admin endpoints want."""
    return {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@pytest.fixture
def log_in() -> LogIn:
    """Register and log in over the API; gives back the Authorization header."""

    def register_and_log_in(
        client: FlaskClient, username: str = "ada", password: str = "secret"
    ) -> dict[str, str]:
        credentials = {"username": username, "password": password}
        client.post("/api/customers", json=credentials)
        body = client.post("/api/login", json=credentials).json
        assert body is not None
        return {"Authorization": f"Bearer {body['token']}"}

    return register_and_log_in
