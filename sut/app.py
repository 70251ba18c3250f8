"""Build the shop's Flask app from Settings.

Example::

    from sut.app import create_app
    from sut.context import Settings

    app = create_app(Settings(db_path="/tmp/shop.db", admin_token="secret"))
    client = app.test_client()
    client.get("/health").json   # {"status": "ok", "version": "1.0.0", ...}
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from sut import api, web
from sut.context import EXTENSION_KEY, Services, Settings, services
from sut.fulfilment import FulfilmentWorker
from sut.shop import Shop
from sut.store import Store
from sut.telemetry import Telemetry


def create_app(settings: Settings) -> Flask:
    app = Flask(__name__)
    # A fresh key per process: sessions need not survive a restart of a test shop.
    app.secret_key = secrets.token_hex(32)
    telemetry = Telemetry()
    shop = Shop(Store(settings.db_path), settings.faults, telemetry)
    telemetry.watch_queue(shop.queue_depth)
    worker = None
    if settings.fulfil_delay is not None:
        worker = FulfilmentWorker(shop, settings.fulfil_delay)
        worker.start()
    app.extensions[EXTENSION_KEY] = Services(settings, shop, telemetry, worker)
    telemetry.install(app, settings.faults, data_folder=Path(settings.db_path).parent)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(web.blueprint)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    return app


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path in ("/health", "/metrics")


def _http_error(error: HTTPException) -> Response | HTTPException:
    if not _wants_json():
        return error
    response = jsonify(error=error.description or error.name)
    response.status_code = error.code or 500
    return response


def _unexpected_error(error: Exception) -> tuple[Response | str, int]:
    services().telemetry.error(
        "unhandled error on %s %s", request.method, request.path, exc_info=True
    )
    if _wants_json():
        return jsonify(error="internal server error"), 500
    return "internal server error", 500
