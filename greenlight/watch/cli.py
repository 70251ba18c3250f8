"""``greenlight watch``: smoke rounds after a release, until the window ends or one says no-go.

    $ greenlight watch --env prod --for 30m --every 1m
    greenlight watch: prod for 1800s, a round every 60s (deployment mode)
      +0.0s  round 1                                GO     12.1s
      ...
    watch passed: 30 round(s) over 1800s, every one go
    watch record: reports/prod/watch.json

Exit codes: 0 the window passed, 1 a round said no-go (rolled back in deployment mode,
a person told in delivery mode), 2 the rollback failed too (someone must look), 4 a
usage error, 130 Ctrl-C and 143 SIGTERM (the record says how far it got). The suite is
resolved as ``greenlight serve`` resolves it (``--suite``, else ``[ENV.watch].suite``,
else the release section's). See :mod:`greenlight.watch.rounds`.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from greenlight.config import load_environment
from greenlight.config.environment import (
    Environment,
    add_environments_argument,
    add_reports_argument,
)
from greenlight.durations import argument
from greenlight.notify import Notifier
from greenlight.release.gate import GRACE_S, Gate
from greenlight.verdict.policy import MODES
from greenlight.watch.record import WatchRecord
from greenlight.watch.rounds import Watch
from greenlight.watch.spec import WatchSpec, watch_spec


def add_parser(subparsers: Any) -> None:
    command = subparsers.add_parser(
        "watch", help="watch a release in production: smoke rounds until a window ends"
    )
    command.add_argument("--env", required=True, metavar="NAME", help="environment to watch")
    command.add_argument("--target", metavar="NAME", help="a named target of the environment")
    add_timing_arguments(command)
    command.add_argument(
        "--suite",
        action="append",
        metavar="ARG",
        help="pytest argument for each round's smoke run, repeatable "
        "(default: the watch section's suite, else the release section's)",
    )
    command.add_argument("--mode", choices=MODES, help="override the watch's mode for this run")
    command.add_argument(
        "--expect-version",
        metavar="V",
        help="a round whose system reports another version is no-go",
    )
    add_environments_argument(command)
    add_reports_argument(command, "watch.json")
    command.set_defaults(handler=run)


def add_timing_arguments(command: argparse.ArgumentParser) -> None:
    """``--for`` and ``--every`` (durations like 90s, 30m)."""
    command.add_argument(
        "--for",
        dest="watch_for",
        type=argument,
        metavar="DURATION",
        help="how long the watch lasts, e.g. 30m (default: the watch section's for)",
    )
    command.add_argument(
        "--every",
        dest="watch_every",
        type=argument,
        metavar="DURATION",
        help="from one round's start to the next, e.g. 1m (default: the watch section's every)",
    )


def run(args: argparse.Namespace) -> int:
    env = load_environment(args.environments, args.env, os.environ, target=args.target)
    spec = spec_of(env, args, suite=args.suite, mode=args.mode)
    record = record_for(env, spec, args.reports / env.name / "watch.json")
    return Watch(
        env,
        spec,
        record,
        gate_for(env, spec, args.environments),
        Notifier.of(env),
        expect_version=args.expect_version,
    ).run()


def spec_of(
    env: Environment, args: argparse.Namespace, *, suite: Any, mode: str | None
) -> WatchSpec:
    lasting, every = args.watch_for, args.watch_every
    return watch_spec(
        env,
        lasting=lasting.total_seconds() if lasting is not None else None,
        every=every.total_seconds() if every is not None else None,
        suite=suite,
        mode=mode,
    )


def record_for(
    env: Environment, spec: WatchSpec, path: Path, folder: Path | None = None
) -> WatchRecord:
    return WatchRecord(
        path,
        environment=env.name,
        target=env.target,
        mode=spec.mode,
        lasting=spec.lasting,
        every=spec.every,
        folder=folder,
        secrets=env.secrets,
    )


def gate_for(env: Environment, spec: WatchSpec, environments: Path) -> Gate:
    return Gate(
        env=env.name,
        environments=environments.resolve(),
        suite=spec.suite,
        timeout=spec.gate_timeout,
        grace=GRACE_S,
    )
