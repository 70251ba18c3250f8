"""``greenlight serve``: the smoke gate over HTTP, for Flagger and Argo Rollouts.

    $ export GREENLIGHT_SERVE_TOKEN=$(openssl rand -hex 32)
    $ greenlight serve --env prod --target canary --port 8080
    greenlight serve: gate for prod on http://127.0.0.1:8080 (POST /gate or /decision; ...)

The token comes from an environment variable (``--token-env``, default
``GREENLIGHT_SERVE_TOKEN``), never from the command line, where ``ps`` and shell
history would show it; without one the gate does not start, unless
``--insecure-no-token`` is given and it listens on loopback only. Requests may name
only the environments of ``--allow-env`` and targets of ``--allow-target`` (besides
``--env`` and ``--target``). HTTP handling: :mod:`greenlight.release.gate_server`;
decisions: :mod:`greenlight.release.gate_service`.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import re
import signal
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

from greenlight.config import load_environment
from greenlight.config.environment import add_environments_argument
from greenlight.errors import ConfigError
from greenlight.release.gate_server import GateServer
from greenlight.release.gate_service import GateService, log

TOKEN_ENV = "GREENLIGHT_SERVE_TOKEN"
MIN_TOKEN = 16
_ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]{0,63}")


class _NoTokenHere(argparse.Action):
    """``--token SECRET`` is refused without repeating it (argparse would echo it back)."""

    def __call__(self, parser: Any, namespace: Any, values: Any, option: Any = None) -> None:
        raise argparse.ArgumentError(
            self,
            "the token never goes on the command line (ps and shell history show it): "
            f"put it in the environment variable named by --token-env (default {TOKEN_ENV})",
        )


def add_parser(subparsers: Any) -> None:
    command = subparsers.add_parser(
        "serve",
        help="answer Flagger webhooks and Argo Rollouts web metrics with the smoke gate",
        allow_abbrev=False,  # else --token SECRET would be taken as --token-env SECRET
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
    command.add_argument(
        "--allow-env", action="append", default=[], metavar="NAME",
        help="another environment requests may name, repeatable (default: only --env)",
    )  # fmt: skip
    command.add_argument(
        "--allow-target", action="append", default=[], metavar="NAME",
        help="another target requests may name, repeatable (default: only --target)",
    )  # fmt: skip
    command.add_argument(
        "--token-env", default=TOKEN_ENV, metavar="NAME",
        help=f"environment variable holding the bearer token (default {TOKEN_ENV})",
    )  # fmt: skip
    command.add_argument(
        "--insecure-no-token", action="store_true",
        help="serve without a token: only with --host on loopback (127.0.0.1, ::1, localhost)",
    )  # fmt: skip
    command.add_argument("--token", nargs="?", action=_NoTokenHere, help=argparse.SUPPRESS)
    add_environments_argument(command)
    command.add_argument("--reports", type=Path, default=Path("reports"), metavar="DIR")
    command.set_defaults(handler=run)


def read_token(name: str, environ: Mapping[str, str], *, insecure: bool, host: str) -> bytes | None:
    """The token's bytes, or None when serving without one is allowed; else a usage error."""
    if not _ENV_NAME.fullmatch(name):
        # Never repeat it: it may well be the token itself.
        raise ConfigError(
            [
                "--token-env takes the name of an environment variable (upper case, like "
                f"{TOKEN_ENV}), not the token itself"
            ]
        )
    token = environ.get(name, "").strip()
    if token and len(token) < MIN_TOKEN:
        raise ConfigError(
            [f"the token in {name} is too short (under {MIN_TOKEN}): use `openssl rand -hex 32`"]
        )
    if token:
        return token.encode()
    if not insecure:
        raise ConfigError(
            [
                f"no token: set {name} to a secret (e.g. `openssl rand -hex 32`) that callers "
                "send as 'Authorization: Bearer <token>', or pass --insecure-no-token to "
                "serve without one on loopback only"
            ]
        )
    if not is_loopback(host):
        raise ConfigError(
            [
                f"--insecure-no-token serves anyone who can connect, so loopback only: {host} "
                f"is not loopback (use --host 127.0.0.1, or set {name})"
            ]
        )
    return None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # another name: it may resolve to anything
        return False


def check_allowed(args: argparse.Namespace) -> None:
    """Every environment and target a request may name exists: a typo is a usage error now."""
    load_environment(args.environments, args.env, os.environ, target=args.target)
    targets: set[str] = set()
    for name in sorted({args.env, *args.allow_env}):
        targets |= set(load_environment(args.environments, name, os.environ).targets)
    for target in args.allow_target:
        if target not in targets:
            known = ", ".join(sorted(targets)) or "none defined"
            raise ConfigError(
                [f"--allow-target '{target}': no environment served has it (targets: {known})"]
            )


def run(args: argparse.Namespace) -> int:
    token = read_token(args.token_env, os.environ, insecure=args.insecure_no_token, host=args.host)
    # The smoke runs are children of this process: they have no business with the token.
    os.environ.pop(args.token_env, None)
    check_allowed(args)
    service = GateService(
        environments=args.environments.resolve(),
        env=args.env,
        target=args.target,
        reports=args.reports,
        suite=tuple(args.suite) if args.suite else None,
        allowed_envs=frozenset(args.allow_env),
        allowed_targets=frozenset(args.allow_target),
    )
    try:
        server = GateServer((args.host, args.port), service, token=token)
    except OSError as error:
        raise ConfigError([f"cannot listen on {args.host}:{args.port}: {error.strerror}"]) from None
    host, port = server.server_address[:2]
    auth = f"token from {args.token_env}" if token else "NO TOKEN, loopback only"
    print(
        f"greenlight serve: gate for {args.env} on http://{host!s}:{port} "
        f"(POST /gate or /decision runs the smoke suite; {auth})",
        flush=True,
    )
    log(f"serving {_names([args.env, *args.allow_env])}; targets {_targets(args)}")
    signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        service.stop_runs()
    return 0


def _names(names: Sequence[str]) -> str:
    return ", ".join(sorted(set(names)))


def _targets(args: argparse.Namespace) -> str:
    return _names([args.target or "public", *args.allow_target])


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)  # leaves serve_forever through run's finally: smoke runs stopped
