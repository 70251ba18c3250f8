"""A stand-in for a team's own system: ``/health`` answers 200, until it is broken.

    $ python service.py        # prints "serving http://127.0.0.1:PORT", then serves
    $ curl -X POST http://127.0.0.1:PORT/break    # from now on /health answers 500

Not the reference shop: the adoption test proves greenlight init works for any service.
"""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    broken = False  # one switch for the whole server: the next /health answers 500

    def do_GET(self) -> None:
        if self.path == "/health":
            status = 500 if Handler.broken else 200
            self._answer(status, {"status": "down" if Handler.broken else "ok", "version": "1.0.0"})
        elif self.path == "/":
            self._answer(200, {"hello": "world"})
        else:
            self._answer(404, {"error": "not found"})

    def do_POST(self) -> None:
        if self.path == "/break":
            Handler.broken = True
            self._answer(200, {"broken": True})
        else:
            self._answer(404, {"error": "not found"})

    def _answer(self, status: int, body: dict[str, object]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # quiet: the test reads stdout
        pass


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"serving http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
