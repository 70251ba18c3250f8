"""Shared fixtures of greenlight's own tests.

The reference shop (``python -m sut``) is not part of greenlight's wheel: the projects
these tests write with pytester, and the child processes they start, find it on the
repository root, which every test's ``PYTHONPATH`` begins with.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.framework.e2e.conftest import shop_server

# The browser rungs greenlight gives pytest-playwright (the machine's Chromium), for the
# tests that open a report in a real browser.
pytest_plugins = ["pytester", "greenlight.plugin.browser"]

__all__ = ["shop_server"]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True, scope="session")
def _reference_shop_importable() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(
            "PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        )
        yield
