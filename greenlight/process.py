"""The one way greenlight runs another program: its own process group, a timeout, a stop.

    >>> process = Process.start(["sleep", "30"])
    >>> finished = process.wait(timeout=1)          # stops it: SIGTERM, then SIGKILL
    >>> finished.exit_code, finished.timed_out
    (None, True)
    >>> finished = run("echo hello; exit 3", timeout=10)   # a string runs in sh
    >>> finished.exit_code, finished.tail
    (3, 'hello')

Each program starts in a process group of its own, so stopping it stops everything it
started too: :meth:`Process.stop` sends SIGTERM to the group and SIGKILL to whatever
is left after a grace period. :meth:`Process.wait` stops the group when the timeout
passes, and also when the wait itself is interrupted (Ctrl-C, any ``BaseException``),
before the exception goes on. ``die_with_parent`` asks Linux to send SIGTERM to the
program when the thread that started it dies, even by SIGKILL (it has no teardown).

Output goes to a file, never to a pipe, and the tail is read from the file. A known
problem with pipes: a command that starts a background server (``server &``) hands the
pipe to the server, so reading until end of file waits until the server stops, in
practice until the timeout, which then reports a command that had long finished as
hanging. Here waiting ends when the program itself exits; the tail is whatever is in
the file then, and later output of what it left running does not keep anyone waiting
(and cannot fail with a broken pipe). Such a server should still send its output to a
log of its own: it keeps writing to greenlight's temporary file until it stops.
A timeout is reported as ``exit_code None``; the caller says what happened in words
(``timeout_s`` says how long it had).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

TAIL_LINES = 20
GRACE_S = 5.0  # between SIGTERM and SIGKILL
_TAIL_BYTES = 64 * 1024  # enough for TAIL_LINES of any sensible output
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Finished:
    exit_code: int | None  # None: it had not exited at the timeout and was stopped
    duration_s: float
    tail: str  # the last TAIL_LINES lines of its output
    timeout_s: float

    @property
    def timed_out(self) -> bool:
        return self.exit_code is None


class Process:
    """A running program in its own process group, its output in a file."""

    def __init__(
        self, popen: subprocess.Popen[bytes], sink: IO[bytes] | None, output: Path | None
    ) -> None:
        self.popen = popen
        self._sink = sink  # the temporary file, when there is no output file to reopen
        self._output = output
        self._started = time.monotonic()
        # What stop() gives by default: the caller's, so whoever stops it from elsewhere
        # (greenlight serve on its own shutdown) allows the same time to clean up.
        self.grace = GRACE_S

    @property
    def pid(self) -> int:
        return self.popen.pid

    @classmethod
    def start(
        cls,
        command: str | Sequence[str],
        *,
        output: Path | None = None,
        cwd: Path | None = None,
        env: Mapping[str, str] | None = None,
        die_with_parent: bool = False,
    ) -> Process:
        """Start ``command`` (a string runs in ``sh``); output to ``output`` or a temporary file."""
        # Not a with block: the temporary file stays open for the tail, closed by wait().
        sink: IO[bytes] = output.open("wb") if output else tempfile.TemporaryFile()  # noqa: SIM115
        try:
            popen = subprocess.Popen(
                command,
                shell=isinstance(command, str),
                cwd=cwd,
                env=dict(env) if env is not None else None,
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent if die_with_parent else None,
            )
        except BaseException:
            sink.close()
            raise
        if output is not None:
            sink.close()  # the program has its own descriptor; the tail reopens the file
            return cls(popen, None, output)
        return cls(popen, sink, None)

    def poll(self) -> int | None:
        return self.popen.poll()

    def wait(self, timeout: float, *, grace: float = GRACE_S) -> Finished:
        """Wait until it exits, at most ``timeout`` seconds; then stop it and its group."""
        exit_code: int | None
        try:
            exit_code = self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.stop(grace)
            exit_code = None
        except BaseException:
            self.stop(grace)
            raise
        finished = Finished(
            exit_code=exit_code,
            duration_s=round(time.monotonic() - self._started, 3),
            tail=self.tail(),
            timeout_s=timeout,
        )
        if self._sink is not None:
            self._sink.close()
        return finished

    def stop(self, grace: float | None = None) -> None:
        """SIGTERM to the whole group; SIGKILL to what is left after ``grace`` seconds."""
        deadline = time.monotonic() + (self.grace if grace is None else grace)
        self._signal(signal.SIGTERM)
        try:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(max(0.0, deadline - time.monotonic()))
            while self._group_alive() and time.monotonic() < deadline:
                time.sleep(0.05)  # what it started may take a moment longer to exit
        finally:  # also on a second Ctrl-C during the grace period
            if self.popen.poll() is None or self._group_alive():
                self._signal(signal.SIGKILL)
            self.popen.wait()

    def tail(self, lines: int = TAIL_LINES) -> str:
        """The last lines of its output so far, without waiting for more."""
        try:
            data = self._last_bytes()
        except (OSError, ValueError):  # the output file is gone, or already closed
            return ""
        return "\n".join(data.decode("utf-8", "replace").splitlines()[-lines:])

    def _last_bytes(self) -> bytes:
        if self._output is not None:
            with self._output.open("rb") as log:
                size = log.seek(0, os.SEEK_END)
                log.seek(max(0, size - _TAIL_BYTES))
                return log.read()
        assert self._sink is not None
        fd = self._sink.fileno()
        size = os.fstat(fd).st_size
        start = max(0, size - _TAIL_BYTES)
        return os.pread(fd, size - start, start)  # pread: the program's file offset stays put

    def _signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signum)

    def _group_alive(self) -> bool:
        try:
            os.killpg(self.popen.pid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True


def run(
    command: str | Sequence[str],
    *,
    timeout: float,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    running: set[Process] | None = None,
    grace: float = GRACE_S,
) -> Finished:
    """Start ``command`` and wait for it; ``running`` holds it meanwhile (to stop it from elsewhere).

    ``grace``: the seconds between SIGTERM and SIGKILL when it must stop.
    """
    process = Process.start(command, cwd=cwd, env=env)
    process.grace = grace
    if running is not None:
        running.add(process)
    try:
        return process.wait(timeout, grace=grace)
    finally:
        if running is not None:
            running.discard(process)


def _die_with_parent() -> None:
    """In the child: ask Linux for SIGTERM when the thread that started it dies."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
