"""Live progress while a release step runs: the step, its elapsed time, scenarios done of total.

    >>> with running(sys.stdout, "smoke canary at 10%", at=12.4, counts=progress_path):
    ...     run_gate(...)
    # on a terminal, redrawn in place (rich), gone when the step's own line is printed:
      +12.4s  smoke canary at 10%                    running 6s  3/14 scenarios, 0 failed
    # elsewhere (CI logs), one heartbeat line every GREENLIGHT_HEARTBEAT_S seconds (default 10):
      +12.4s  smoke canary at 10%                    ... running 10s, 9/14 scenarios, 0 failed

The way ``kubectl argo rollouts get rollout --watch`` shows a rollout: a person sees the
release is alive and where it is, and a CI log has a line that says so before a step
that takes minutes ends. The counts come from the smoke run's progress file
(:mod:`greenlight.progress_file`); a hook or a wait has none, only the time.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.live import Live
from rich.text import Text

from greenlight import progress_file
from greenlight.terminal import printable

HEARTBEAT_VARIABLE = "GREENLIGHT_HEARTBEAT_S"
HEARTBEAT_S = 10.0
REDRAW_S = 0.25


def heartbeat_seconds() -> float:
    """``GREENLIGHT_HEARTBEAT_S`` when it is a positive number, else the default."""
    try:
        seconds = float(os.environ.get(HEARTBEAT_VARIABLE, HEARTBEAT_S))
    except ValueError:
        return HEARTBEAT_S
    return seconds if seconds > 0 else HEARTBEAT_S


def status(step: str, at: float, elapsed: float, counts: Path | None) -> str:
    """The one line that says where the step is."""
    line = f"  +{at:.1f}s  {step:<38} running {elapsed:.0f}s"
    seen = progress_file.read(counts) if counts is not None else None
    if seen is not None:
        total = "?" if seen.total is None else str(seen.total)
        line += f", {seen.done}/{total} scenarios, {seen.failed} failed"
    return printable(line)


@contextmanager
def running(out: TextIO, step: str, *, at: float, counts: Path | None = None) -> Iterator[None]:
    """Show the step as running until the block ends; redrawn on a TTY, a heartbeat elsewhere."""
    started = time.monotonic()
    stop = threading.Event()

    def line() -> str:
        return status(step, at, time.monotonic() - started, counts)

    if _is_terminal(out):
        console = Console(file=out, highlight=False, soft_wrap=True)
        # transient: the live line is erased when the step ends, and its own line follows.
        live = Live(Text(line()), console=console, transient=True, auto_refresh=False)
        with live, _in_background(stop, _redraw, live, line, stop):
            yield
        return
    with _in_background(stop, _heartbeat, out, line, stop, heartbeat_seconds()):
        yield


@contextmanager
def _in_background(
    stop: threading.Event, target: Callable[..., None], *args: object
) -> Iterator[None]:
    """``target(*args)`` on a daemon thread while the block runs; ``stop`` ends it."""
    worker = threading.Thread(target=target, args=args, name="greenlight-progress", daemon=True)
    worker.start()
    try:
        yield
    finally:
        stop.set()
        worker.join()


def _redraw(live: Live, line: Callable[[], str], stop: threading.Event) -> None:
    while not stop.wait(REDRAW_S):
        live.update(Text(line()), refresh=True)


def _heartbeat(out: TextIO, line: Callable[[], str], stop: threading.Event, every: float) -> None:
    while not stop.wait(every):
        text = line().replace(" running ", " ... running ", 1)
        print(text, file=out, flush=True)


def _is_terminal(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False
