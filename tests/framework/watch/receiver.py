"""A webhook receiver of the tests' own: it keeps every JSON body posted to it.

with receiving(status=200) as hook:
    ...                                   # POST http://127.0.0.1:<port>/anything
    assert hook.bodies[0]["text"].startswith("greenlight: NO-GO")
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Receiver:
    url: str
    bodies: list[Any] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)


@contextlib.contextmanager
def receiving(status: int = 200) -> Iterator[Receiver]:
    """A receiver on 127.0.0.1 answering every POST with ``status``, for the block's time."""
    found: list[Any] = []
    paths: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            found.append(json.loads(self.rfile.read(length)))
            paths.append(self.path)
            self.send_response(status)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Receiver(f"http://127.0.0.1:{server.server_address[1]}", found, paths)
    finally:
        server.shutdown()
        server.server_close()
