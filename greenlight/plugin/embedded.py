"""Starting the system under test on this machine, for an environment with ``[NAME.embedded]``.

    >>> system = EmbeddedSystem.start(env, workdir=Path("/tmp/run"))
    >>> system.url
    'http://127.0.0.1:43817'
    >>> system.stop()

The command is split like a shell line; ``{python}`` becomes this interpreter and
``{workdir}`` a fresh folder for the run (databases, logs). It must print the URL it
serves on a line of its own once it listens; greenlight then waits for the health
endpoint. Its output goes to ``system.log`` in the workdir, whose tail is shown when
the system fails to start. Secrets are handed to it through the environment
variables named in the environment's ``secrets`` table.
"""

from __future__ import annotations

import ctypes
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import requests

from greenlight.config.environment import Environment
from greenlight.errors import SystemFailedToStart
from greenlight.urls import join

_URL_LINE = re.compile(r"(https?://[^\s\"']+)")
LOG_TAIL_LINES = 20


@dataclass
class EmbeddedSystem:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    @classmethod
    def start(
        cls, env: Environment, *, workdir: Path, extra_args: tuple[str, ...] = ()
    ) -> EmbeddedSystem:
        assert env.embedded is not None, (
            "only an environment with an embedded table starts a system"
        )
        workdir.mkdir(parents=True, exist_ok=True)
        command = env.embedded.command.format(python=sys.executable, workdir=workdir)
        log = workdir / "system.log"
        child_env = {**os.environ, **secret_variables(env)}
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [*shlex.split(command), *extra_args],
                stdout=sink,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=child_env,
                preexec_fn=_stop_with_parent,
            )
        system = cls(process=process, url="", log=log)
        try:
            system.url = system._await_url(env.embedded.ready_timeout)
            system._await_health(env, env.embedded.ready_timeout)
        except BaseException:
            system.stop()
            raise
        return system

    def _await_url(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = _URL_LINE.search(self.log.read_text(errors="replace"))
            if match:
                return match.group(1).rstrip("/")
            if self.process.poll() is not None:
                self._fail(f"exited with code {self.process.returncode} before printing its URL")
            time.sleep(0.02)
        self._fail(f"printed no URL within {timeout:g}s")

    def _await_health(self, env: Environment, timeout: float) -> None:
        url = join(self.url, env.health_path)
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._fail(f"exited with code {self.process.returncode} before it was healthy")
            try:
                answer = requests.get(url, timeout=2)
                if answer.ok:
                    return
                last = f"HTTP {answer.status_code}"
            except requests.RequestException as error:
                last = type(error).__name__
            time.sleep(0.05)
        self._fail(f"was not healthy at {url} within {timeout:g}s (last: {last})")

    def _fail(self, what: str) -> NoReturn:
        raise SystemFailedToStart(
            f"the embedded system {what}.\ncommand log {self.log} ends with:\n{self.log_tail()}"
        )

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:]) or "(empty log)"

    def stop(self, grace: float = 5.0) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _stop_with_parent() -> None:
    """In the child: ask Linux to terminate it when the test run dies without stopping it.

    A run killed outright (SIGKILL, a CI job cancelled) never reaches its teardown; without
    this the system would keep its port and memory until the machine stops.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


_PR_SET_PDEATHSIG = 1


def secret_variables(env: Environment) -> dict[str, str]:
    """The process environment variables that carry the environment's secrets."""
    names = env.settings.get("secrets", {})
    return {
        variable: env.secrets[secret] for secret, variable in names.items() if secret in env.secrets
    }
