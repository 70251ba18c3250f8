"""``greenlight verdict PATH...``: a verdict in words; several merged into one decision.

    $ greenlight verdict reports/prod/verdict.json
    greenlight: GO - 14/14 smoke scenarios passed on prod (shop 2.1.0)
    $ greenlight verdict reports/eu/verdict.json reports/us/verdict.json
    greenlight: NO-GO - 1 of 14 failed on prod (eu): Checkout (api)
      reason: 1 of 14 scenarios failed: Checkout (api).
    greenlight: GO - 14/14 smoke scenarios passed on prod (us) (shop 2.1.0)
    greenlight: merged: NO-GO (1 of 2 verdicts no-go: reports/eu/verdict.json)

One verdict per region, shard or service; the merged decision is go only if every
one is. Exit code 0 if and only if it is go; 4 for a file that is not a verdict
(read by :mod:`greenlight.verdict.file`, as every reader of a verdict does).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from greenlight.verdict.file import GO, read_verdict
from greenlight.verdict.words import describe, merged_decision


def add_parser(subparsers: Any) -> None:
    command = subparsers.add_parser(
        "verdict", help="print release verdicts in words; merge several into one decision"
    )
    command.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="verdict.json files")
    command.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    documents = [(path, read_verdict(path)) for path in args.paths]
    for _, document in documents:
        print("\n".join(describe(document)))
    decision = merged_decision(document for _, document in documents)
    if len(documents) > 1:
        against = [str(path) for path, document in documents if document["decision"] != GO]
        detail = (
            f"{len(against)} of {len(documents)} verdicts no-go: {', '.join(against)}"
            if against
            else f"all {len(documents)} verdicts go"
        )
        print(f"greenlight: merged: {decision.upper()} ({detail})")
    return 0 if decision == GO else 1
