"""``greenlight report --open``: the built report served on this machine only, until Ctrl-C.

    $ greenlight report --env prod --open
    report: reports/prod/allure-report/index.html
    greenlight report: serving the report on http://127.0.0.1:40123/ (this machine only); Ctrl-C stops

The report is an app that browsers run only from a web server, never from a file on
disk. The server listens on 127.0.0.1 (a report of production data is not published
to the network by opening it), on a free port unless ``--port`` names one, and serves
the report folder and nothing else. A browser is opened on the address when the
machine has one (``webbrowser``); either way the address is printed.
"""

from __future__ import annotations

import functools
import http.server
import webbrowser
from pathlib import Path
from typing import Any

from greenlight.errors import ConfigError

HOST = "127.0.0.1"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass  # one line a request would bury the address


def serve(folder: Path, port: int = 0, *, browser: bool = True) -> int:
    """Serve ``folder`` on 127.0.0.1 until Ctrl-C; 0 then. A port in use is a usage error."""
    handler = functools.partial(_Quiet, directory=str(folder))
    try:
        server = http.server.ThreadingHTTPServer((HOST, port), handler)
    except OSError as error:
        raise ConfigError(
            [
                f"--port {port}: cannot listen on {HOST} ({error.strerror}); choose another port, or 0 for a free one"
            ]
        ) from None
    url = f"http://{HOST}:{server.server_address[1]}/"
    print(
        f"greenlight report: serving the report on {url} (this machine only); Ctrl-C stops",
        flush=True,
    )
    if browser:
        webbrowser.open(url)
    with server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("greenlight report: stopped serving", flush=True)
    return 0
