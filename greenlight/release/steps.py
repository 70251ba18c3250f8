"""What every strategy does: run a hook, run the smoke gate, check a version, undo.

A strategy calls these and never touches the record or the platform directly. Each
change that users could notice pushes its undo; on a no-go, a failed hook, Ctrl-C,
SIGTERM or any error the undos run newest first, back to the last known-good state.
An undo says what stays exposed if it fails too (``left``), and the record then says
that with the command to run by hand.

    >>> steps.hook("deploy green 1.1.0", "deploy", target="green")
    >>> steps.smoke("smoke green", target="green")        # raises Stop on no-go
    >>> steps.push_undo("switch back to blue", "switch", target="blue",
    ...                 left="users are still on green", fix="switch them back")
    >>> steps.hook("switch to green", "switch", target="green")
"""

from __future__ import annotations

import shutil
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from greenlight.config.environment import Environment
from greenlight.errors import ConfigError
from greenlight.probes.health import plain_version, system_version
from greenlight.release.gate import Gate, GateVerdict, run_gate
from greenlight.release.progress import running
from greenlight.release.record import Record
from greenlight.release.spec import ReleaseSpec
from greenlight.shell import render, run_command
from greenlight.terminal import printable
from greenlight.verdict.words import root_cause


class Stop(Exception):
    """The release cannot go on: a hook failed, the gate said no-go, or a check failed."""


@dataclass
class Undo:
    step: str
    name: str  # the command of the release section
    given: dict[str, Any]
    left: str  # what stays exposed to users if this undo fails
    fix: str  # what a person does about it, with the command

    def left_behind(self, command: str) -> str:
        return f"{self.left}: {self.fix} by hand with `{command}`"


@dataclass
class Steps:
    env: Environment
    spec: ReleaseSpec
    version: str
    record: Record
    gate: Gate
    verdicts: Path  # folder for each gate run's verdict file
    undos: list[Undo] = field(default_factory=list)
    kept: list[Undo] = field(default_factory=list)  # a released version's undo, for its watch
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
        try:
            with running(self.record.out, step, at=at):
                result = run_command(
                    self.spec.command(name),
                    self.values(**given),
                    timeout=self.spec.hook_timeout,
                    secrets=self.env.secrets,
                    where=f"release.{name}",
                )
        except OSError as error:  # it could not even start: the timeline still says so
            self.record.note(step, f"could not run: {_error(error)}", ok=False, kind="hook")
            raise
        self.record.hook(step, result, at)
        if not result.started:
            # The team's command could not even be executed: the release machinery is
            # broken, which someone must look at (exit 2), not a no-go of this step.
            raise OSError(f"{step}: {result.tail}")
        if not result.ok:
            raise Stop(f"{step} failed: {result.summary}")
        return result.tail

    def smoke(self, step: str, target: str | None, expect_version: str | None = None) -> None:
        self._runs += 1
        at = self.record.elapsed()
        path = (self.verdicts / f"verdict-{self._runs}-{target or 'public'}.json").resolve()
        counts = path.with_suffix(".progress.json")
        try:
            with running(self.record.out, step, at=at, counts=counts):
                verdict: GateVerdict = run_gate(
                    self.gate,
                    target=target,
                    verdict_path=path,
                    expect_version=expect_version,
                    progress=counts,
                )
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the gate had its grace to clean up
            self.record.note(
                step,
                f"stopped: the smoke run got SIGTERM and {self.gate.grace:g}s to clean up",
                ok=False,
                kind="smoke",
            )
            raise
        self.record.smoke(step, verdict, at)
        if path.exists():
            # The environment's latest verdict, where greenlight report and verdict look.
            shutil.copyfile(path, self.record.path.parent / "verdict.json")
        if not verdict.go:
            raise Stop(f"{step}: {root_cause(verdict.reasons)}")

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

    def push_undo(
        self, step: str, name: str, *, left: str = "", fix: str = "", **given: Any
    ) -> None:
        """``left``: what stays exposed if this undo fails; ``fix``: what a person then does."""
        self.undos.append(Undo(step, name, given, left or f"{step} failed", fix or "do it"))

    def exposed(self, left: str) -> None:
        """What the newest undo leaves exposed now (a canary's share grew, say)."""
        self.undos[-1].left = left

    def roll_back(self) -> bool:
        """Run the undos newest first; False when one of them failed (someone must look)."""
        if not self.undos:
            return True
        complete = True
        with shielded_from_signals():
            while self.undos:
                undo = self.undos.pop()
                try:
                    self.hook(undo.step, undo.name, **undo.given)
                except (Stop, OSError):
                    complete = False  # keep going: every other undo still helps
                    command = self.env.secrets.mask(self.render(undo.name, **undo.given))
                    self.record.left_behind.append(undo.left_behind(command))
        self.record.rollback = "complete" if complete else "failed"
        return complete

    def wait(self, step: str, seconds: float) -> None:
        self.record.wait(step, seconds)

    def released(self) -> None:
        """Released: nothing to undo now; the undos are kept for a watch that may need them."""
        self.kept, self.undos = self.undos, []

    def undo_release(self) -> bool:
        """A watch said no-go: undo the release with the strategy's own undos."""
        self.undos, self.kept = self.kept, []
        return self.roll_back()


def _ignore(number: int, frame: FrameType | None) -> None:
    """The signal arrived during a rollback: the rollback goes on."""


def _error(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


@contextmanager
def shielded_from_signals() -> Iterator[None]:
    """A second Ctrl-C or SIGTERM must not leave a rollback half done."""
    # A handler that does nothing, not SIG_IGN: an ignored signal stays ignored in the
    # programs the undo hooks start (a shop instance that SIGTERM could never stop).
    try:
        previous = {
            number: signal.signal(number, _ignore) for number in (signal.SIGINT, signal.SIGTERM)
        }
    except ValueError:  # not the main thread (greenlight serve): nothing to shield
        yield
        return
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
