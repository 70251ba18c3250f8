"""The watch record: every round with its decision, reasons and values, kept as it goes.

``reports/<env>/watch.json`` is rewritten after every round (atomically), so a watch
stopped by Ctrl-C or a crash still leaves its story; a copy stays in the watch's own
folder (``reports/<env>/watches/<stamp>/``, beside each round's verdict) for
``greenlight history``. The terminal shows the same rounds, one line each:

    greenlight watch: prod for 30m, a round every 1m (deployment mode)
      +0.0s  round 1                                GO     12.1s
      +60.0s round 2                                NO-GO  11.8s
             - probe error-ratio breached: 0.31 is above fail_above 0.05 (...)
      +71.8s rollback                               ok     4.2s
    watch failed: round 2 said no-go; rolled back (`deploy/rollback.sh 2.1.0` exited with 0)
    watch record: reports/prod/watch.json

The outcome is ``passed`` (every round go for the whole window), ``failed`` (a round
said no-go) or ``interrupted``.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from greenlight.secrets import Secrets
from greenlight.shell import CommandResult
from greenlight.terminal import printable

PASSED = "passed"
FAILED = "failed"
INTERRUPTED = "interrupted"
SCHEMA_VERSION = 1


@dataclass
class WatchRecord:
    path: Path  # reports/<env>/watch.json
    environment: str
    target: str | None
    mode: str
    lasting: float
    every: float
    folder: Path | None = None  # where the copy and the rounds' verdicts go
    out: TextIO = field(default_factory=lambda: sys.stdout)
    secrets: Secrets = field(default_factory=Secrets)
    rounds: list[dict[str, Any]] = field(default_factory=list)
    outcome: str | None = None
    summary: str = ""
    rollback: dict[str, Any] | None = None
    restored: str | None = None  # when a rollback completed, for the time to restore
    version: str | None = None
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    _clock: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        if self.folder is None:
            stamp = self.started.strftime("%Y%m%dT%H%M%S")
            self.folder = self.path.parent / "watches" / stamp

    @property
    def where(self) -> str:
        return f"{self.environment} (target {self.target})" if self.target else self.environment

    def begin(self) -> None:
        self._say(
            f"greenlight watch: {self.where} for {self.lasting:g}s, a round every "
            f"{self.every:g}s ({self.mode} mode)"
        )
        self.write()

    def elapsed(self) -> float:
        return round(time.monotonic() - self._clock, 3)

    def round(
        self,
        *,
        at: float,
        decision: str,
        reasons: list[str],
        notes: list[str],
        duration: float,
        verdict: Path,
        headline: str,
        probes: list[dict[str, Any]],
        window: dict[str, Any],
    ) -> None:
        number = len(self.rounds) + 1
        self.rounds.append(
            {
                "round": number,
                "started": (self.started + timedelta(seconds=at)).isoformat(
                    timespec="milliseconds"
                ),
                "at_s": at,
                "duration_s": round(duration, 3),
                "decision": decision,
                "headline": headline,
                "reasons": reasons,
                "notes": notes,
                "verdict": str(verdict),
                "probes": probes,
                "window": window,
            }
        )
        shown = "GO" if decision == "go" else "NO-GO"
        self._line(at, f"round {number}", shown, f"{duration:.1f}s")
        for reason in reasons:
            self._say(f"         - {reason}")
        self.write()

    def hook(self, step: str, result: CommandResult, at: float) -> None:
        self.rollback = {"step": step, "at_s": at, "ok": result.ok, **result.as_dict()}
        if result.ok:
            self.restored = datetime.now(UTC).isoformat(timespec="milliseconds")
        outcome = "ok" if result.ok else ("TIMEOUT" if result.exit_code is None else "FAILED")
        self._line(at, step, outcome, f"{result.duration_s:.1f}s")
        if not result.ok:
            self._say(f"         {result.summary}; its output ended with:")
            for line in (result.tail or "(no output)").splitlines():
                self._say(f"           | {line}")
        self.write()

    def undone(self, step: str, ok: bool, at: float) -> None:
        """A release's own undo ran (its hooks are in the release's timeline)."""
        self.rollback = {"step": step, "at_s": at, "ok": ok}
        if ok:
            self.restored = datetime.now(UTC).isoformat(timespec="milliseconds")
        self._line(at, step, "ok" if ok else "FAILED", f"{self.elapsed() - at:.1f}s")
        self.write()

    def say(self, line: str) -> None:
        """A line of progress that is not a round (a notification that failed, a person told)."""
        self._say(line)

    def finish(self, outcome: str, summary: str) -> None:
        self.outcome = outcome
        self.summary = summary
        self.write()
        self._say(f"watch {outcome}: {summary}")
        self._say(f"watch record: {self.path}")

    def as_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": "watch",
            "environment": self.environment,
            "target": self.target,
            "version": self.version,
            "mode": self.mode,
            "started": self.started.isoformat(timespec="milliseconds"),
            "for_s": self.lasting,
            "every_s": self.every,
            "duration_s": self.elapsed(),
            "outcome": self.outcome,
            "summary": self.summary,
            "rollback": self.rollback,
            "restored": self.restored,
            "rounds": self.rounds,
        }

    def write(self) -> None:
        text = self.secrets.mask(json.dumps(self.as_dict(), indent=2)) + "\n"
        assert self.folder is not None
        for path in (self.path, self.folder / "watch.json"):
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".json.tmp")
            temporary.write_text(text, encoding="utf-8")
            temporary.replace(path)  # readers never see half a record

    def _line(self, at: float, step: str, outcome: str, took: str) -> None:
        self._say(f"  +{at:.1f}s  {step:<38} {outcome:<7}{took}")

    def _say(self, line: str) -> None:
        print(printable(self.secrets.mask(line)), file=self.out, flush=True)


def read_watch(path: Path) -> dict[str, Any] | None:
    """A watch record, or None when missing, unreadable or another file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("kind") == "watch" else None
