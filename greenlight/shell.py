"""Running a team's own commands (promote, rollback, deploy, switch traffic) safely.

Commands are shell strings from ``environments.toml`` with ``{placeholders}``; each runs
with a timeout, and its exit code, duration and the tail of its output are recorded.
A failing or hanging command is a result, never a crash.

    >>> result = run_command("kubectl rollout undo deploy/shop --to-revision={revision}",
    ...                      {"revision": "41"}, timeout=60, secrets=env.secrets)
    >>> result.ok, result.exit_code, result.tail
    (True, 0, 'deployment.apps/shop rolled back')

Placeholder values are shell-quoted (:mod:`greenlight.placeholders`), so a version
string cannot inject a command. The command runs through :mod:`greenlight.process`:
a timeout or Ctrl-C stops it and everything it started, and a command that leaves a
server running in the background is done when it exits. Secrets are masked in the
recorded command and output.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from greenlight import process
from greenlight.placeholders import placeholders
from greenlight.placeholders import render_shell as render
from greenlight.secrets import Secrets

__all__ = ["CommandResult", "placeholders", "render", "run_command"]


@dataclass(frozen=True)
class CommandResult:
    command: str
    exit_code: int | None  # None: it did not finish in time
    duration_s: float
    tail: str
    timeout_s: float | None = None  # how long it had; None when it did not get to run

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    @property
    def summary(self) -> str:
        if self.exit_code is None:
            given = self.timeout_s if self.timeout_s is not None else self.duration_s
            return (
                f"`{self.command}` timed out after {given:.0f}s: it had not exited, so greenlight "
                "stopped it and every process it started"
            )
        return f"`{self.command}` exited with {self.exit_code}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def run_command(
    template: str,
    values: Mapping[str, object],
    *,
    timeout: float,
    secrets: Secrets | None = None,
    cwd: Path | None = None,
    extra_env: Mapping[str, str] | None = None,
) -> CommandResult:
    """Render ``template`` and run it in ``sh``; Ctrl-C stops it, then goes on to the caller."""
    secrets = secrets or Secrets()
    command = render(template, values)
    finished = process.run(
        command, timeout=timeout, cwd=cwd, env={**os.environ, **(extra_env or {})}
    )
    return CommandResult(
        command=secrets.mask(command),
        exit_code=finished.exit_code,
        duration_s=finished.duration_s,
        tail=secrets.mask(finished.tail),
        timeout_s=timeout,
    )
