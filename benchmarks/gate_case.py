"""B7: what ``greenlight serve`` adds to a smoke run for Flagger and Argo, and a burst of callers.

    >>> rows = b7_gate(Path("/tmp/bench"), repeat=3)
    >>> rows[0].result
    '+0.21 s; 50/50 answered, 0 resets'

The same generated smoke suite (B2's scenarios, on a running shop) is run directly
(``pytest``, exactly the command the gate runs) and through a ``greenlight serve``
answering Flagger-style webhooks (``POST /gate``), alternately; the gate's time is
from the request to its answer. Then 50 callers post at once: they share one smoke run
and every one must get its answer, with no connection reset.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import requests

from benchmarks.harness import BenchmarkFailed, Command, child_environment, running_shop
from benchmarks.report import Row, seconds
from benchmarks.workloads import RUNNING, SHOP_URL_VARIABLE, write_greenlight_api

SCENARIOS = 20
TARGET_OVERHEAD_S = 0.5
CALLERS = 50
FLAGGER = {"name": "shop", "namespace": "prod", "phase": "Progressing", "metadata": {}}
ANSWER_TIMEOUT_S = 180


def direct_command(project: Path, verdict: Path) -> tuple[str, ...]:
    """What the gate runs (greenlight.release.gate.command_for), started by hand."""
    return (
        sys.executable,
        "-m",
        "pytest",
        "--env",
        "bench",
        "--environments",
        str(project / "environments.toml"),
        "--verdict",
        str(verdict),
        "-p",
        "no:cacheprovider",
        "-q",
    )


@contextmanager
def serving(project: Path, reports: Path, shop_url: str) -> Iterator[str]:
    """``greenlight serve`` for the project's bench environment, on loopback; its URL."""
    argv = [sys.executable, "-m", "greenlight.cli", "serve", "--env", "bench", "--port", "0"]
    argv += ["--host", "127.0.0.1", "--insecure-no-token", "--reports", str(reports)]
    argv += ["--environments", str(project / "environments.toml")]
    env = {**child_environment(), SHOP_URL_VARIABLE: shop_url}
    log = (project / "serve.log").open("w")
    process = subprocess.Popen(
        argv, cwd=project, env=env, stdout=subprocess.PIPE, stderr=log, text=True
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        if " on http://" not in first:
            raise BenchmarkFailed(f"greenlight serve did not start: {first!r}")
        yield first.split(" on ")[1].split()[0]
    finally:
        process.terminate()
        process.wait(30)
        log.close()


def webhook(url: str) -> float:
    """One Flagger-style call; the seconds until the gate answered go."""
    started = time.perf_counter()
    answer = requests.post(f"{url}/gate", json=FLAGGER, timeout=ANSWER_TIMEOUT_S)
    took = time.perf_counter() - started
    if answer.status_code != 200:
        raise BenchmarkFailed(f"the gate answered {answer.status_code}: {answer.text[:500]}")
    return took


def burst(url: str, callers: int) -> tuple[int, int, int]:
    """``callers`` posts at once: (answered 200, other answers, resets or other errors)."""
    barrier = threading.Barrier(callers, timeout=60)

    def call(_: int) -> str:
        barrier.wait()
        try:
            answer = requests.post(f"{url}/gate", json=FLAGGER, timeout=ANSWER_TIMEOUT_S)
        except requests.RequestException:
            return "error"
        return "ok" if answer.status_code == 200 else "other"

    with ThreadPoolExecutor(max_workers=callers) as pool:
        outcomes = list(pool.map(call, range(callers)))
    return outcomes.count("ok"), outcomes.count("other"), outcomes.count("error")


def b7_gate(work: Path, *, repeat: int) -> list[Row]:
    project = write_greenlight_api(work / "b7", scenarios=SCENARIOS, shop=RUNNING)
    direct = Command(
        direct_command(project, work / "b7-direct.json"), cwd=project, passed=SCENARIOS
    )
    with running_shop(work / "b7-shop") as shop, serving(project, work / "b7-reports", shop) as url:
        direct.env = {SHOP_URL_VARIABLE: shop}
        direct.run()  # warm-ups: the file cache for both
        webhook(url)
        direct_s, gate_s = [], []
        for _ in range(repeat):
            direct_s.append(direct.run().seconds)
            gate_s.append(webhook(url))
        ok, other, errors = burst(url, CALLERS)
    base, gated = statistics.median(direct_s), statistics.median(gate_s)
    overhead = gated - base
    met = overhead <= TARGET_OVERHEAD_S and ok == CALLERS and errors == 0
    row = Row(
        "B7",
        f"gate overhead: `greenlight serve` answering a Flagger webhook ({SCENARIOS} smoke "
        f"scenarios); {CALLERS} concurrent gate requests",
        seconds(gated),
        f"the same smoke run started directly: {seconds(base)}",
        f"{overhead:+.2f} s; {ok}/{CALLERS} answered, {errors} resets",
        f"<= +{TARGET_OVERHEAD_S} s; 0 resets at {CALLERS} concurrent",
        met=met,
        notes=[
            "The gate runs the suite as its own pytest process (the command the direct side "
            "runs by hand) and answers from its verdict; its time is the webhook's, request "
            f"to answer. The {CALLERS} callers posted at once and shared one smoke run "
            f"({ok} answered 200, {other} another status, {errors} reset or failed); Flagger "
            "and Argo time out a webhook or web metric after about 10 s by default, so a "
            "smoke run longer than that needs their timeout raised, whatever the gate adds.",
        ],
    )
    if overhead > TARGET_OVERHEAD_S:
        row.notes.append(
            f"Missed by {overhead - TARGET_OVERHEAD_S:.2f} s: the gate starts the run as a "
            "child process in its own process group and reads its verdict afterwards, on "
            "the same busy cores; the load average in the header says how busy."
        )
    if ok != CALLERS or errors:
        row.notes.append(
            f"Missed: {CALLERS - ok} of {CALLERS} callers got no 200 ({errors} errors); see "
            "the gate's log (serve.log in the benchmark's project)."
        )
    return [row]
