"""``greenlight release``: take a version live with a strategy, gated by the smoke suite.

    $ greenlight release --env prod --strategy blue-green --version 2.1.0
    greenlight release: prod, blue-green, version 2.1.0 (deployment mode)
      +0.0s  find the live target                   ok     0.1s
      +0.1s  deploy 2.1.0 to green                  ok     2.3s
      ...
    released: 2.1.0 serves prod through green (blue is idle)
    release record: reports/prod/release.json

Exit codes: 0 released (or a recommendation for a person), 1 stopped and rolled back,
2 a rollback step failed too (someone must look), 4 a usage error, 130 interrupted
(rolled back first).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from greenlight.config import load_environment
from greenlight.config.environment import add_environments_argument
from greenlight.errors import ConfigError
from greenlight.release import ab, bluegreen, canary, rolling
from greenlight.release.gate import Gate
from greenlight.release.record import ROLLED_BACK, Record
from greenlight.release.spec import MODES, STRATEGIES, release_spec
from greenlight.release.steps import Steps, Stop

Strategy = Callable[[Steps], tuple[str, str]]
RUN: dict[str, Strategy] = {
    "blue-green": bluegreen.release,
    "canary": canary.release,
    "rolling": rolling.release,
    "ab": ab.release,
}
EXIT_ROLLED_BACK = 1
EXIT_ROLLBACK_FAILED = 2
EXIT_INTERRUPTED = 130


def add_parser(subparsers: Any) -> None:
    command = subparsers.add_parser(
        "release", help="release a version with a strategy, gated by the smoke suite"
    )
    command.add_argument("--env", required=True, metavar="NAME", help="environment to release to")
    command.add_argument(
        "--strategy",
        required=True,
        choices=STRATEGIES,
        help="how the version reaches users (see docs/release.md)",
    )
    command.add_argument("--version", required=True, metavar="V", help="version to release")
    command.add_argument(
        "--mode", choices=MODES, help="override the release section's mode for this run"
    )
    add_environments_argument(command)
    command.add_argument(
        "--reports",
        type=Path,
        default=Path("reports"),
        metavar="DIR",
        help="where the release record goes: DIR/<env>/release.json (default: reports)",
    )
    command.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not args.version.strip():
        raise ConfigError(["--version must not be empty"])
    env = load_environment(args.environments, args.env, os.environ)
    spec = release_spec(env, args.strategy)
    if args.mode:
        spec = replace(spec, mode=args.mode)
    folder = args.reports / env.name
    record = Record(
        folder / "release.json",
        environment=env.name,
        strategy=spec.strategy,
        version=args.version,
        mode=spec.mode,
        secrets=env.secrets,
    )
    gate = Gate(
        env=env.name,
        environments=args.environments.resolve(),
        suite=spec.suite,
        timeout=spec.gate_timeout,
    )
    steps = Steps(env, spec, args.version, record, gate, verdicts=record.folder)
    return carry_out(steps, RUN[spec.strategy])


def carry_out(steps: Steps, strategy: Strategy) -> int:
    """Run the strategy; on a stop or Ctrl-C roll back, record it and pick the exit code."""
    record = steps.record
    record.begin()
    try:
        outcome, summary = strategy(steps)
    except Stop as stop:
        complete = steps.roll_back()
        record.finish(ROLLED_BACK, _stopped(str(stop), record.rollback))
        return EXIT_ROLLED_BACK if complete else EXIT_ROLLBACK_FAILED
    except KeyboardInterrupt:
        record.interrupted = True
        print("\ninterrupted: rolling back to the last known-good state", file=sys.stderr)
        complete = steps.roll_back()
        record.finish(ROLLED_BACK, _stopped("interrupted (Ctrl-C)", record.rollback))
        return EXIT_INTERRUPTED if complete else EXIT_ROLLBACK_FAILED
    record.finish(outcome, summary)
    return 0


def _stopped(why: str, rollback: str | None) -> str:
    if rollback is None:
        return f"{why}; nothing had reached users, so nothing was rolled back"
    if rollback == "complete":
        return f"{why}; rolled back to the last known-good state"
    return f"{why}; the rollback FAILED in part: see the timeline and check the platform"
