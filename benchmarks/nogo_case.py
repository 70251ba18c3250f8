"""B6: how fast a broken release is stopped: the prod smoke run on a failing checkout.

    >>> rows = b6_time_to_no_go(Path("/tmp/bench"), repeat=3)
    >>> rows[0].result
    '1.21x'

The repository's reference suite (copied, as B4 does) runs on ``prod`` (sensitive, so
``fail_fast`` is on) against the reference shop started with ``--fault checkout-error``:
its smoke scenarios until the first failure, then the no-go. It is compared with the
failing scenario run alone (``-k``), the least any run can take to see that failure,
and with the same run with ``--fail-fast off`` (B6a), which shows what stopping saves.
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.harness import Command, alternate, median_seconds, running_shop
from benchmarks.report import Row, seconds
from benchmarks.startup_case import copy_reference_suite

TARGET = 1.5
FAULT = "checkout-error"
# The smoke scenario that checks out (and so fails on this fault), as -k selects it.
FAILING = "synthetic_purchase"
ADMIN_TOKEN = "bench-admin-token-b6"
SMOKE = (sys.executable, "-m", "pytest", "-q", "tests/acceptance", "--env", "prod")


def b6_time_to_no_go(work: Path, *, repeat: int) -> list[Row]:
    project = copy_reference_suite(work / "b6")
    commands = {
        "fast no-go": Command(SMOKE, cwd=project, returncode=1),
        "failing alone": Command((*SMOKE, "-k", FAILING), cwd=project, returncode=1, passed=None),
        "fail-fast off": Command((*SMOKE, "--fail-fast", "off"), cwd=project, returncode=1),
    }
    with running_shop(work / "b6-shop", FAULT, admin_token=ADMIN_TOKEN) as url:
        for command in commands.values():
            command.env = {"SHOP_PROD_URL": url, "SHOP_ADMIN_TOKEN": ADMIN_TOKEN}
        samples = alternate(commands, repeat=repeat)
    fast, alone, full = (
        median_seconds(samples[name]) for name in ("fast no-go", "failing alone", "fail-fast off")
    )
    ratio = fast / alone
    passed_before = commands["fast no-go"].last_count or 0
    main = Row(
        "B6",
        f"time to no-go: prod smoke (reference suite) with `--fault {FAULT}`, fail_fast on",
        seconds(fast),
        f"the failing scenario alone: {seconds(alone)}",
        f"{ratio:.2f}x",
        f"<= {TARGET}x",
        met=ratio <= TARGET,
        notes=[
            f"prod is sensitive, so `fail_fast` is on: the run stops at the first failure and "
            f"writes the no-go at once. {passed_before} smoke scenario(s) passed before the "
            f"failing one in this suite's order; with `--fail-fast off` (B6a) the run takes "
            f"{seconds(full)}. Both sides start pytest, read the configuration, check the "
            "production probes at the start and the end of the run and write the verdict "
            "and the report files; the failing scenario alone is the least any run can take "
            "to see the failure.",
        ],
    )
    if ratio > TARGET:
        main.notes.append(
            f"Missed by {ratio - TARGET:.2f}x ({seconds(fast - alone * TARGET)} over the target): "
            f"the {passed_before} scenario(s) that run before the failing one in file order "
            "are the difference; fail-fast cannot skip what comes before the failure. What "
            "would close it: run the scenarios most likely to fail first (the checkout, "
            "which every fault of the release path reaches), or two workers (`-n 2`), where "
            "the first failure stops the other worker too."
        )
    decomposition = Row(
        "B6a",
        "the same with `--fail-fast off`",
        seconds(full),
        f"the failing scenario alone: {seconds(alone)}",
        f"{full / alone:.2f}x",
        "",
    )
    return [main, decomposition]
