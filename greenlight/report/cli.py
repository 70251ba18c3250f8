"""``greenlight report``: the HTML report of a run, with its history and the release verdict.

    $ greenlight report --env staging
    report: reports/staging/allure-report/index.html
    verdict: NO-GO: 1 of 12 scenarios failed: Checking out ... (api)

Reads ``reports/<env>/allure-results`` (``--results``), writes
``reports/<env>/allure-report`` (``--output``), keeps the trend in
``history.jsonl`` beside the results, and shows the ``verdict.json`` found there.
The folder is static: open ``index.html`` through any web server, or publish it as a
CI artifact or on static pages; ``--open`` serves it on 127.0.0.1 and prints the
address (:mod:`greenlight.report.open_report`).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from greenlight.config.environment import (
    add_environments_argument,
    checked_name,
    merged,
    read_tables,
)
from greenlight.errors import ConfigError
from greenlight.report import allure_cli, open_report, verdict_page
from greenlight.report.results_dir import RESULTS, reports_dir
from greenlight.secrets import Secrets
from greenlight.verdict import merge

REPORT = "allure-report"
HISTORY = "history.jsonl"
VERDICTS = "verdicts.jsonl"  # the headline of each verdict a report was built with


def add_parser(subparsers: Any) -> None:
    command = subparsers.add_parser("report", help="build the HTML report of a run")
    command.add_argument(
        "--env",
        default="local",
        metavar="NAME",
        help="environment the run was aimed at (default: local)",
    )
    command.add_argument(
        "--results",
        type=Path,
        nargs="+",
        metavar="DIR",
        help="the run's Allure results (default: reports/NAME/allure-results); several "
        "(one per shard): one report, with the merge of the verdicts beside them",
    )
    command.add_argument(
        "--output",
        type=Path,
        metavar="DIR",
        help="where the HTML report goes (default: allure-report beside the results)",
    )
    command.add_argument(
        "--open",
        action="store_true",
        help="then serve the report on 127.0.0.1 and print its address (Ctrl-C stops); "
        "browsers do not run it from disk",
    )
    command.add_argument(
        "--port",
        type=int,
        default=0,
        metavar="PORT",
        help="with --open: the port to serve on (default: a free one)",
    )
    add_environments_argument(command, "for the secrets to mask")
    command.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    built = build_report(args)
    if built is None:
        return 1
    if args.open:
        return open_report.serve(built, args.port)
    return 0


def build_report(args: argparse.Namespace) -> Path | None:
    """Build the report and add the verdict; the report folder, or None when Allure failed."""
    checked_name(args.env)  # it names the report, and by default its folders
    folders: list[Path] = args.results or [reports_dir(Path(), args.env) / RESULTS]
    problems = [
        f"no Allure results in {results}; run the suite first "
        f"(pytest --env={args.env}), or name the folder with --results DIR"
        for results in folders
        if not results.is_dir() or not any(results.glob("*-result.json"))
    ]
    if problems:
        raise ConfigError(problems)
    # One folder: the report goes beside it; several (shards): into the environment's.
    home = folders[0].parent if len(folders) == 1 else reports_dir(Path(), args.env)
    output: Path = args.output or home / REPORT
    allure = allure_cli.find_allure(Path.cwd())
    try:
        allure_cli.build(
            allure,
            results=folders,
            output=output,
            history=home / HISTORY,
            name=f"greenlight: {args.env}",
            # reports/<env>/allure-report: our own folder, maybe built before the marker
            legacy=args.output is None and args.results is None,
        )
    except allure_cli.BuildFailed as error:
        print(f"greenlight report: {error}")
        return None
    print(f"report: {output / 'index.html'}")
    verdict = _verdict(folders)
    if verdict is None:
        where = ", ".join(str(results.parent) for results in folders)
        print(f"verdict: none found in {where} (the report has no verdict banner)")
        return output
    secrets = _secrets(args.environments, args.env)
    verdict_page.add_to_report(
        output, verdict, secrets, release=home / "release.json", history=home / VERDICTS
    )
    print(f"verdict: {secrets.mask(verdict_page.headline(verdict))} ({output / 'verdict.html'})")
    return output


def _verdict(folders: list[Path]) -> dict[str, Any] | None:
    """The verdict beside the results; for several folders, the merge of those found."""
    found = [
        (path, verdict)
        for path in (results.parent / "verdict.json" for results in folders)
        if (verdict := verdict_page.read_verdict(path)) is not None
    ]
    if len(folders) == 1 or not found:
        return found[0][1] if found else None
    missing = [
        f"no verdict beside {results} (expected {results.parent / 'verdict.json'})"
        for results in folders
        if not (results.parent / "verdict.json").is_file()
    ]
    return merge.merged(found, missing)


def _secrets(path: Path, env_name: str) -> Secrets:
    """The environment's secret values from the process, to mask; none if unreadable."""
    try:
        tables = read_tables(path)
    except ConfigError:
        return Secrets()
    if not isinstance(tables.get(env_name), dict):
        return Secrets()
    names = merged(tables, env_name).get("secrets") or {}
    return Secrets(
        {name: os.environ[variable] for name, variable in names.items() if os.environ.get(variable)}
    )
