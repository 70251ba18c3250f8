"""The base protocol drivers a team's ``drivers/`` builds on: HTTP and the browser page.

    from greenlight.drivers import HttpClient, PageDriver

    class ApiShop:
        def __init__(self, http: HttpClient) -> None:
            self.http = http

Drivers receive their session or page (the plugin's ``http_client``, pytest-playwright's
``page``); nothing here launches a browser or imports pytest.
"""

from greenlight.drivers.exchanges import Exchange
from greenlight.drivers.http import HttpClient, HttpError
from greenlight.drivers.page import PageDriver
from greenlight.drivers.synthetic import SyntheticMarks

__all__ = ["Exchange", "HttpClient", "HttpError", "PageDriver", "SyntheticMarks"]
