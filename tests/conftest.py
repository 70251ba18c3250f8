"""Shared fixtures of greenlight's own tests."""

pytest_plugins = ["pytester"]
