"""B1, B2 and B5: greenlight's API channel against plain pytest, in one process and in parallel.

>>> rows = b1_overhead(Path("/tmp/bench"), repeat=3)
>>> rows[0].result
'1.08x'
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from benchmarks.harness import (
    Command,
    alternate,
    median_cpu,
    median_rss,
    median_seconds,
    running_shop,
)
from benchmarks.report import Row, seconds
from benchmarks.workloads import (
    EMBEDDED,
    REQUESTS_PER_SCENARIO,
    RUNNING,
    SHOP_URL_VARIABLE,
    write_greenlight_api,
    write_plain_bdd,
    write_plain_pytest,
)

PYTEST = (sys.executable, "-m", "pytest", "-q")
GREENLIGHT = (*PYTEST, "--env", "bench")
WITHOUT_GREENLIGHT = (*PYTEST, "-p", "no:greenlight")
WITHOUT_ALLURE = ("-p", "no:allure_pytest")

B1_SCENARIOS = 200
B1_TARGET = 1.3
B2_SCENARIOS = 60
B2_SLOW_MS = 100
B2_TARGET = 4.0
# Workers for an I/O-bound smoke suite: more than the cores, since they mostly wait;
# four per core on a dedicated machine; two per core shows what a shared one gets.
B2_WORKERS = (4, 8)
RECOMMENDED_WORKERS = 8
B5_SIZES = (10, 100, 1000)
B5_TIME_GROWTH_LIMIT = 1.25
B5_MEMORY_LIMIT = 1.5


def b1_overhead(work: Path, *, repeat: int) -> list[Row]:
    """200 scenarios, embedded shop, one process: greenlight's layers against plain requests."""
    greenlight = write_greenlight_api(work / "b1-greenlight", scenarios=B1_SCENARIOS, shop=EMBEDDED)
    plain = write_plain_pytest(work / "b1-plain", scenarios=B1_SCENARIOS)
    samples = alternate(
        {
            "plain": Command(WITHOUT_GREENLIGHT, cwd=plain, passed=B1_SCENARIOS),
            "greenlight": Command(GREENLIGHT, cwd=greenlight, passed=B1_SCENARIOS),
            "no-allure": Command(
                (*GREENLIGHT, *WITHOUT_ALLURE), cwd=greenlight, passed=B1_SCENARIOS
            ),
        },
        repeat=repeat,
    )
    base, full, lean = (
        median_seconds(samples[name]) for name in ("plain", "greenlight", "no-allure")
    )
    ratio, lean_ratio = full / base, lean / base
    workload = f"{B1_SCENARIOS} API scenarios ({REQUESTS_PER_SCENARIO} requests each), embedded shop, one process"
    main = Row(
        "B1",
        workload,
        seconds(full),
        f"plain pytest + requests: {seconds(base)}",
        f"{ratio:.2f}x",
        f"<= {B1_TARGET}x",
        met=ratio <= B1_TARGET,
        notes=[
            f"Both sides start the reference shop and make the same {B1_SCENARIOS * REQUESTS_PER_SCENARIO} "
            "requests on one keep-alive session; greenlight's side goes steps -> DSL -> driver on "
            "`greenlight.HttpClient` and runs with its defaults, which write Allure results "
            "(a result file per scenario and a container file per fixture; HTTP exchanges are "
            "kept in memory and attached only for a failed scenario), a JUnit file and a verdict.",
            f"Without Allure results (`-p no:allure_pytest`, B1a) greenlight takes {seconds(lean)}, "
            f"{lean_ratio:.2f}x plain: the report files cost {seconds(full - lean)}, "
            f"{(full - lean) / B1_SCENARIOS * 1000:.1f} ms a scenario.",
        ],
    )
    if ratio > B1_TARGET:
        allure_share = (full - lean) / (full - base) if full > base else 0.0
        main.notes.append(
            f"Missed by {ratio - B1_TARGET:.2f}x ({seconds(full - base * B1_TARGET)} over the "
            f"target). Writing Allure results is {allure_share:.0%} of the gap: passing "
            "scenarios no longer attach their exchanges, so what is left is allure-pytest's "
            "own files, a result per scenario and a container file for every function-scoped "
            "fixture of every scenario (pytest-bdd's step fixtures among them). What would "
            "close that part: fewer function-scoped fixtures per scenario, and writing Allure "
            "results by default only where a report is wanted (staging), leaving "
            "post-deploy smoke runs to `--alluredir` when asked."
        )
        if lean_ratio > B1_TARGET:
            main.notes.append(
                f"Without Allure the rest ({lean_ratio:.2f}x) is Gherkin itself and the "
                "per-scenario hooks: pytest-bdd parses the feature and looks up every step's "
                "fixture, and greenlight's fixtures, narration, exchange records and verdict "
                "bookkeeping run per scenario, where the plain file is one parametrised "
                "function. What would close it: fewer function-scoped fixtures per scenario "
                "(the shop object could reuse one per worker)."
            )
    decomposition = Row(
        "B1a",
        "the same, greenlight without Allure results",
        seconds(lean),
        f"plain: {seconds(base)}",
        f"{lean_ratio:.2f}x",
        "",
    )
    return [main, decomposition]


def b2_parallel(work: Path, *, repeat: int) -> list[Row]:
    """60 smoke scenarios on a slow shop: xdist workers against sequential pytest-bdd."""
    greenlight = write_greenlight_api(work / "b2-greenlight", scenarios=B2_SCENARIOS, shop=RUNNING)
    plain = write_plain_bdd(work / "b2-plain", scenarios=B2_SCENARIOS)
    commands = {"plain": Command(WITHOUT_GREENLIGHT, cwd=plain, passed=B2_SCENARIOS)}
    for workers in B2_WORKERS:
        commands[f"-n {workers}"] = Command(
            (*GREENLIGHT, "-n", str(workers)), cwd=greenlight, passed=B2_SCENARIOS
        )
    with running_shop(work / "b2-shop", f"slow={B2_SLOW_MS}") as url:
        for command in commands.values():
            command.env = {SHOP_URL_VARIABLE: url}
        samples = alternate(commands, repeat=repeat, warm_up=False)
    base = median_seconds(samples["plain"])
    floor = REQUESTS_PER_SCENARIO * B2_SLOW_MS / 1000
    rows = []
    for workers in B2_WORKERS:
        took = median_seconds(samples[f"-n {workers}"])
        speedup = base / took
        recommended = workers == RECOMMENDED_WORKERS
        row = Row(
            "B2" if recommended else "B2b",
            f"{B2_SCENARIOS} smoke scenarios x {REQUESTS_PER_SCENARIO} requests, shop slow={B2_SLOW_MS} ms, "
            f"`-n {workers}`" + (" (recommended)" if recommended else ""),
            seconds(took),
            f"sequential pytest-bdd: {seconds(base)}",
            f"{speedup:.1f}x faster; critical path >= {seconds(floor)}",
            f">= {B2_TARGET:g}x faster" if recommended else "",
            met=speedup >= B2_TARGET if recommended else None,
        )
        if recommended:
            row.notes.append(
                f"The critical path is the longest scenario: {REQUESTS_PER_SCENARIO} requests x "
                f"{B2_SLOW_MS} ms = {seconds(floor)}; the sequential run is bounded below by "
                f"{B2_SCENARIOS} x that = {seconds(B2_SCENARIOS * floor)}. With `-n {workers}` the "
                f"waiting is {seconds(B2_SCENARIOS * floor / workers)} per worker; the rest of "
                f"{seconds(took)} is starting pytest and its workers on {os.cpu_count()} cores."
            )
            if speedup < B2_TARGET:
                cpu = median_cpu(samples[f"-n {workers}"])
                row.notes.append(
                    f"Missed by {B2_TARGET - speedup:.1f}x. The parallel run is CPU-bound where "
                    f"the sequential one waits: it used {seconds(cpu)} of CPU (sequential: "
                    f"{seconds(median_cpu(samples['plain']))}), since every xdist worker "
                    "imports pytest, its plugins and the suite before its first request (an "
                    "API-only run's workers no longer load pytest-playwright and Playwright). "
                    "On idle cores that CPU alone "
                    f"needs {seconds(cpu / (os.cpu_count() or 1))}, which would allow "
                    f"{base / (cpu / (os.cpu_count() or 1)):.1f}x; the load average in the header shows how "
                    "much of the machine other work held. What would close it: fewer competing "
                    "processes or more cores, and workers that skip what the controller already "
                    "did (each worker reads and validates the environments file with jsonschema "
                    "again, and imports allure-pytest)."
                )
        rows.append(row)
    return rows


def b5_scaling(work: Path, *, repeat: int) -> list[Row]:
    """10, 100 and 1000 scenarios: time per scenario and peak memory of the pytest process."""
    commands, bare = {}, {}
    for size in B5_SIZES:
        project = write_greenlight_api(work / f"b5-{size}", scenarios=size, shop=RUNNING)
        commands[str(size)] = Command(GREENLIGHT, cwd=project, passed=size)
    for size in (B5_SIZES[0], B5_SIZES[-1]):
        project = write_plain_bdd(work / f"b5-bare-{size}", scenarios=size)
        bare[str(size)] = Command(WITHOUT_GREENLIGHT, cwd=project, passed=size)
    with running_shop(work / "b5-shop") as url:
        for command in [*commands.values(), *bare.values()]:
            command.env = {SHOP_URL_VARIABLE: url}
        samples = alternate(commands, repeat=repeat, warm_up=False)
        # Memory only, for scale: what pytest-bdd alone keeps per scenario.
        bare_rss = {int(size): command.run().peak_rss_mb for size, command in bare.items()}
    small, medium, large = B5_SIZES
    took = {size: median_seconds(samples[str(size)]) for size in B5_SIZES}
    rss = {size: median_rss(samples[str(size)]) for size in B5_SIZES}
    early = (took[medium] - took[small]) / (medium - small)
    late = (took[large] - took[medium]) / (large - medium)
    growth = late / early if early > 0 else float("inf")
    memory = rss[large] / rss[small]
    per_scenario_kb = (rss[large] - rss[small]) * 1024 / (large - small)
    bare_kb = (bare_rss[large] - bare_rss[small]) * 1024 / (large - small)
    row = Row(
        "B5",
        f"{small} / {medium} / {large} API scenarios, one process (time; peak RSS)",
        " / ".join(seconds(took[size]) for size in B5_SIZES)
        + "; "
        + " / ".join(f"{rss[size]:.0f} MB" for size in B5_SIZES),
        f"itself; bare pytest-bdd RSS {bare_rss[small]:.0f} / {bare_rss[large]:.0f} MB",
        f"{early * 1000:.1f} then {late * 1000:.1f} ms per added scenario ({growth:.2f}x); "
        f"memory {memory:.2f}x ({per_scenario_kb:.0f} KB a scenario)",
        f"linear time (<= {B5_TIME_GROWTH_LIMIT}x), flat memory (<= {B5_MEMORY_LIMIT}x)",
        met=growth <= B5_TIME_GROWTH_LIMIT and memory <= B5_MEMORY_LIMIT,
        notes=[
            f"Time per added scenario from {small} to {medium} and from {medium} to {large}, so "
            "start-up does not hide growth. Peak RSS is the pytest process's own (`wait4`; the "
            "shop runs apart). pytest keeps every item and its report until the session ends, "
            f"so no in-process run is perfectly flat: bare pytest-bdd grows {bare_kb:.0f} KB a "
            f"scenario here, greenlight (with its Allure results and verdict; a scenario's "
            f"exchanges are let go after its teardown) {per_scenario_kb:.0f} KB.",
        ],
    )
    if memory > B5_MEMORY_LIMIT:
        row.notes.append(
            f"Missed: memory grows {memory:.2f}x. A scenario's HTTP exchanges are let go "
            "once its teardown has reported, so what grows is pytest's and pytest-bdd's "
            "items and reports and Allure's bookkeeping. What would close it: split suites "
            "of thousands of scenarios into shards (`--splits`)."
        )
    if growth > B5_TIME_GROWTH_LIMIT:
        row.notes.append(
            f"Missed: time per scenario grows {growth:.2f}x, so some per-scenario work depends "
            "on how many scenarios ran before; profile the 1000-scenario project to find it."
        )
    return [row]
