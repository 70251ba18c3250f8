"""What ``greenlight serve`` decides: who may ask for what, one run per target, the last answer.

    >>> service = GateService(environments=Path("environments.toml"), env="prod",
    ...                       target="canary", reports=Path("reports"), suite=None)
    >>> ask = service.ask({"target": "canary"})        # Refusal(403) for anything not allowed
    >>> service.decide(ask).status, service.last(ask).body["decision"]
    (200, 'go')

Only the environments and targets the gate was started with (``allowed_envs``,
``allowed_targets``) can be asked for: the caller never picks a suite to run.
Callers of a target whose smoke run is still going wait for that run and share its
decision instead of starting a second one (Flagger counts a non-2xx webhook as a failed
check and rolls back after ``threshold`` of them, so "busy" would fail healthy canaries).
Another target of the same environment while one runs is answered 409 with
``Retry-After``: two smoke runs against one system would disturb each other's probes.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from greenlight.config import load_environment
from greenlight.errors import ConfigError
from greenlight.process import GRACE_S, Process
from greenlight.release.gate import Gate, run_gate

NO_GO = 503
BUSY = 409
RETRY_AFTER_S = 30
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")
_LOG = threading.Lock()


def log(line: str) -> None:
    """One line on stderr, whole even when threads log at once."""
    with _LOG:
        print(f"greenlight serve: {line}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Ask:
    env: str
    target: str | None  # None: the environment's public services

    def __str__(self) -> str:
        return f"{self.env} (target {self.target or 'public'})"


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    headers: tuple[tuple[str, str], ...] = ()


class Refusal(Exception):
    """A request the gate does not run: its status and one reason for the caller."""

    def __init__(self, status: int, reason: str, headers: tuple[tuple[str, str], ...] = ()):
        super().__init__(reason)
        self.answer = Answer(status, {"decision": "no-go", "reasons": [reason]}, headers)


@dataclass
class _Run:
    number: int
    done: threading.Event = field(default_factory=threading.Event)
    answer: Answer | None = None


@dataclass
class GateService:
    environments: Path
    env: str
    target: str | None
    reports: Path
    suite: tuple[str, ...] | None
    allowed_envs: frozenset[str] = frozenset()  # besides env
    allowed_targets: frozenset[str | None] = frozenset()  # besides target
    running: set[Process] = field(default_factory=set)  # the smoke runs going on
    _runs: dict[Ask, _Run] = field(default_factory=dict)
    _last: dict[Ask, Answer] = field(default_factory=dict)
    _numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def ask(self, asked: Mapping[str, str]) -> Ask:
        """The environment and target asked for (defaults filled in), if this gate serves them."""
        env = asked.get("env") or self.env
        target = asked.get("target") or self.target
        # Name only what was asked: the list of what is served is none of a stranger's business.
        if env != self.env and env not in self.allowed_envs:
            raise Refusal(403, f"environment {env[:64]!r} is not served by this gate")
        if target != self.target and target not in self.allowed_targets:
            raise Refusal(403, f"target {str(target)[:64]!r} is not served by this gate")
        return Ask(env, target)

    def last(self, ask: Ask) -> Answer:
        """The last decision for this environment and target; 404 before the first run."""
        with self._guard:
            answer = self._last.get(ask)
        if answer is not None:
            return Answer(200, answer.body)
        reason = f"no decision yet for {ask}: POST /gate or /decision runs the smoke suite"
        body = {"decision": "none", "environment": ask.env, "target": ask.target}
        return Answer(404, {**body, "reasons": [reason]})

    def decide(self, ask: Ask) -> Answer:
        """Run the smoke suite for ``ask``, or share the run already going for it."""
        try:
            gate = self._gate(ask)
        except ConfigError as error:
            return Answer(400, {"decision": "no-go", "reasons": [str(error)]})
        with self._guard:
            run = self._runs.get(ask)
            if run is None and any(other.env == ask.env for other in self._runs):
                return _busy(ask)
            mine = run is None
            if run is None:
                run = self._runs[ask] = _Run(next(self._numbers))
        if mine:
            return self._run(ask, gate, run)
        # The run started before this request, minutes at most: its decision is fresh.
        if run.done.wait(gate.timeout + GRACE_S + 30) and run.answer is not None:
            return run.answer
        reason = f"smoke run {run.number} for {ask} has not decided in time"
        return Answer(504, {"decision": "no-go", "reasons": [reason]})

    def stop_runs(self) -> None:
        """Stop smoke runs still going when the server stops, and all they started."""
        for process in list(self.running):
            process.stop()

    def _gate(self, ask: Ask) -> Gate:
        env = load_environment(self.environments, ask.env, os.environ, target=ask.target)
        release = env.settings.get("release", {})
        suite = self.suite if self.suite is not None else tuple(release.get("suite", ()))
        timeout = float(release.get("gate_timeout", 300.0))
        return Gate(env=ask.env, environments=self.environments, suite=suite, timeout=timeout)

    def _run(self, ask: Ask, gate: Gate, run: _Run) -> Answer:
        log(f"smoke run {run.number} started for {ask}")
        reason = "the gate stopped before the smoke run decided"
        answer = Answer(NO_GO, {"decision": "no-go", "reasons": [reason], "run": run.number})
        try:
            answer = self._verdict(ask, gate, run.number)
        except Exception as error:  # the callers waiting for it need an answer
            reason = f"the smoke run could not start: {type(error).__name__}: {error}"
            answer = Answer(NO_GO, {"decision": "no-go", "reasons": [reason], "run": run.number})
        finally:
            with self._guard:
                self._last[ask] = answer
                del self._runs[ask]
            run.answer = answer
            run.done.set()
            body = answer.body
            # The headline, as the terminal and the report word it, when the run decided.
            said = body.get("headline") or f"{body['decision']}, {len(body['reasons'])} reason(s)"
            log(f"smoke run {run.number} for {ask} in {body.get('duration_s', 0):.2f}s: {said}")
        return answer

    def _verdict(self, ask: Ask, gate: Gate, number: int) -> Answer:
        path = self.reports / ask.env / "gate" / f"{_SAFE.sub('_', ask.target or 'public')}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        verdict = run_gate(
            gate, target=ask.target, verdict_path=path.resolve(), running=self.running
        )
        body = {
            "decision": verdict.decision,
            "headline": verdict.headline,
            "reasons": verdict.reasons,
            "environment": ask.env,
            "target": ask.target,
            "run": number,
            "decided_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "duration_s": verdict.duration_s,
            "verdict": str(verdict.path),
        }
        return Answer(200 if verdict.go else NO_GO, body)


def _busy(ask: Ask) -> Answer:
    reason = f"a smoke run for {ask.env} is already running; ask again later"
    body = {"decision": "busy", "environment": ask.env, "target": ask.target}
    return Answer(BUSY, {**body, "reasons": [reason]}, (("Retry-After", str(RETRY_AFTER_S)),))
