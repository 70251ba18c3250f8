"""What every strategy does: run a hook, run the smoke gate, check a version, undo.

A strategy calls these and never touches the record or the platform directly. Each
change that users could notice pushes its undo; on a no-go, a failed hook or Ctrl-C
the undos run newest first, back to the last known-good state.

    >>> steps.hook("deploy green 1.1.0", "deploy", target="green")
    >>> steps.smoke("smoke green", target="green")        # raises Stop on no-go
    >>> steps.hook("switch to green", "switch", target="green")
    >>> steps.push_undo("switch back to blue", "switch", target="blue")
"""

from __future__ import annotations

import shutil
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from greenlight.config.environment import Environment
from greenlight.errors import ConfigError
from greenlight.probes.health import plain_version, system_version
from greenlight.release.gate import Gate, GateVerdict, run_gate
from greenlight.release.record import Record
from greenlight.release.spec import ReleaseSpec
from greenlight.shell import render, run_command
from greenlight.terminal import printable


class Stop(Exception):
    """The release cannot go on: a hook failed, the gate said no-go, or a check failed."""


@dataclass
class Steps:
    env: Environment
    spec: ReleaseSpec
    version: str
    record: Record
    gate: Gate
    verdicts: Path  # folder for each gate run's verdict file
    undos: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    _runs: int = 0

    def __post_init__(self) -> None:
        # It reaches every hook as an argument and every progress line: plain text only.
        if plain_version(self.version) is None:
            raise ConfigError(
                [
                    f"--version {printable(self.version)!r} is not a plain version string "
                    f"(letters, digits and . _ + -, at most 64 characters)"
                ]
            )

    def values(self, **given: Any) -> dict[str, Any]:
        return {"python": sys.executable, "version": self.version, **given}

    def render(self, name: str, **given: Any) -> str:
        return render(self.spec.command(name), self.values(**given), where=f"release.{name}")

    def hook(self, step: str, name: str, **given: Any) -> str:
        """Run the ``name`` command; its output on success, :class:`Stop` on failure."""
        at = self.record.elapsed()
        result = run_command(
            self.spec.command(name),
            self.values(**given),
            timeout=self.spec.hook_timeout,
            secrets=self.env.secrets,
            where=f"release.{name}",
        )
        self.record.hook(step, result, at)
        if not result.ok:
            raise Stop(f"{step} failed: {result.summary}")
        return result.tail

    def smoke(self, step: str, target: str | None, expect_version: str | None = None) -> None:
        self._runs += 1
        at = self.record.elapsed()
        path = (self.verdicts / f"verdict-{self._runs}-{target or 'public'}.json").resolve()
        verdict: GateVerdict = run_gate(
            self.gate, target=target, verdict_path=path, expect_version=expect_version
        )
        self.record.smoke(step, verdict, at)
        if path.exists():
            # The environment's latest verdict, where greenlight report and verdict look.
            shutil.copyfile(path, self.record.path.parent / "verdict.json")
        if not verdict.go:
            first = verdict.reasons[0] if verdict.reasons else "no reason given"
            more = f" and {len(verdict.reasons) - 1} more" if len(verdict.reasons) > 1 else ""
            raise Stop(f"{step}: no-go ({first}{more})")

    def version_of(self, target: str | None) -> str | None:
        """The version the target's (or the public URL's) health endpoint reports."""
        base = self.env.targets[target][self.env.primary_service] if target else self.env.base_url
        return system_version(base, self.env.health_path)

    def confirm_version(self, step: str, target: str | None, expected: str) -> None:
        """Record what ``target`` (None: the public URL) serves; :class:`Stop` if not ``expected``."""
        seen = self.version_of(target)
        where = target or "the public URL"
        ok = seen == expected
        self.record.note(step, f"{where} serves {seen or 'nothing readable'}", ok=ok)
        if not ok:
            raise Stop(f"{where} serves {seen or 'nothing readable'}, expected {expected}")

    def push_undo(self, step: str, name: str, **given: Any) -> None:
        self.undos.append((step, name, given))

    def roll_back(self) -> bool:
        """Run the undos newest first; False when one of them failed (someone must look)."""
        if not self.undos:
            return True
        complete = True
        with _shielded_from_ctrl_c():
            while self.undos:
                step, name, given = self.undos.pop()
                try:
                    self.hook(step, name, **given)
                except Stop:
                    complete = False  # keep going: every other undo still helps
        self.record.rollback = "complete" if complete else "failed"
        return complete

    def wait(self, step: str, seconds: float) -> None:
        self.record.wait(step, seconds)


@contextmanager
def _shielded_from_ctrl_c() -> Iterator[None]:
    """A second Ctrl-C must not leave a rollback half done."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread (greenlight serve): nothing to shield
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
