"""Run the shop: `python -m sut --port 0 --fault slow=200`.

Prints exactly one line, `shop serving http://HOST:PORT`, once the socket is
listening, then serves until SIGTERM or SIGINT and exits 0. Exit 4 means a bad
--fault; the admin token comes from SHOP_ADMIN_TOKEN and is never logged.

Example::

    $ SHOP_ADMIN_TOKEN=secret python -m sut --port 0 --fault checkout-error
    shop serving http://127.0.0.1:41237
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Sequence
from types import FrameType

import waitress

from sut.app import create_app
from sut.context import Settings, services
from sut.faults import KNOWN_FAULTS, FaultError, parse_faults

EXIT_BAD_FAULT = 4
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
ADMIN_TOKEN_VARIABLE = "SHOP_ADMIN_TOKEN"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m sut",
        description="Run the reference shop.",
        epilog="Faults that degrade after a release: errors-after=N serves the first N "
        "requests and answers every later one with HTTP 500; error-rate=R answers a share R "
        "of requests (0 < R <= 1, evenly spread) with HTTP 500. Both spare /health and /metrics.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
    parser.add_argument("--port", type=int, default=0, help="Port; 0 picks a free one.")
    parser.add_argument("--version", default="1.0.0", help="Version the shop reports.")
    parser.add_argument(
        "--db",
        help="SQLite file; its folder is the data folder. A fresh temporary folder when omitted.",
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="FAULT",
        help=f"Fault to inject; may repeat. One of: {KNOWN_FAULTS}.",
    )
    parser.add_argument("--threads", type=int, default=16, help="Worker threads.")
    parser.add_argument("--log", help="Write the log to this file instead of stderr.")
    parser.add_argument(
        "--fulfil-delay",
        type=float,
        default=0.3,
        metavar="SECONDS",
        help="Age at which placed orders are dispatched.",
    )
    return parser


def _stop(signum: int, frame: FrameType | None) -> None:
    # waitress's run() catches SystemExit and shuts its threads down, so raising here
    # is the clean way out of the serving loop.
    raise SystemExit(0)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        faults = parse_faults(args.fault)
    except FaultError as error:
        print(f"sut: {error}", file=sys.stderr)
        return EXIT_BAD_FAULT
    if args.log:
        logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, filename=args.log)
    else:
        logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, stream=sys.stderr)
    temporary_folder: str | None = None
    db_path: str = args.db
    if not db_path:
        # A folder of its own: the data folder's disk gauges measure only the shop's files.
        temporary_folder = tempfile.mkdtemp(prefix="shop-")
        db_path = os.path.join(temporary_folder, "shop.db")
    settings = Settings(
        db_path=db_path,
        version=args.version,
        faults=faults,
        admin_token=os.environ.get(ADMIN_TOKEN_VARIABLE) or None,
        fulfil_delay=args.fulfil_delay,
    )
    app = create_app(settings)
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        server = waitress.create_server(app, host=args.host, port=args.port, threads=args.threads)
        print(f"shop serving http://{args.host}:{server.effective_port}", flush=True)
        logging.getLogger("sut").info(
            "version %s, faults: %s, admin %s",
            args.version,
            faults.describe(),
            "enabled" if settings.admin_token else "disabled",
        )
        server.run()
    except SystemExit:
        pass  # a signal before the serving loop started: still a clean stop
    finally:
        with app.app_context():
            services().close()
        if temporary_folder is not None:
            shutil.rmtree(temporary_folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
