"""The watch's rounds: the smoke suite again and again, judged with the window, until it ends.

    >>> watch = Watch(env, spec, record, gate, notifier)
    >>> watch.run()                  # 0 passed, 1 a round said no-go, 2 its rollback failed
    0

A round starts every ``every`` seconds (at once when the last one took longer) until
``for`` has passed. Each round is the smoke suite's own run with its own verdict (the
same decision rules as any run), then the window's probes and objectives
(:mod:`greenlight.watch.window`); any blocking reason makes the round no-go. A round
that cannot run (the system is unreachable, the run crashed) is a no-go round, never
skipped. The first no-go round ends the watch: in deployment mode the rollback runs
(the environment's command with the promote and rollback hooks' placeholders, or,
under ``greenlight release --watch``, the strategy's own undo), in delivery mode a
person is told; either way the exit code is 1, and 2 when the rollback failed. Ctrl-C
or SIGTERM stops the round's run gracefully and ends the watch with its record (130, 143).
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from greenlight.config.environment import Environment
from greenlight.errors import ConfigError
from greenlight.notify import Notifier
from greenlight.release.gate import Gate, GateVerdict, run_gate
from greenlight.release.progress import running
from greenlight.release.signals import terminated_by_sigterm, why
from greenlight.release.steps import shielded_from_signals
from greenlight.shell import run_command
from greenlight.verdict.file import UnreadableVerdict, read_verdict
from greenlight.verdict.promotion import values_of
from greenlight.verdict.words import headline
from greenlight.watch.record import FAILED, INTERRUPTED, PASSED, WatchRecord
from greenlight.watch.spec import DEPLOYMENT, WatchSpec
from greenlight.watch.window import WatchWindow

EXIT_FAILED = 1
EXIT_ROLLBACK_FAILED = 2


@dataclass
class Watch:
    env: Environment
    spec: WatchSpec
    record: WatchRecord
    gate: Gate
    notifier: Notifier
    expect_version: str | None = None
    # release --watch: the strategy's own undo, True when it completed; None: the command.
    undo: Callable[[], bool] | None = None

    def run(self) -> int:
        record = self.record
        window = WatchWindow(self.env, self.spec.window, self.spec.slos)
        try:
            with terminated_by_sigterm():
                record.begin()
                window.read()
                failed = self._rounds(window)
        except ConfigError:
            raise
        except Exception as error:  # the watch itself broke (its record, a bug): never a traceback
            summary = f"unexpected {type(error).__name__}: {error}; nothing was rolled back"
            print(f"greenlight watch: {summary}; someone must look", file=sys.stderr)
            with contextlib.suppress(OSError):
                record.finish(FAILED, summary)
            return EXIT_ROLLBACK_FAILED
        except KeyboardInterrupt as interrupt:
            said, code = why(interrupt)
            print(file=record.out)
            summary = f"{said} after {len(record.rounds)} round(s); nothing was rolled back"
            record.finish(INTERRUPTED, summary)
            self._notify("watch-ended", f"greenlight: watch of {record.where} {said}", [summary])
            return code
        if failed is None:
            summary = f"{len(record.rounds)} round(s) over {record.elapsed():.0f}s, every one go"
            record.finish(PASSED, summary)
            self._notify(
                "watch-ended", f"greenlight: GO - the watch of {record.where} passed", [summary]
            )
            return 0
        return self._fail(failed)

    def _rounds(self, window: WatchWindow) -> dict[str, Any] | None:
        """Run rounds until the window ends (None) or one says no-go (that round)."""
        begun = time.monotonic()
        next_start = begun
        while next_start - begun < self.spec.lasting:
            time.sleep(max(0.0, next_start - time.monotonic()))
            started = time.monotonic()
            self._round(window, at=round(started - begun, 3))
            latest = self.record.rounds[-1]
            if latest["decision"] != "go":
                return latest
            next_start = max(started + self.spec.every, time.monotonic())
        return None

    def _round(self, window: WatchWindow, at: float) -> None:
        assert self.record.folder is not None
        number = len(self.record.rounds) + 1
        path = (self.record.folder / f"round-{number}.json").resolve()
        counts = path.with_suffix(".progress.json")
        with running(self.record.out, f"round {number}", at=at, counts=counts):
            verdict = self._smoke(path, counts)
        window.read()
        found, values = window.judge()
        reasons = list(verdict.reasons) if not verdict.go else []
        notes = list(verdict.reasons) if verdict.go else []
        reasons += [reason.text for reason in found if reason.blocking]
        notes += [reason.text for reason in found if not reason.blocking]
        document = _document(path)
        if document is not None:  # the environment's latest verdict, for report and verdict
            shutil.copyfile(path, self.record.path.parent / "verdict.json")
        decision = "go" if verdict.go and not reasons else "no-go"
        self.record.round(
            at=at,
            decision=decision,
            reasons=reasons,
            notes=notes,
            duration=verdict.duration_s,
            verdict=path,
            headline=_headline(document, decision, reasons, self.record.where),
            probes=_probes(document),
            window=values,
        )
        if document and self.record.version is None:
            self.record.version = document.get("system_version")

    def _smoke(self, path: Path, counts: Path) -> GateVerdict:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return run_gate(
                self.gate,
                target=self.env.target,
                verdict_path=path,
                expect_version=self.expect_version,
                progress=counts,
            )
        except (OSError, ConfigError) as error:  # the run could not even start: a no-go round
            reason = f"the smoke run could not run: {type(error).__name__}: {error}"
            return GateVerdict("no-go", [reason], None, 0.0, "", path, "")

    def _fail(self, failed: dict[str, Any]) -> int:
        record = self.record
        number = failed["round"]
        details = [f"round {number} of the watch said no-go", *failed["reasons"]]
        self._notify("no-go", failed["headline"], details)
        if self.spec.mode != DEPLOYMENT:
            summary = (
                f"round {number} said no-go; a person decides whether to roll back (delivery mode)"
            )
            record.say(
                f"greenlight: delivery mode: recommend rolling back {record.where}; a person decides"
            )
            record.finish(FAILED, summary)
            return EXIT_FAILED
        complete = self._roll_back(Path(failed["verdict"]))
        done = "rolled back" if complete else "the rollback FAILED: someone must look"
        self._notify(
            "rollback", f"greenlight: {record.where} {done} after watch round {number}", details
        )
        record.finish(FAILED, f"round {number} said no-go; {done}")
        return EXIT_FAILED if complete else EXIT_ROLLBACK_FAILED

    def _roll_back(self, verdict: Path) -> bool:
        at = self.record.elapsed()
        with shielded_from_signals():
            if self.undo is not None:
                complete = self.undo()
                self.record.undone("roll back the release", complete, at)
                return complete
            assert self.spec.rollback is not None
            values = values_of(
                _document(verdict) or _unknown(self.expect_version), self.env, verdict
            )
            try:
                result = run_command(
                    self.spec.rollback,
                    values,
                    timeout=self.spec.hook_timeout,
                    secrets=self.env.secrets,
                    cwd=self.env.source.parent,
                    where="watch.rollback",
                )
            except OSError as error:
                print(f"greenlight watch: the rollback could not run: {error}", file=sys.stderr)
                return False
        self.record.hook("rollback", result, at)
        return result.ok

    def _notify(self, event: str, line: str, details: list[str]) -> None:
        self.notifier.send(event, line, details=details, report=self.record.path)


def _document(path: Path) -> dict[str, Any] | None:
    try:
        return read_verdict(path)
    except UnreadableVerdict:
        return None


def _unknown(version: str | None) -> dict[str, Any]:
    return {"system_version": None, "expected_version": version}


def _headline(
    document: dict[str, Any] | None, decision: str, reasons: list[str], where: str
) -> str:
    """The verdict's own headline, unless the window turned its go into a no-go."""
    if document is not None and (document["decision"] == decision):
        return headline(document)
    first = reasons[0] if reasons else "no reason given"
    more = f" (+{len(reasons) - 1} more)" if len(reasons) > 1 else ""
    return f"greenlight: NO-GO on {where} - {first}{more}"


def _probes(document: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Each probe's result and value over the round, from the round's verdict."""
    found = (document or {}).get("evidence", {}).get("probes", [])
    return [
        {"name": probe.get("name"), "result": probe.get("result"), "value": probe.get("value")}
        for probe in found if isinstance(probe, dict)
    ]  # fmt: skip
