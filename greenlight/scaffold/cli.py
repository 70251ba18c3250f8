"""``greenlight init [DIR]``: scaffold an acceptance project for your own system.

    $ greenlight init my-system
    greenlight: wrote 16 files in my-system
    next: edit the staging URL in environments.toml, then
      APP_URL=https://your-system.example.com pytest --env=prod
      greenlight report --env prod

Refuses (exit 4, naming them, writing nothing) when any of its files is there already.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from greenlight.scaffold.writer import write_project


def add_parser(subparsers: Any) -> None:
    command = subparsers.add_parser(
        "init", help="scaffold an acceptance project for your own system"
    )
    command.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="where the project goes (default: the current folder; created if missing)",
    )
    command.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    folder: Path = args.folder
    written = write_project(folder)
    print(f"greenlight: wrote {len(written)} files in {folder}")
    for path in written:
        print(f"  {path}")
    go = "" if folder == Path() else f"cd {folder} && "
    print(
        "next: edit the staging URL in environments.toml, then\n"
        f"  {go}APP_URL=https://your-system.example.com pytest --env=prod\n"
        "  greenlight report --env prod"
    )
    return 0
