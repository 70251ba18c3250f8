"""``greenlight serve``: the smoke gate over HTTP, for Flagger and Argo Rollouts.

    $ greenlight serve --env prod --port 8080
    greenlight serve: gate for prod on http://127.0.0.1:8080 (POST /gate, /decision)

``POST /gate`` follows Flagger's webhook contract: a JSON body with ``name``,
``namespace``, ``phase`` and ``metadata`` (``metadata.target`` and ``metadata.env`` pick
another target or environment); the answer is 200 on go and 503 with the reasons on
no-go. ``/decision`` (GET or POST, same parameters, also as a query string) always
answers 200 with ``{"decision": "go" | "no-go", "reasons": [...]}`` for an Argo
Rollouts ``web`` metric's ``jsonPath``, since Argo counts a 5xx as an error, not a
failure. One smoke run at a time per environment: a request while one runs is answered
at once with 409 and ``"decision": "busy"``; the caller asks again at its next interval.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from greenlight.config import load_environment
from greenlight.config.environment import Environment, add_environments_argument
from greenlight.errors import ConfigError
from greenlight.process import Process
from greenlight.release.gate import Gate, GateVerdict, run_gate

BUSY = 409
NO_GO = 503
MAX_BODY = 64 * 1024
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


def add_parser(subparsers: Any) -> None:
    command = subparsers.add_parser(
        "serve", help="answer Flagger webhooks and Argo Rollouts web metrics with the smoke gate"
    )
    command.add_argument("--env", required=True, metavar="NAME", help="default environment")
    command.add_argument("--target", metavar="NAME", help="default target (e.g. canary)")
    command.add_argument("--host", default="127.0.0.1", help="address to listen on")
    command.add_argument("--port", type=int, default=8080, help="port; 0 picks a free one")
    command.add_argument(
        "--suite",
        action="append",
        metavar="ARG",
        help="pytest argument for the smoke run, repeatable (default: the release section's suite)",
    )
    add_environments_argument(command)
    command.add_argument("--reports", type=Path, default=Path("reports"), metavar="DIR")
    command.set_defaults(handler=run)


@dataclass
class GateService:
    """What the handler needs: defaults, where things are, and one lock per environment."""

    environments: Path
    env: str
    target: str | None
    reports: Path
    suite: tuple[str, ...] | None
    locks: dict[str, threading.Lock] = field(default_factory=dict)
    running: set[Process] = field(default_factory=set)  # the smoke runs going on
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def lock_for(self, env: str) -> threading.Lock:
        with self._guard:
            return self.locks.setdefault(env, threading.Lock())

    def resolve(self, asked: dict[str, str]) -> tuple[Environment, Gate]:
        name = asked.get("env") or self.env
        env = load_environment(
            self.environments, name, os.environ, target=asked.get("target") or None
        )
        release = env.settings.get("release", {})
        suite = self.suite if self.suite is not None else tuple(release.get("suite", ()))
        gate = Gate(
            env=name,
            environments=self.environments,
            suite=suite,
            timeout=float(release.get("gate_timeout", 300.0)),
        )
        return env, gate

    def stop_runs(self) -> None:
        """Stop smoke runs still going when the server stops, and all they started."""
        for process in list(self.running):
            process.stop()

    def answer(self, asked: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """(HTTP status for Flagger, JSON body) for one gate request."""
        asked = {"target": self.target or "", **{k: v for k, v in asked.items() if v}}
        try:
            env, gate = self.resolve(asked)
        except ConfigError as error:
            return 400, {"decision": "no-go", "reasons": [str(error)]}
        lock = self.lock_for(env.name)
        if not lock.acquire(blocking=False):
            reason = f"a smoke run for {env.name} is already running; ask again later"
            return BUSY, {"decision": "busy", "environment": env.name, "reasons": [reason]}
        try:
            target = env.target
            name = _SAFE.sub("_", target or "public")
            path = self.reports / env.name / "gate" / f"{name}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            verdict = run_gate(
                gate, target=target, verdict_path=path.resolve(), running=self.running
            )
        finally:
            lock.release()
        return (200 if verdict.go else NO_GO), _body(env, verdict)


def _body(env: Environment, verdict: GateVerdict) -> dict[str, Any]:
    return {
        "decision": verdict.decision,
        "reasons": verdict.reasons,
        "environment": env.name,
        "target": env.target,
        "duration_s": verdict.duration_s,
        "verdict": str(verdict.path),
    }


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/health":
            self._send(200, {"status": "ok"})
        elif url.path == "/decision":
            self._gate(_query(url.query), always_ok=True)
        else:
            self._send(404, {"error": "unknown path; use POST /gate or /decision"})

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path not in ("/gate", "/decision"):
            self._send(404, {"error": "unknown path; use POST /gate or /decision"})
            return
        try:
            asked = {**_query(url.query), **self._webhook()}
        except ValueError as error:
            self._send(400, {"decision": "no-go", "reasons": [str(error)]})
            return
        self._gate(asked, always_ok=url.path == "/decision")

    def _webhook(self) -> dict[str, str]:
        """env and target from a Flagger body's metadata; other fields are only logged."""
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError(f"request body over {MAX_BODY} bytes")
        raw = self.rfile.read(length) if length else b""
        if not raw.strip():
            return {}
        body = json.loads(raw)  # a JSONDecodeError is a ValueError: 400
        if not isinstance(body, dict):
            raise ValueError("the body must be a JSON object like Flagger's webhook payload")
        metadata = body.get("metadata") or {}
        if not isinstance(metadata, dict):
            raise ValueError("metadata must be an object of strings")
        self.log_message(
            "webhook %s/%s phase %s", body.get("namespace"), body.get("name"), body.get("phase")
        )
        return {key: str(metadata[key]) for key in ("env", "target") if metadata.get(key)}

    def _gate(self, asked: dict[str, str], *, always_ok: bool) -> None:
        status, body = self.server.service.answer(asked)
        if always_ok and status in (200, NO_GO):
            status = 200
        self._send(status, body)

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], service: GateService) -> None:
        super().__init__(address, _Handler)
        self.service = service


def _query(query: str) -> dict[str, str]:
    return {key: values[-1] for key, values in parse_qs(query).items() if key in ("env", "target")}


def run(args: argparse.Namespace) -> int:
    # Check the configuration now, so a mistake is a usage error and not a 400 later.
    load_environment(args.environments, args.env, os.environ, target=args.target)
    service = GateService(
        environments=args.environments.resolve(),
        env=args.env,
        target=args.target,
        reports=args.reports,
        suite=tuple(args.suite) if args.suite else None,
    )
    try:
        server = _Server((args.host, args.port), service)
    except OSError as error:
        raise ConfigError([f"cannot listen on {args.host}:{args.port}: {error.strerror}"]) from None
    host, port = server.server_address[:2]
    print(
        f"greenlight serve: gate for {args.env} on http://{host!s}:{port} (POST /gate, /decision)",
        flush=True,
    )
    signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        service.stop_runs()
    return 0


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)  # leaves serve_forever through run's finally: smoke runs stopped
