"""The release record: every step with its command, verdict and timings, kept as it goes.

``reports/<env>/release.json`` is rewritten after each step, so an interrupted or
crashed release still leaves its story behind; the terminal shows the same timeline.

    >>> record = Record(Path("reports/demo/release.json"), environment="demo",
    ...                 strategy="blue-green", version="1.1.0", mode="deployment")
    >>> record.hook("deploy 1.1.0 to green", result, started=record.elapsed())
      +0.0s  deploy 1.1.0 to green                  ok     0.8s
    >>> record.finish("released", "1.1.0 serves demo through green")
    released: 1.1.0 serves demo through green

The outcome is one of ``released``, ``rolled-back`` or ``recommendation`` (a person
decides: delivery mode, or an A/B comparison).
"""

from __future__ import annotations

import json
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from greenlight.release.gate import GateVerdict
from greenlight.secrets import Secrets
from greenlight.shell import CommandResult
from greenlight.terminal import printable

RELEASED = "released"
ROLLED_BACK = "rolled-back"
RECOMMENDATION = "recommendation"
SCHEMA_VERSION = 1
_SAFE = re.compile(r"[^A-Za-z0-9_.+-]")


@dataclass(frozen=True)
class Entry:
    step: str
    kind: str  # hook, smoke, wait, check or note
    ok: bool
    at_s: float  # seconds since the release started
    duration_s: float = 0.0
    command: str | None = None
    exit_code: int | None = None
    tail: str | None = None
    verdict: dict[str, Any] | None = None
    detail: str | None = None


@dataclass
class Record:
    path: Path
    environment: str
    strategy: str
    version: str
    mode: str
    out: TextIO = field(default_factory=lambda: sys.stdout)
    secrets: Secrets = field(default_factory=Secrets)
    entries: list[Entry] = field(default_factory=list)
    outcome: str | None = None
    summary: str = ""
    interrupted: bool = False
    rollback: str | None = None  # None: nothing to roll back; "complete" or "failed"
    left_behind: list[str] = field(default_factory=list)  # what a failed undo left exposed
    next_commands: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    _clock: float = field(default_factory=time.monotonic)

    def begin(self) -> None:
        self._say(
            f"greenlight release: {self.environment}, {self.strategy}, version {self.version} ({self.mode} mode)"
        )
        self.write()

    def elapsed(self) -> float:
        return round(time.monotonic() - self._clock, 3)

    def hook(self, step: str, result: CommandResult, started: float) -> Entry:
        outcome = "ok" if result.ok else ("TIMEOUT" if result.exit_code is None else "FAILED")
        entry = Entry(
            step=step,
            kind="hook",
            ok=result.ok,
            at_s=started,
            duration_s=result.duration_s,
            command=result.command,
            exit_code=result.exit_code,
            tail=result.tail,
        )
        self._add(entry, outcome)
        if not result.ok:
            self._say(f"         {result.summary}; its output ended with:")
            for line in (result.tail or "(no output)").splitlines():
                self._say(f"           | {line}")
        return entry

    def smoke(self, step: str, verdict: GateVerdict, started: float) -> Entry:
        entry = Entry(
            step=step,
            kind="smoke",
            ok=verdict.go,
            at_s=started,
            duration_s=verdict.duration_s,
            command=verdict.command,
            exit_code=verdict.exit_code,
            verdict=verdict.as_dict(),
            tail=None if verdict.go else verdict.tail,
        )
        self._add(entry, "GO" if verdict.go else "NO-GO")
        if verdict.headline:
            self._say(f"         {verdict.headline}")
        for reason in verdict.reasons:
            self._say(f"         - {reason}")
        return entry

    def note(
        self,
        step: str,
        detail: str,
        *,
        ok: bool = True,
        kind: str = "check",
        verdict: dict[str, Any] | None = None,
    ) -> Entry:
        entry = Entry(
            step=step, kind=kind, ok=ok, at_s=self.elapsed(), detail=detail, verdict=verdict
        )
        self._add(entry, "ok" if ok else "NO-GO", detail)
        return entry

    def wait(self, step: str, seconds: float) -> None:
        """Sleep ``seconds`` with a dot a second, so a long wait shows it is alive."""
        at = self.elapsed()
        self.out.write(f"  +{at:.1f}s  {step:<38} waiting {seconds:g}s ")
        self.out.flush()
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            time.sleep(min(1.0, left))
            if left >= 1.0:
                self.out.write(".")
                self.out.flush()
        self.out.write(" done\n")
        self.entries.append(
            Entry(step=step, kind="wait", ok=True, at_s=at, duration_s=round(seconds, 3))
        )
        self.write()

    def finish(self, outcome: str, summary: str) -> None:
        self.outcome = outcome
        self.summary = summary
        self.write()
        self._say(f"{outcome}: {summary}")
        for command in self.next_commands:
            self._say(f"  to complete it, run: {command}")
        self._say(f"release record: {self.path}")

    def as_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "environment": self.environment,
            "strategy": self.strategy,
            "version": self.version,
            "mode": self.mode,
            "started": self.started.isoformat(timespec="milliseconds"),
            "duration_s": self.elapsed(),
            "outcome": self.outcome,
            "summary": self.summary,
            "interrupted": self.interrupted,
            "rollback": self.rollback,
            "left_behind": self.left_behind,
            "next_commands": self.next_commands,
            **self.extra,
            "timeline": [asdict(entry) for entry in self.entries],
        }

    @property
    def folder(self) -> Path:
        """This release's own folder: its gate verdicts and a copy of the record."""
        stamp = self.started.strftime("%Y%m%dT%H%M%S")
        name = _SAFE.sub("_", f"{stamp}-{self.strategy}-{self.version}")
        return self.path.parent / "releases" / name

    def write(self) -> None:
        text = self.secrets.mask(json.dumps(self.as_dict(), indent=2)) + "\n"
        # release.json is the latest release; the copy in its folder stays for history.
        for path in (self.path, self.folder / "release.json"):
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".json.tmp")
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(path)  # readers never see half a record

    def _add(self, entry: Entry, outcome: str, detail: str = "") -> None:
        self.entries.append(entry)
        took = f"{entry.duration_s:.1f}s" if entry.kind != "check" else ""
        self._say(f"  +{entry.at_s:.1f}s  {entry.step:<38} {outcome:<7}{took}  {detail}".rstrip())
        self.write()

    def _say(self, line: str) -> None:
        # Hook output and gate reasons come from the system: no control character reaches
        # the terminal (a CR or ESC could rewrite what a person reads).
        print(printable(self.secrets.mask(line)), file=self.out, flush=True)


def read_release(path: Path) -> dict[str, Any] | None:
    """A release record holding an outcome, or None when missing, unreadable or another file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "outcome" in data else None
