"""B3: 20 UI journeys through greenlight and pytest-playwright against a plain Playwright script.

    >>> rows = b3_ui(Path("/tmp/bench"), repeat=2)

Each run gets a fresh shop (started and stopped outside the timed part), so every run
buys from the same stock.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from benchmarks.harness import Command, alternate, median_seconds, running_shop
from benchmarks.report import Row, seconds
from benchmarks.ui_workloads import write_greenlight_ui, write_plain_playwright
from benchmarks.workloads import SHOP_URL_VARIABLE

SCENARIOS = 20
TARGET = 1.2
GREENLIGHT = (sys.executable, "-m", "pytest", "-q", "--env", "bench")


def b3_ui(work: Path, *, repeat: int) -> list[Row]:
    greenlight = write_greenlight_ui(work / "b3-greenlight", scenarios=SCENARIOS)
    plain = write_plain_playwright(work / "b3-plain", scenarios=SCENARIOS)
    warm = write_plain_playwright(work / "b3-warm-up", scenarios=1)

    @contextlib.contextmanager
    def fresh_shop() -> Iterator[Mapping[str, str]]:
        with running_shop(work / "b3-shops") as url:
            yield {SHOP_URL_VARIABLE: url}

    # One short journey first, so the first measured run does not pay for a cold disk.
    Command((sys.executable, "plain_ui.py"), cwd=warm, passed=1, around=fresh_shop).run()
    samples = alternate(
        {
            "plain": Command(
                (sys.executable, "plain_ui.py"), cwd=plain, passed=SCENARIOS, around=fresh_shop
            ),
            "greenlight": Command(GREENLIGHT, cwd=greenlight, passed=SCENARIOS, around=fresh_shop),
            "no-trace": Command(
                (*GREENLIGHT, "--tracing", "off"),
                cwd=greenlight,
                passed=SCENARIOS,
                around=fresh_shop,
            ),
        },
        repeat=repeat,
        warm_up=False,
    )
    base, full, lean = (
        median_seconds(samples[name]) for name in ("plain", "greenlight", "no-trace")
    )
    ratio, lean_ratio = full / base, lean / base
    main = Row(
        "B3",
        f"{SCENARIOS} UI journeys (register, log in, add to basket, check out)",
        seconds(full),
        f"plain Playwright script, one browser: {seconds(base)}",
        f"{ratio:.2f}x",
        f"<= {TARGET}x",
        met=ratio <= TARGET,
        notes=[
            "Both use one Chromium (/usr/bin/chromium, greenlight's quiet flags) and a fresh "
            "context per journey, with the same actions and waits; greenlight's side goes steps "
            "-> DSL -> driver on `greenlight.PageDriver` with pytest-playwright's fixtures and "
            "greenlight's defaults (a trace recorded for every scenario and kept only on "
            "failure, a screenshot on failure, Allure results).",
            f"With `--tracing off` greenlight takes {seconds(lean)}, {lean_ratio:.2f}x the plain "
            f"script: tracing costs {seconds(full - lean)}, "
            f"{(full - lean) / SCENARIOS * 1000:.0f} ms a journey.",
        ],
    )
    if ratio > TARGET:
        main.notes.append(
            f"Missed by {ratio - TARGET:.2f}x. "
            + (
                "Recording a trace of every journey, to keep the failing ones, is most of it; "
                "what would close it: keep the screenshot and the HTTP evidence by default and "
                "record traces only where they are asked for (`--tracing retain-on-failure` on "
                "the command line), or only for a rerun of a failed scenario."
                if lean_ratio <= TARGET
                else "Without traces the rest is what a pytest run adds around the same browser "
                "work: starting pytest with its plugins (the script imports only Playwright), "
                "pytest-playwright's context and page fixtures with their teardown, and Allure "
                "results for every scenario. What would close it: Allure results only where a "
                "report is wanted (see B1), and traces only where asked for."
            )
        )
    decomposition = Row(
        "B3a",
        "the same, greenlight with `--tracing off`",
        seconds(lean),
        f"plain: {seconds(base)}",
        f"{lean_ratio:.2f}x",
        "",
    )
    return [main, decomposition]
