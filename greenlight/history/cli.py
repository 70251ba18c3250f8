"""``greenlight history --env ENV``: the delivery metrics teams report, from the records.

    $ greenlight history --env prod --since 30d
    greenlight history: prod over the last 30d (12 releases, 4 watches)
      deployment frequency   9 deployments, 0.3 per day
      change failure rate    22% (2 of 9 deployments rolled back or failing their watch)
      time to restore        4m mean over 2 restored failures
      lead time              3h 12m mean over 9 deployments with a known commit time
    $ greenlight history --env prod --json

The records are ``reports/<env>/releases/*/release.json`` and
``reports/<env>/watches/*/watch.json``; how each metric is counted:
:mod:`greenlight.history.metrics`. Exit 0, or 4 for a usage error (an unknown
environment, no records at all).
"""

from __future__ import annotations

import argparse
import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from greenlight import durations
from greenlight.config import load_environment
from greenlight.config.environment import add_environments_argument
from greenlight.errors import ConfigError
from greenlight.history.metrics import Metrics, measure, read_history


def add_parser(subparsers: Any) -> None:
    command = subparsers.add_parser(
        "history",
        help="delivery metrics from the release records: frequency, failure rate, restore time",
    )
    command.add_argument("--env", required=True, metavar="NAME", help="environment")
    command.add_argument(
        "--since",
        type=durations.argument,
        default=timedelta(days=30),
        metavar="DURATION",
        help="only releases and watches begun this long ago or later (default: 30d)",
    )
    command.add_argument("--json", action="store_true", help="the metrics as JSON")
    add_environments_argument(command)
    command.add_argument(
        "--reports",
        type=Path,
        default=Path("reports"),
        metavar="DIR",
        help="where the records are: DIR/<env>/ (default: reports)",
    )
    command.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    env = load_environment(args.environments, args.env, os.environ)
    folder = args.reports / env.name
    history = read_history(folder, since=args.since)
    if not history.releases and not history.watches:
        raise ConfigError(
            [
                f"no release or watch records of {env.name} in {folder} since "
                f"{durations.spoken(args.since.total_seconds())} ago: `greenlight release` and "
                "`greenlight watch` write them (or give --reports, --since)"
            ]
        )
    metrics = measure(history, since=args.since, roots=(env.source.parent, Path.cwd()))
    if args.json:
        print(json.dumps({"environment": env.name, **metrics.as_dict()}, indent=2))
    else:
        print("\n".join(table(env.name, metrics, durations.spoken(args.since.total_seconds()))))
    return 0


def table(name: str, metrics: Metrics, since: str) -> list[str]:
    """The metrics as the terminal shows them, one a line."""
    restore = (
        "- (no failure)"
        if not metrics.failures
        else _mean(metrics.mean_time_to_restore_s, metrics.restored, "restored failure(s)")
        or f"not restored yet ({metrics.failures} failure(s))"
    )
    lead = (
        "- (no deployment)"
        if not metrics.deployments
        else _mean(metrics.mean_lead_time_s, metrics.lead_times, "deployment(s) with a commit time")
        or "unknown (no deployment's commit time is known)"
    )
    frequency = f"{metrics.deployments} deployment(s) in {since}"
    if metrics.since_days >= 1:
        frequency += f", {metrics.per_day:.2g} per day"
    rows = [
        ("deployment frequency", frequency),
        ("change failure rate", _failure_rate(metrics)),
        ("time to restore", restore),
        ("lead time", lead),
    ]
    head = (
        f"greenlight history: {name} over the last {since} "
        f"({metrics.releases} release(s), {metrics.watches} separate watch(es))"
    )
    return [head, *(f"  {label:<22} {value}" for label, value in rows)]


def _failure_rate(metrics: Metrics) -> str:
    if metrics.change_failure_rate is None:
        return "- (no deployment)"
    return (
        f"{metrics.change_failure_rate:.0%} ({metrics.failures} of {metrics.deployments} "
        "deployment(s) rolled back or failing their watch)"
    )


def _mean(value: float | None, count: int, what: str) -> str:
    if value is None:
        return ""
    shown = durations.spoken(value) if value >= 60 else f"{value:.1f}s"
    return f"{shown} mean over {count} {what}"
