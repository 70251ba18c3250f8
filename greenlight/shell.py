"""Running a team's own commands (promote, rollback, deploy, switch traffic) safely.

Commands are shell strings from ``environments.toml`` with ``{placeholders}``; each runs
with a timeout, and its exit code, duration and the tail of its output are recorded.
A failing or hanging command is a result, never a crash.

    >>> result = run_command("kubectl rollout undo deploy/shop --to-revision={revision}",
    ...                      {"revision": "41"}, timeout=60, secrets=env.secrets)
    >>> result.ok, result.exit_code, result.tail
    (True, 0, 'deployment.apps/shop rolled back')

Placeholder values are shell-quoted, so a version string cannot inject a command.
Secrets are masked in the recorded command and output.
"""

from __future__ import annotations

import os
import shlex
import signal
import string
import subprocess
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from greenlight.errors import ConfigError
from greenlight.secrets import Secrets

TAIL_LINES = 20


@dataclass(frozen=True)
class CommandResult:
    command: str
    exit_code: int | None  # None: it did not finish in time
    duration_s: float
    tail: str

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    @property
    def summary(self) -> str:
        if self.exit_code is None:
            return f"`{self.command}` timed out after {self.duration_s:.0f}s"
        return f"`{self.command}` exited with {self.exit_code}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def render(template: str, values: Mapping[str, object], *, where: str = "command") -> str:
    """The command with each ``{name}`` replaced by its shell-quoted value."""
    missing = sorted(placeholders(template) - set(values))
    if missing:
        known = ", ".join(f"{{{name}}}" for name in sorted(values)) or "none"
        raise ConfigError(
            [
                f"{where}: unknown placeholder(s) {', '.join(f'{{{m}}}' for m in missing)} (known: {known})"
            ]
        )
    return template.format(**{name: shlex.quote(str(value)) for name, value in values.items()})


def run_command(
    template: str,
    values: Mapping[str, object],
    *,
    timeout: float,
    secrets: Secrets | None = None,
    cwd: Path | None = None,
    extra_env: Mapping[str, str] | None = None,
) -> CommandResult:
    secrets = secrets or Secrets()
    command = render(template, values)
    started = time.monotonic()
    process = subprocess.Popen(
        command,
        shell=True,
        cwd=cwd,
        env={**os.environ, **(extra_env or {})},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so a timeout stops all it started
    )
    exit_code: int | None
    try:
        output, _ = process.communicate(timeout=timeout)
        exit_code = process.returncode
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        exit_code = None
    except BaseException:  # Ctrl-C while a hook runs: stop it too, then let the caller roll back
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    tail = "\n".join(output.decode("utf-8", "replace").splitlines()[-TAIL_LINES:])
    return CommandResult(
        command=secrets.mask(command),
        exit_code=exit_code,
        duration_s=round(time.monotonic() - started, 3),
        tail=secrets.mask(tail),
    )
