"""Starting the system under test on this machine, for an environment with ``[NAME.embedded]``.

    >>> system = EmbeddedSystem.start(env, workdir=Path("/tmp/run"))
    >>> system.url
    'http://127.0.0.1:43817'
    >>> system.stop()

The command is split like a shell line first, then ``{python}`` becomes this
interpreter, ``{workdir}`` a fresh folder for the run (databases, logs) and ``{root}``
the folder of ``environments.toml`` in each argument (:func:`greenlight.placeholders.render_argv`), so a folder with spaces stays
one argument; ``{{`` and ``}}`` are literal braces. A ``${VAR}`` value lands inside
the one argument it is written in, as plain text (braces too), and no shell runs it.
The script of an explicit ``sh -c '...'`` takes no placeholders; it reads
``"$GREENLIGHT_WORKDIR"``, ``"$GREENLIGHT_PYTHON"`` and ``"$GREENLIGHT_ROOT"``. It runs in
the folder of ``environments.toml``, as hooks do, so ``cd tests && pytest`` starts it
the same as ``pytest`` at the top. It must print the URL it serves on
a line of its own once it listens; greenlight then waits for the health endpoint.
Its output goes to ``system.log`` in the workdir, whose tail is shown when the system
fails to start. Secrets are handed to it through the environment variables named in
the environment's ``secrets`` table.

It runs through :mod:`greenlight.process`: in a process group of its own (a Ctrl-C in
the terminal reaches the test run, whose cleanup may still need the system, and not
the system), stopped with SIGTERM then SIGKILL, and it dies with the test run even
when that is killed outright and never reaches its teardown.
"""

from __future__ import annotations

import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import requests

from greenlight.config.environment import Environment
from greenlight.errors import SystemFailedToStart
from greenlight.placeholders import render_argv
from greenlight.process import Process
from greenlight.shell import variables
from greenlight.urls import join

_URL_LINE = re.compile(r"(https?://[^\s\"']+)")
LOG_TAIL_LINES = 20


@dataclass
class EmbeddedSystem:
    process: Process
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
        # The command's relative paths are the environments file's, not pytest's folder's.
        root = env.source.parent.resolve()
        values = {"python": sys.executable, "workdir": workdir, "root": root}
        command = render_argv(env.embedded.command, values, where=f"[{env.name}.embedded].command")
        log = workdir / "system.log"
        process = Process.start(
            [*command, *extra_args],
            output=log,
            cwd=root,
            # GREENLIGHT_WORKDIR too: the script of an explicit `sh -c` reads values there.
            env={**os.environ, **variables(values), **secret_variables(env)},
            # A run killed outright (SIGKILL, a CI job cancelled) never reaches its
            # teardown; the system must not keep its port and memory until the machine stops.
            die_with_parent=True,
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
                self._fail(f"exited with code {self.process.poll()} before printing its URL")
            time.sleep(0.02)
        self._fail(f"printed no URL within {timeout:g}s")

    def _await_health(self, env: Environment, timeout: float) -> None:
        url = join(self.url, env.health_path)
        deadline = time.monotonic() + timeout
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._fail(f"exited with code {self.process.poll()} before it was healthy")
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
        return self.process.tail(lines) or "(empty or no log)"

    def stop(self, grace: float = 5.0) -> None:
        """SIGTERM to the system and all it started; SIGKILL after ``grace`` seconds."""
        self.process.stop(grace)


def secret_variables(env: Environment) -> dict[str, str]:
    """The process environment variables that carry the environment's secrets."""
    names = env.settings.get("secrets", {})
    return {
        variable: env.secrets[secret] for secret, variable in names.items() if secret in env.secrets
    }
