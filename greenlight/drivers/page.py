"""The base UI protocol driver: a page it is given, the environment's URL, navigation that explains.

A team's UI driver receives its page (pytest-playwright's ``page`` fixture) and
subclasses :class:`PageDriver`; it never launches a browser::

    class UiShop(PageDriver):
        def basket_total(self) -> str:
            self.visit("/basket")
            return self.page.get_by_test_id("basket-total").inner_text()

:meth:`PageDriver.visit` fails when the system answers a page with 4xx or 5xx: an
:class:`~greenlight.drivers.http.HttpError` naming method, URL, status and an excerpt
of what the page said, as the HTTP driver's errors do. A page the driver reads on
purpose when it is refused (a product that does not exist) says so::

    self.visit(f"/products/{sku}", allow_error=(404,))

Nothing here imports Playwright at module level: a run without the UI channel never
loads it through greenlight.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from greenlight.drivers.exchanges import Exchange, excerpt
from greenlight.drivers.http import HttpError
from greenlight.errors import SystemUnreachable
from greenlight.secrets import Secrets
from greenlight.urls import join

if TYPE_CHECKING:
    from playwright.sync_api import Page, Response


class PageDriver:
    """Base of UI protocol drivers: a page, the environment's URL, navigation that explains.

    ``timeout`` (seconds) becomes the page's default timeout for actions and navigation;
    ``secrets`` masks what an error message quotes from the system.

        >>> driver = PageDriver(page, "http://127.0.0.1:8000", env_name="local", timeout=5)
        >>> driver.visit("/basket").status
        200
    """

    def __init__(
        self,
        page: Page,
        base_url: str,
        *,
        env_name: str,
        timeout: float = 10.0,
        secrets: Secrets | None = None,
    ) -> None:
        self.page = page
        self.base_url = base_url
        self.env_name = env_name
        self.secrets = secrets or Secrets()
        page.set_default_timeout(timeout * 1000)
        page.set_default_navigation_timeout(timeout * 1000)

    def visit(self, path: str, *, allow_error: Collection[int] = ()) -> Response | None:
        """Open ``path`` on the environment's URL; a 4xx/5xx answer not in ``allow_error`` fails.

        Raises :class:`~greenlight.drivers.http.HttpError` (an AssertionError) for a
        refused page, :class:`~greenlight.errors.SystemUnreachable` when nothing answers.
        Returns Playwright's response (None for a same-document navigation).
        """
        from playwright.sync_api import Error

        url = join(self.base_url, path)
        try:
            response = self.page.goto(url)
        except Error as error:
            if "ERR_CONNECTION_REFUSED" in str(error) or "ERR_NAME_NOT_RESOLVED" in str(error):
                raise SystemUnreachable(
                    f"{self.env_name}: system unreachable at {self.base_url} (GET {path} in the browser); "
                    "is it running, and is the environment's URL right?"
                ) from None
            raise
        if response is not None and response.status >= 400 and response.status not in allow_error:
            raise self._refused(response, allow_error)
        return response

    def _refused(self, response: Response, allowed: Collection[int]) -> HttpError:
        body = response.text()
        exchange = Exchange(
            method=response.request.method,
            url=response.url,
            status=response.status,
            elapsed_ms=max(0.0, response.request.timing["responseEnd"]),
            request_headers=response.request.headers,
            request_body=response.request.post_data or "",
            response_headers=response.headers,
            response_body=body,
        )
        # What a person would read on the page; an HTML page's first 300 characters of
        # markup are mostly its <head>. The markup is the fallback for a page with no text.
        shown = self.page.inner_text("body") if self.page.locator("body").count() else ""
        wanted = "a page" + (
            f" or {', '.join(str(status) for status in allowed)}" if allowed else ""
        )
        message = (
            f"{exchange.method} {exchange.url} answered {exchange.status} in the browser "
            f"(expected {wanted}): {excerpt(shown or body)}"
        )
        return HttpError(self.secrets.mask(message), exchange)
