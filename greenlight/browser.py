"""The base browser driver, on pytest-playwright's fixtures and the machine's Chromium.

pytest-playwright already gives one browser per worker (session scope) and a fresh
context and page per test; greenlight only bends two rungs of its fixture ladder:

* ``browser_type_launch_args``: use the system's Chromium when Playwright has no
  browser of its own, with flags that keep it quiet on a closed network;
* ``browser_context_args``: the environment's base URL (through ``--base-url``) and
  its step timeout.

A protocol driver receives its page and subclasses :class:`PageDriver`::

    class UiShop(PageDriver):
        def basket_total(self) -> str:
            self.visit("/basket")
            return self.page.get_by_test_id("basket-total").inner_text()

Nothing here imports Playwright at module level: a run without the UI channel never
loads it through greenlight.
"""

from __future__ import annotations

import os
import shutil
from typing import TYPE_CHECKING, Any

import pytest

from greenlight.errors import SystemUnreachable
from greenlight.urls import join

if TYPE_CHECKING:
    from playwright.sync_api import Page, Response

SYSTEM_CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
QUIET_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def system_chromium() -> str | None:
    """The machine's Chromium, unless ``GREENLIGHT_CHROMIUM`` names another executable."""
    chosen = os.environ.get("GREENLIGHT_CHROMIUM")
    if chosen:
        return chosen
    return next((path for path in SYSTEM_CHROMIUM if shutil.which(path)), None)


# Registered as a plugin after pytest-playwright (see plugin.py), so these two take
# precedence over its fixtures of the same names and can ask for them.
@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], browser_name: str
) -> dict[str, Any]:
    args = dict(browser_type_launch_args)
    executable = system_chromium()
    if browser_name == "chromium" and executable and "channel" not in args:
        args.setdefault("executable_path", executable)
        args["args"] = [*args.get("args", []), *QUIET_FLAGS]
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "service_workers": "block"}


class PageDriver:
    """Base of UI protocol drivers: a page, the environment's URL, navigation that explains."""

    def __init__(self, page: Page, base_url: str, *, env_name: str, timeout: float = 10.0) -> None:
        self.page = page
        self.base_url = base_url
        self.env_name = env_name
        page.set_default_timeout(timeout * 1000)
        page.set_default_navigation_timeout(timeout * 1000)

    def visit(self, path: str) -> Response | None:
        from playwright.sync_api import Error

        url = join(self.base_url, path)
        try:
            return self.page.goto(url)
        except Error as error:
            if "ERR_CONNECTION_REFUSED" in str(error) or "ERR_NAME_NOT_RESOLVED" in str(error):
                raise SystemUnreachable(
                    f"{self.env_name}: system unreachable at {self.base_url} (GET {path} in the browser); "
                    "is it running, and is the environment's URL right?"
                ) from None
            raise
