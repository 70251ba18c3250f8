"""Running a team's own commands (promote, rollback, deploy, switch traffic) safely.

Commands are templates from ``environments.toml`` with ``{placeholders}``; each runs
with a timeout, and its exit code, duration and the tail of its output are recorded.
A failing, missing or hanging command is a result, never a crash.

    >>> result = run_command("kubectl rollout undo deploy/shop --to-revision={revision}",
    ...                      {"revision": "41"}, timeout=60, secrets=env.secrets)
    >>> result.ok, result.exit_code, result.tail
    (True, 0, 'deployment.apps/shop rolled back')

A plain template is split into its words first and each value goes into its one word
(:func:`greenlight.placeholders.render_command`); the program then runs without a shell,
so no value can add a command. A template in shell syntax (``&&``, a pipe, a
redirection) runs in ``sh -c`` and takes no placeholders: every hook gets each value as
an environment variable too (``GREENLIGHT_VERSION``, ``GREENLIGHT_TARGET``...), which
such a command writes as ``"$GREENLIGHT_VERSION"``. The command runs through
:mod:`greenlight.process`: a timeout or Ctrl-C stops it and everything it started, and a
command that leaves a server running in the background is done when it exits. Secrets
are masked in the recorded command and output.
"""

from __future__ import annotations

import errno
import os
import shlex
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from greenlight import process
from greenlight.placeholders import placeholders, render_command, shell_syntax, variable
from greenlight.secrets import Secrets
from greenlight.terminal import printable

__all__ = ["CommandResult", "placeholders", "render", "render_command", "run_command", "variables"]

NOT_FOUND, NOT_EXECUTABLE = 127, 126  # what a shell answers for a missing program


@dataclass(frozen=True)
class CommandResult:
    command: str
    exit_code: int | None  # None: it did not finish in time
    duration_s: float
    tail: str
    timeout_s: float | None = None  # how long it had; None when it did not get to run
    started: bool = True  # False: the program could not even be executed

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    @property
    def summary(self) -> str:
        # One line on any terminal, whatever the command (or a value in it) holds.
        command = printable(self.command)
        if self.exit_code is None:
            given = self.timeout_s if self.timeout_s is not None else self.duration_s
            return (
                f"`{command}` timed out after {given:.0f}s: it had not exited, so greenlight "
                "stopped it and every process it started"
            )
        return f"`{command}` exited with {self.exit_code}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def render(template: str, values: Mapping[str, object], *, where: str = "command") -> str:
    """The command as it will run, for showing: its words quoted where they need it."""
    return _rendered(template, values, where)[1]


def variables(values: Mapping[str, object]) -> dict[str, str]:
    """Each placeholder value as the environment variable a shell command reads it from."""
    return {variable(name): str(value) for name, value in values.items()}


def run_command(
    template: str,
    values: Mapping[str, object],
    *,
    timeout: float,
    secrets: Secrets | None = None,
    cwd: Path | None = None,
    extra_env: Mapping[str, str] | None = None,
    where: str = "command",
) -> CommandResult:
    """Render ``template`` and run it; Ctrl-C stops it, then goes on to the caller."""
    secrets = secrets or Secrets()
    argv, command = _rendered(template, values, where)
    env = {**os.environ, **(extra_env or {}), **variables(values)}
    try:
        finished = process.run(argv, timeout=timeout, cwd=cwd, env=env)
    except OSError as error:  # no such program, or not executable: as a shell would say
        code = NOT_EXECUTABLE if error.errno in (errno.EACCES, errno.ENOEXEC) else NOT_FOUND
        return CommandResult(
            command=secrets.mask(command),
            exit_code=code,
            duration_s=0.0,
            tail=f"greenlight: cannot run {argv[0]}: {error.strerror or error}",
            timeout_s=timeout,
            started=False,
        )
    return CommandResult(
        command=secrets.mask(command),
        exit_code=finished.exit_code,
        duration_s=finished.duration_s,
        tail=secrets.mask(finished.tail),
        timeout_s=timeout,
    )


def _rendered(template: str, values: Mapping[str, object], where: str) -> tuple[list[str], str]:
    """The argument vector, and the command shown: a shell command as written."""
    argv = render_command(template, values, where=where)
    return argv, argv[-1] if shell_syntax(template, where=where) else shlex.join(argv)
