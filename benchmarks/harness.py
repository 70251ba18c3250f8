"""Timing commands fairly: alternated, repeated, checked, medians.

    >>> pair = {"plain": Command([python, "-m", "pytest", "-q"], cwd=plain_dir, passed=200),
    ...         "greenlight": Command([...], cwd=bench_dir, passed=200)}
    >>> samples = alternate(pair, repeat=3)
    >>> median_seconds(samples["greenlight"]) / median_seconds(samples["plain"])
    1.04

Each run is a fresh process, reaped with ``os.wait4`` so its peak resident memory is
known. A run that fails, or passes fewer tests than it should, stops the benchmark:
a fast run that proves nothing is not a measurement.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

BYTECODE_CACHE = Path(tempfile.gettempdir()) / "greenlight-bench-bytecode"
# A run's environment extras, made fresh (and torn down) around each run, untimed.
Around = Callable[[], AbstractContextManager[Mapping[str, str]]]


class BenchmarkFailed(RuntimeError):
    """A measured command did not do the work it was measured for."""


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_rss_mb: float
    # User + system time of the process and the children it reaped: unlike wall time,
    # hardly changed by other work on the machine.
    cpu_seconds: float


@dataclass
class Command:
    argv: Sequence[str]
    cwd: Path
    passed: int | None = None
    collected: int | None = None
    # The exit code a run must end with: 1 for a run measured for its no-go.
    returncode: int = 0
    env: Mapping[str, str] = field(default_factory=dict)
    around: Around | None = None
    # How many tests the last run passed (or collected, with --collect-only).
    last_count: int | None = field(default=None, init=False)

    def run(self) -> Sample:
        with self._extras() as extras:
            return self._timed({**child_environment(), **self.env, **extras})

    def _extras(self) -> AbstractContextManager[Mapping[str, str]]:
        return self.around() if self.around else contextlib.nullcontext({})

    def _timed(self, env: Mapping[str, str]) -> Sample:
        log = self.cwd / "last-run.log"
        with log.open("wb") as sink:
            started = time.perf_counter()
            process = subprocess.Popen(
                list(self.argv), cwd=self.cwd, env=dict(env), stdout=sink, stderr=subprocess.STDOUT
            )
            # wait4 rather than wait: its resource usage is this child's own (and
            # that of the children it reaped), not every child this process ever had.
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        self._check(process.returncode, log.read_text(errors="replace"))
        return Sample(
            seconds=seconds,
            peak_rss_mb=usage.ru_maxrss / 1024,
            cpu_seconds=usage.ru_utime + usage.ru_stime,
        )

    def _check(self, returncode: int, output: str) -> None:
        passed, collected = (
            _count(r"(\d+) passed", output),
            _count(r"(\d+) tests? collected", output),
        )
        self.last_count = passed if passed is not None else collected
        problem = ""
        if returncode != self.returncode:
            problem = f"exited with code {returncode} (expected {self.returncode})"
        elif self.passed is not None and passed != self.passed:
            problem = f"did not pass exactly {self.passed} tests"
        elif self.collected is not None and collected != self.collected:
            problem = f"did not collect exactly {self.collected} tests"
        if problem:
            tail = "\n".join(output.splitlines()[-25:])
            raise BenchmarkFailed(f"{' '.join(self.argv)} (in {self.cwd}) {problem}:\n{tail}")


def _count(pattern: str, output: str) -> int | None:
    found = re.findall(pattern, output)
    return int(found[-1]) if found else None


def child_environment() -> dict[str, str]:
    """This process's environment, as a user's machine would have it for pytest.

    Nothing that changes how pytest runs (``PYTEST_*``), and bytecode caching on: with
    ``PYTHONDONTWRITEBYTECODE`` every run would compile (and assertion-rewrite) every
    plugin module from source again, which no user's repeated runs pay. The cache goes
    to a folder of its own, never into the repository.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(BYTECODE_CACHE))
    return env


def alternate(
    commands: Mapping[str, Command], *, repeat: int, warm_up: bool = True
) -> dict[str, list[Sample]]:
    """Run the commands in turn (A, B, A, B, ...) ``repeat`` times each.

    Alternating spreads the machine's background noise over all of them alike; one
    untimed run each first fills the operating system's file cache for both.
    """
    if warm_up:
        for command in commands.values():
            command.run()
    samples: dict[str, list[Sample]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            samples[name].append(command.run())
    return samples


def median_seconds(samples: Sequence[Sample]) -> float:
    return median(sample.seconds for sample in samples)


def median_cpu(samples: Sequence[Sample]) -> float:
    return median(sample.cpu_seconds for sample in samples)


def median_rss(samples: Sequence[Sample]) -> float:
    return median(sample.peak_rss_mb for sample in samples)


@contextlib.contextmanager
def running_shop(
    workdir: Path, *faults: str, timeout: float = 30.0, admin_token: str | None = None
) -> Iterator[str]:
    """The reference shop on a free port with a fresh database; yields its URL.

    ``admin_token``: the back office's token (``SHOP_ADMIN_TOKEN``); without one it is off.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="shop-", dir=workdir))
    argv = [sys.executable, "-m", "sut", "--host", "127.0.0.1", "--port", "0"]
    argv += ["--db", str(home / "shop.db"), "--log", str(home / "shop.log")]
    argv += [f"--fault={fault}" for fault in faults]
    env = child_environment()
    if admin_token is not None:
        env["SHOP_ADMIN_TOKEN"] = admin_token
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env)
    try:
        yield _serving_url(process, timeout)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(home, ignore_errors=True)


def _serving_url(process: subprocess.Popen[bytes], timeout: float) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    line = process.stdout.readline().decode() if ready else ""
    if not line.startswith("shop serving "):
        raise BenchmarkFailed(f"the reference shop did not start (said {line!r})")
    return line.removeprefix("shop serving ").strip()
