"""Run the benchmarks, print the table and write ``benchmarks/RESULTS.md``.

    $ make bench                                  # all seven, three runs each
    $ python -m benchmarks --only B1,B4 --repeat 5 --output /tmp/results.md

A partial run (``--only``) prints its table but writes RESULTS.md only when
``--output`` names a file, so the committed results always hold every row.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.api_cases import b1_overhead, b2_parallel, b5_scaling
from benchmarks.gate_case import b7_gate
from benchmarks.harness import BenchmarkFailed
from benchmarks.nogo_case import b6_time_to_no_go
from benchmarks.report import Row, document, table
from benchmarks.startup_case import b4_startup
from benchmarks.ui_case import b3_ui

Case = Callable[..., list[Row]]
Runs = Callable[[int, float], int]
BUDGET_SECONDS = 12 * 60
# id -> (benchmark, timed runs of each command given --repeat and the seconds left of
# the budget). The 1000-scenario run and the UI journeys are the slowest, so they get
# fewer; the sequential slow-shop run and the UI journeys (run last) get fewer still
# when a busy machine has used up much of the budget.
CASES: dict[str, tuple[Case, Runs]] = {
    "B1": (b1_overhead, lambda repeat, left: repeat),
    "B2": (b2_parallel, lambda repeat, left: min(repeat, 3 if left > 6.5 * 60 else 2)),
    "B3": (b3_ui, lambda repeat, left: min(repeat, 2 if left > 4 * 60 else 1)),
    "B4": (b4_startup, lambda repeat, left: repeat),
    "B5": (b5_scaling, lambda repeat, left: min(repeat, 2)),
    "B6": (b6_time_to_no_go, lambda repeat, left: min(repeat, 3 if left > 7 * 60 else 2)),
    "B7": (b7_gate, lambda repeat, left: repeat),
}
RUN_ORDER = ("B4", "B1", "B5", "B6", "B7", "B2", "B3")
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
EXIT_USAGE = 4


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--only", default=",".join(CASES), help="comma-separated ids, e.g. B1,B4")
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed runs of each command (default 3)"
    )
    parser.add_argument(
        "--output", type=Path, help="where to write the results (default: RESULTS.md on a full run)"
    )
    args = parser.parse_args(argv)
    args.only = [name.strip().upper() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in args.only if name not in CASES]
    if unknown or args.repeat < 1:
        problem = (
            f"unknown benchmark {', '.join(unknown)}" if unknown else "--repeat must be 1 or more"
        )
        parser.exit(
            EXIT_USAGE, f"python -m benchmarks: {problem}; choose from {', '.join(CASES)}\n"
        )
    if args.output is None and args.only == list(CASES):
        args.output = RESULTS
    return args


def main(argv: list[str]) -> int:
    args = parse(argv)
    work = Path(tempfile.mkdtemp(prefix="greenlight-bench-"))
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    rows: list[Row] = []
    repeats: dict[str, int] = {}
    try:
        for name in sorted(args.only, key=RUN_ORDER.index):
            case, runs = CASES[name]
            left = BUDGET_SECONDS - (time.perf_counter() - started)
            repeat = repeats[name] = runs(args.repeat, left)
            print(f"bench: {name}, {repeat} runs each ...", file=sys.stderr, flush=True)
            case_started = time.perf_counter()
            rows += case(work, repeat=repeat)
            print(f"bench: {name} took {time.perf_counter() - case_started:.0f} s", file=sys.stderr)
    except BenchmarkFailed as error:
        print(f"bench: a measured run failed, so there is no result:\n{error}", file=sys.stderr)
        print(f"bench: the generated projects are kept in {work}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    shutil.rmtree(work, ignore_errors=True)
    rows.sort(key=lambda row: row.id)
    print(table(rows))
    if args.output is not None:
        args.output.write_text(
            document(
                rows,
                repeats=repeats,
                elapsed=elapsed,
                load=(load_before, os.getloadavg()[0]),
            )
        )
        print(f"bench: written to {args.output} ({elapsed / 60:.1f} minutes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
