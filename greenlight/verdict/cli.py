"""``greenlight verdict PATH...``: a verdict in words; several merged into one decision.

    $ greenlight verdict reports/prod/verdict.json
    greenlight: GO - 14/14 smoke scenarios passed on prod (shop 2.1.0)
    $ greenlight verdict reports/eu/verdict.json reports/us/verdict.json
    greenlight: NO-GO - 1 of 14 failed on prod (eu): Checkout (api)
      reason: 1 of 14 scenarios failed: Checkout (api).
    greenlight: GO - 14/14 smoke scenarios passed on prod (us) (shop 2.1.0)
    greenlight: merged: NO-GO (1 of 2 verdicts no-go: reports/eu/verdict.json)

One verdict per region, shard or service; the merged decision is go only if every
one is, and, for a suite split into shards, every shard is there (a missing shard is a
no-go). ``--out PATH`` writes the merged verdict, a verdict file itself:

    $ greenlight verdict shard-1/verdict.json shard-2/verdict.json --out reports/prod/verdict.json
 Exit code 0 if and only if it is go; 4 for a file that is not a verdict
(read by :mod:`greenlight.verdict.file`, as every reader of a verdict does).

A pipeline that reads a verdict some time after the run can refuse a stale one or one
of another version; either makes the file count as no-go:

    $ greenlight verdict reports/prod/verdict.json --max-age 30m --expect-version 2.1.0
    greenlight: NO-GO - reports/prod/verdict.json ended 3h 12m ago, older than --max-age 30m
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from greenlight import durations
from greenlight.errors import ConfigError
from greenlight.secrets import Secrets
from greenlight.verdict.decision import NO_GO, Verdict
from greenlight.verdict.file import GO, read_verdict
from greenlight.verdict.merge import merged, shard_problems
from greenlight.verdict.words import describe, headline, merged_decision


def add_parser(subparsers: Any) -> None:
    command = subparsers.add_parser(
        "verdict", help="print release verdicts in words; merge several into one decision"
    )
    command.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="verdict.json files")
    command.add_argument(
        "--max-age",
        type=durations.argument,
        default=None,
        metavar="DURATION",
        help="a verdict whose run ended longer ago than this (90s, 30m, 2h, 1d) counts as no-go.",
    )
    command.add_argument(
        "--expect-version",
        default=None,
        metavar="VERSION",
        help="a verdict of a system reporting another version counts as no-go.",
    )
    command.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="PATH",
        help="write the merged verdict here (a verdict file itself), e.g. of every shard's.",
    )
    command.set_defaults(handler=run)


def refusals(path: Path, document: dict[str, Any], args: argparse.Namespace) -> list[str]:
    """Why this verdict cannot stand for the release asked about, however it decided."""
    found = []
    if args.max_age is not None:
        try:
            ended = datetime.fromisoformat(document["end"])
        except ValueError:
            raise ConfigError(
                [f"end: {document['end']!r} is not a time"], source=str(path)
            ) from None
        age = datetime.now(UTC) - (ended if ended.tzinfo else ended.replace(tzinfo=UTC))
        if age > args.max_age:
            found.append(
                f"{path} ended {_shown(age)} ago, older than --max-age {_shown(args.max_age)}"
            )
    if args.expect_version is not None and document["system_version"] != args.expect_version:
        seen = document["system_version"] or "an unknown version"
        found.append(
            f"{path} is a verdict on {seen}, not on --expect-version {args.expect_version}"
        )
    return found


def _shown(span: timedelta) -> str:
    return durations.spoken(span.total_seconds())


def run(args: argparse.Namespace) -> int:
    documents = [(path, read_verdict(path)) for path in args.paths]
    refused: list[str] = []
    for path, document in documents:
        print("\n".join(describe(document)))
        for refusal in refusals(path, document, args):
            print(f"greenlight: NO-GO - {refusal}")
            refused.append(refusal)
    missing = shard_problems(document for _, document in documents)
    for problem in missing:
        print(f"greenlight: NO-GO - {problem}")
    decision = merged_decision(document for _, document in documents)
    if refused or missing:
        decision = NO_GO
    if len(documents) > 1:
        against = [str(path) for path, document in documents if document["decision"] != GO]
        detail = (
            f"{len(against)} of {len(documents)} verdicts no-go: {', '.join(against)}"
            if against
            else f"all {len(documents)} verdicts go"
        )
        if missing:
            detail += f"; {len(missing)} shard problem(s)"
        print(f"greenlight: merged: {decision.upper()} ({detail})")
    if args.out is not None:
        document = merged(documents, refused)
        Verdict(document=document, reasons=document["reasons"]).write(args.out, secrets=Secrets())
        print(f"greenlight: merged verdict written to {args.out}: {headline(document)}")
    return 0 if decision == GO else 1
