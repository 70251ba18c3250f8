"""The base UI protocol driver: a page it is given, the environment's URL, navigation that explains.

A team's UI driver receives its page (pytest-playwright's ``page`` fixture) and
subclasses :class:`PageDriver`; it never launches a browser::

    class UiShop(PageDriver):
        def basket_total(self) -> str:
            self.visit("/basket")
            return self.page.get_by_test_id("basket-total").inner_text()

Nothing here imports Playwright at module level: a run without the UI channel never
loads it through greenlight.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from greenlight.errors import SystemUnreachable
from greenlight.urls import join

if TYPE_CHECKING:
    from playwright.sync_api import Page, Response


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
