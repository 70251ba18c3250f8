"""The ``greenlight`` command: each subcommand lives in its own module.

    $ greenlight envs                 # list environments, secrets shown as ***
    $ greenlight envs --check prod    # validate one and ping its health endpoint

A subcommand module offers ``add_parser(subparsers)``, which sets ``handler`` to a
function taking the parsed arguments and returning the exit code. Usage errors print
one message and exit with 4, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import metadata

from greenlight.config import cli as config_cli
from greenlight.errors import USAGE_ERROR, ConfigError
from greenlight.history import cli as history_cli
from greenlight.release import clean as clean_command
from greenlight.release import cli as release_cli
from greenlight.release import serve as serve_command
from greenlight.report import cli as report_cli
from greenlight.scaffold import cli as init_cli
from greenlight.verdict import cli as verdict_cli
from greenlight.watch import cli as watch_cli

COMMANDS = (
    init_cli,
    config_cli,
    release_cli,
    serve_command,
    watch_cli,
    history_cli,
    clean_command,
    report_cli,
    verdict_cli,
)


# One example a subcommand, the last thing its --help shows.
EXAMPLES = {
    "init": "greenlight init acceptance/        # a project for your own system",
    "envs": "greenlight envs --check prod      # validate prod, ping its health endpoint",
    "release": "greenlight release --env demo --strategy canary --version 1.3.0",
    "serve": "greenlight serve --env prod --port 8080   # Flagger's and Argo's smoke gate",
    "watch": "greenlight watch --env prod --for 30m  # judge production for 30 minutes",
    "history": "greenlight history --env prod --since 30d",
    "clean": "greenlight clean --env staging   # remove the test data runs left behind",
    "report": "greenlight report --env prod --open   # build, then serve it on 127.0.0.1",
    "verdict": "greenlight verdict reports/eu/verdict.json reports/us/verdict.json",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message}\n")


def parser() -> argparse.ArgumentParser:
    top = _Parser(
        prog="greenlight", description="Acceptance and smoke tests that decide a release."
    )
    top.add_argument("--version", action="version", version=f"greenlight {_version()}")
    subparsers = top.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in COMMANDS:
        command.add_parser(subparsers)
    # Each subcommand's own --help opens with the line the overview shows for it.
    for choice in subparsers._choices_actions:
        sub = subparsers.choices[choice.dest]
        if sub.description is None and choice.help:
            sub.description = choice.help[0].upper() + choice.help[1:] + "."
        if choice.dest in EXAMPLES and sub.epilog is None:
            sub.epilog = f"example:\n  $ {EXAMPLES[choice.dest]}"
            sub.formatter_class = argparse.RawDescriptionHelpFormatter
    return top


def _version() -> str:
    try:
        return metadata.version("greenlight")
    except metadata.PackageNotFoundError:  # run from a checkout that is not installed
        return "(not installed)"


def main(argv: Sequence[str] | None = None) -> int:
    top = parser()
    args = top.parse_args(argv)
    if args.command is None:  # bare `greenlight`: what it can do, not an error
        top.print_help()
        return 0
    try:
        return int(args.handler(args))
    except ConfigError as error:
        print(f"greenlight: error: {error}", file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:
        print("greenlight: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
