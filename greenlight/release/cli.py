"""``greenlight release``: take a version live with a strategy, gated by the smoke suite.

    $ greenlight release --env prod --strategy blue-green --version 2.1.0
    greenlight release: prod, blue-green, version 2.1.0 (deployment mode)
      +0.0s  find the live target                   ok     0.1s
      +0.1s  deploy 2.1.0 to green                  ok     2.3s
      ...
    released: 2.1.0 serves prod through green (blue is idle)
    release record: reports/prod/release.json

Exit codes: 0 released (or a recommendation for a person), 1 stopped and rolled back,
2 someone must look (an unexpected error, rolled back first, or a rollback step that
failed too), 4 a usage error, 130 interrupted by Ctrl-C and 143 by SIGTERM (rolled
back first). Whatever ends a release, release.json has its outcome.

With ``--watch 30m`` the released version is watched (:mod:`greenlight.release.watched`):
a no-go round undoes it with the strategy's own undo and the release exits 1 (2 if the
undo failed); a watch stopped by Ctrl-C leaves the release released and exits 130.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from greenlight import durations
from greenlight.config import load_environment
from greenlight.config.environment import add_environments_argument, add_reports_argument
from greenlight.errors import ConfigError
from greenlight.notify import Notifier
from greenlight.release import ab, bluegreen, canary, rolling, signals
from greenlight.release.gate import GRACE_S, Gate
from greenlight.release.mann_whitney import require_scipy
from greenlight.release.record import RELEASED, ROLLED_BACK, Record
from greenlight.release.signals import terminated_by_sigterm
from greenlight.release.spec import MODES, STRATEGIES, release_spec
from greenlight.release.steps import Steps, Stop
from greenlight.release.watched import undoes_itself, watch_release
from greenlight.watch.spec import watch_spec

Strategy = Callable[[Steps], tuple[str, str]]
RUN: dict[str, Strategy] = {
    "blue-green": bluegreen.release,
    "canary": canary.release,
    "rolling": rolling.release,
    "ab": ab.release,
}
EXIT_ROLLED_BACK = 1
EXIT_ROLLBACK_FAILED = 2


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
    add_reports_argument(command, "release.json")
    command.add_argument(
        "--grace",
        type=float,
        default=GRACE_S,
        metavar="SECONDS",
        help="how long a smoke run that must stop may clean up after SIGTERM, before "
        f"SIGKILL (default: {GRACE_S:g})",
    )
    command.add_argument(
        "--watch",
        type=durations.argument,
        metavar="DURATION",
        help="after a release, watch it this long (e.g. 10m); a no-go round undoes it",
    )
    command.add_argument(
        "--watch-every",
        type=durations.argument,
        metavar="DURATION",
        help="from one watch round's start to the next (default: [ENV.watch].every)",
    )
    command.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not args.version.strip():
        raise ConfigError(["--version must not be empty"])
    env = load_environment(args.environments, args.env, os.environ)
    spec = release_spec(env, args.strategy)
    if args.mode:
        spec = replace(spec, mode=args.mode)
    if spec.settings.get("judge") == "mann-whitney":
        require_scipy()  # before anything is deployed: a usage error naming the extra
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
        grace=args.grace,
    )
    steps = Steps(env, spec, args.version, record, gate, verdicts=record.folder)
    notifier = Notifier.of(env)
    after = None
    if args.watch is not None:  # checked now, before anything is deployed
        watch = watch_spec(
            env,
            lasting=args.watch.total_seconds(),
            every=args.watch_every.total_seconds() if args.watch_every else None,
            suite=None,  # the watch section's suite, else the release section's
            mode=spec.mode,
            undo=undoes_itself(steps),
        )
        after = functools.partial(watch_release, spec=watch, notifier=notifier)
    code = carry_out(steps, RUN[spec.strategy], after)
    headline = f"greenlight release: {record.outcome} - {record.summary}"
    notifier.send("release-done", headline, details=[], report=record.path)
    return code


def carry_out(steps: Steps, strategy: Strategy, after: Callable[[Steps], int] | None = None) -> int:
    """Run the strategy; whatever ends it early, roll back, record it and pick the exit code.

    ``after``: the watch of a released version; its exit code, its undo already run.
    """
    record = steps.record
    try:
        with terminated_by_sigterm():
            record.begin()
            outcome, summary = strategy(steps)
    except Stop as stop:
        return _roll_back(steps, str(stop), EXIT_ROLLED_BACK)
    except KeyboardInterrupt as interrupt:
        record.interrupted = True
        why, code = signals.why(interrupt)
        print(f"\n{why}: rolling back to the last known-good state", file=sys.stderr)
        return _roll_back(steps, why, code)
    except Exception as error:  # a hook that could not run, a bug: never a traceback
        why = f"unexpected {type(error).__name__}: {error}"
        with contextlib.suppress(OSError):  # the record may be what failed
            record.note("unexpected error", why, ok=False, kind="error")
        _roll_back(steps, why, EXIT_ROLLBACK_FAILED)
        print(
            f"greenlight release: {why}; {_done(record.rollback, record.left_behind)}; "
            f"someone must look (see {record.path})",
            file=sys.stderr,
        )
        return EXIT_ROLLBACK_FAILED
    if after is None or outcome != RELEASED:
        record.finish(outcome, summary)
        return 0
    code = after(steps)
    watched = record.extra["watch"]["summary"]
    if code in (EXIT_ROLLED_BACK, EXIT_ROLLBACK_FAILED):
        done = _done(record.rollback, record.left_behind)
        record.finish(ROLLED_BACK, f"{summary}, then its watch failed ({watched}); {done}")
        return code
    record.finish(outcome, f"{summary}; its watch {record.extra['watch']['outcome']}: {watched}")
    return code


def _roll_back(steps: Steps, why: str, code: int) -> int:
    """Undo, record the outcome (never left null), and the exit code: 2 if an undo failed."""
    complete = steps.roll_back()
    record = steps.record
    try:
        record.finish(ROLLED_BACK, f"{why}; {_done(record.rollback, record.left_behind)}")
    except OSError as error:
        print(f"greenlight release: the record could not be written: {error}", file=sys.stderr)
        return EXIT_ROLLBACK_FAILED
    return code if complete else EXIT_ROLLBACK_FAILED


def _done(rollback: str | None, left_behind: list[str]) -> str:
    if rollback is None:
        return "nothing had reached users, so nothing was rolled back"
    if rollback == "complete":
        return "rolled back to the last known-good state"
    if left_behind:
        return "the rollback FAILED: " + "; ".join(left_behind)
    return "the rollback FAILED in part: see the timeline and check the platform"
