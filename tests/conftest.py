"""Shared fixtures of greenlight's own tests."""

from tests.e2e.conftest import shop_server

pytest_plugins = ["pytester"]

__all__ = ["shop_server"]
