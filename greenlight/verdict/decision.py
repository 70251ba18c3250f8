"""The release verdict: go or no-go, with a sentence for every reason against.

Fail safe: the decision is ``go`` only when scenarios ran and nothing speaks against the
release. Everything a pipeline or a person needs lands in one JSON document, whose
shape ``schema.json`` (next to this module) defines and versions.

    >>> verdict = decide(outcomes, policy, facts, evidence)
    >>> verdict.decision, verdict.reasons
    ('no-go', ['1 of 14 scenarios failed: Checkout (api).'])
    >>> verdict.write(Path("reports/prod/verdict.json"), secrets=env.secrets)
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from greenlight.secrets import Secrets
from greenlight.shell import CommandResult
from greenlight.verdict.advice import NEXT

# Where they always were, for their readers: the document's masking and its schema.
from greenlight.verdict.document import masked as masked
from greenlight.verdict.document import schema as schema
from greenlight.verdict.document import validate as validate
from greenlight.verdict.evidence import Evidence
from greenlight.verdict.fail_fast import stop_reason
from greenlight.verdict.outcomes import Outcomes, ScenarioOutcome
from greenlight.verdict.policy import ReleasePolicy

SCHEMA_VERSION = 2
# How many names a reason lists before it says "and N more", how long one may be, and
# how many scenarios the file lists: the verdict stays small; the report has them all.
SHOWN = 5
LINE = 300
LISTED = 50
GO = "go"
NO_GO = "no-go"
DID_NOT_RUN = "did not run"


@dataclass(frozen=True)
class RunFacts:
    """What is known about the run besides the scenario outcomes."""

    environment: str
    target: str | None
    base_url: str
    service: str
    sensitive: bool
    system_version: str | None  # None: the health endpoint did not say
    expected_version: str | None
    interrupted: bool
    start: datetime
    end: datetime
    git_commit: str | None
    # {"group": G, "splits": N} for one shard of a split suite (pytest-split); else None.
    shard: dict[str, int] | None = None
    # Tells this run's verdict from any other, e.g. the one a promote hook reads.
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass
class Verdict:
    document: dict[str, Any]
    reasons: list[str] = field(default_factory=list)

    @property
    def decision(self) -> str:
        return str(self.document["decision"])

    @property
    def go(self) -> bool:
        return self.decision == GO

    def add_reason(self, reason: str, next_step: str = NEXT["other"]) -> None:
        """One more reason against: the decision becomes no-go."""
        self.reasons.append(reason)
        self.document["decision"] = NO_GO
        if not self.document.get("next_step"):
            self.document["next_step"] = next_step

    def record_hook(self, name: str, result: CommandResult) -> None:
        self.document["hooks"][name] = {**result.as_dict(), "ok": result.ok}
        if not result.ok:
            self.add_reason(f"The {name} hook failed: {result.summary}.", NEXT["hook"])

    def write(self, path: Path, *, secrets: Secrets) -> None:
        """Write atomically: a reader sees the previous file or this one, never half of one."""
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(masked(self.document, secrets), indent=2, ensure_ascii=False)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".verdict-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text + "\n")
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def decide(
    outcomes: Outcomes,
    policy: ReleasePolicy,
    facts: RunFacts,
    evidence: Evidence,
    *,
    selected: list[str] | None = None,
    stopped_by: str | None = None,
) -> Verdict:
    """The decision; ``selected`` (the node ids pytest was to run) is compared with what reported.

    ``stopped_by``: the node id whose failure stopped a fail-fast run; the tests that
    did not run are then put down to it.
    """
    # (reason, what to do about it), root cause first: a module that does not import
    # before the interruption it caused, a failed scenario before a run cut short.
    against: list[tuple[str, str]] = []
    notes: list[str] = []
    ran = outcomes.ran
    if outcomes.collection_errors:
        against.append(
            (
                f"{len(outcomes.collection_errors)} collection error(s): "
                + _first(outcomes.collection_errors, "; ")
                + ".",
                NEXT["collection"],
            )
        )
    failed = outcomes.with_outcome("failed")
    if failed:
        against.append(
            (f"{len(failed)} of {ran} scenarios failed: {_titles(failed)}.", NEXT["failed"])
        )
    errors = outcomes.with_outcome("error")
    if errors:
        against.append(
            (
                f"{len(errors)} scenario(s) errored in setup or teardown: {_titles(errors)}.",
                NEXT["failed"],
            )
        )
    against += [(reason, NEXT["version"]) for reason in _version_reasons(facts)]
    required = required_status(outcomes, policy.required)
    against += [
        (f"Required scenario '{entry['name']}' {entry['status']}.", NEXT["required"])
        for entry in required
        # In one shard a required scenario may be another shard's: the merge decides.
        if entry["status"] != "passed"
        and not (facts.shard is not None and entry["status"] == DID_NOT_RUN)
    ]
    for reason in evidence.reasons:
        text = f"{reason.source}: {reason.text}"
        if reason.blocking:
            against.append((text, NEXT.get(reason.source, NEXT["other"])))
        else:
            notes.append(text)
    against += [
        (
            f"cleanup of attempt {attempt} of {scenario.title} failed: {failures}; "
            "data may be left behind",
            NEXT["cleanup"],
        )
        for scenario in outcomes.scenarios.values()
        for attempt, failures in sorted(scenario.cleanup_failures.items())
    ]
    if outcomes.other_failures:
        shown = _first(
            [f"{nodeid}: {error}" for nodeid, error in outcomes.other_failures.items()], "; "
        )
        against.append(
            (
                f"{len(outcomes.other_failures)} test(s) that are not release checks failed "
                f"in the same run: {shown}.",
                NEXT["failed"],
            )
        )
    flaky = outcomes.flaky
    if flaky:
        sentence = f"{len(flaky)} scenario(s) passed only on retry (flaky): {_titles(flaky)}"
        if policy.flaky_blocks:
            against.append(
                (
                    f"{sentence}; flaky scenarios block a release on {facts.environment}.",
                    NEXT["flaky"],
                )
            )
        else:
            notes.append(f"{sentence}; flaky scenarios do not block on {facts.environment}.")
    against += [
        (reason, NEXT["unfinished"])
        for reason in _completeness_reasons(outcomes, selected, stopped_by)
    ]
    if facts.interrupted:
        against.append(("The run was interrupted before it finished.", NEXT["interrupted"]))
    if ran == 0:
        against.append(
            ("No scenario ran, so the run proves nothing about the release.", NEXT["nothing"])
        )
    reasons = [reason for reason, _ in against]
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "run_id": facts.run_id,
        "decision": NO_GO if reasons else GO,
        "reasons": reasons,
        # What to do about the first reason, the root cause; None on a go.
        "next_step": against[0][1] if against else None,
        "notes": notes,
        "environment": facts.environment,
        "target": facts.target,
        "sensitive": facts.sensitive,
        "service": facts.service,
        "base_url": facts.base_url,
        "system_version": facts.system_version,
        "expected_version": facts.expected_version,
        "mode": policy.mode,
        "counts": {**outcomes.counts(), "ran": ran},
        # The first ones; counts has how many, the report has them all.
        "failed": [s.as_dict() for s in [*failed, *errors][:LISTED]],
        "flaky": [s.as_dict() for s in flaky[:LISTED]],
        "flaky_blocks": policy.flaky_blocks,
        "required": required,
        "collection_errors": list(outcomes.collection_errors[:LISTED]),
        "start": facts.start.isoformat(),
        "end": facts.end.isoformat(),
        "duration_s": round((facts.end - facts.start).total_seconds(), 3),
        "git_commit": facts.git_commit,
        "hooks": {},
        "evidence": dict(evidence.sections),
        "shard": facts.shard,
    }
    # The document's reasons list is the verdict's own, so later hooks extend both.
    return Verdict(document=document, reasons=reasons)


def required_status(outcomes: Outcomes, required: tuple[str, ...]) -> list[dict[str, str]]:
    """For each required name: passed, failed, or did not run."""
    status = []
    for name in required:
        matching = [
            s
            for s in outcomes.scenarios.values()
            if name in (s.name, s.nodeid) or s.nodeid.endswith(f"::{name}")
        ]
        ran = [s for s in matching if s.outcome != "skipped"]
        if not ran:
            state = DID_NOT_RUN
        elif any(s.outcome in ("failed", "error") for s in ran):
            state = "failed"
        else:
            state = "passed"
        status.append({"name": name, "status": state})
    return status


def _completeness_reasons(
    outcomes: Outcomes, selected: list[str] | None, stopped_by: str | None
) -> list[str]:
    """A run proves only what reported: scenarios that never finished, tests that never ran."""
    reasons = []
    unfinished = outcomes.unfinished
    if unfinished:
        reasons.append(
            f"{len(unfinished)} scenario(s) started but never finished, so their outcome is "
            f"unknown: {_titles(unfinished)}."
        )
    if selected is not None:
        missing = [nodeid for nodeid in selected if nodeid not in outcomes.finished]
        if stopped_by is not None and missing:
            scenario = outcomes.scenarios.get(stopped_by)
            title = scenario.title if scenario is not None else stopped_by
            reasons.append(stop_reason(title, len(missing), len(selected)))
        elif missing:
            reasons.append(
                f"Only {len(selected) - len(missing)} of the {len(selected)} selected tests "
                f"reported an outcome; never finished: {_first(missing, ', ')}."
            )
    return reasons


def _version_reasons(facts: RunFacts) -> list[str]:
    expected = facts.expected_version
    if expected is None or facts.system_version == expected:
        return []
    if facts.system_version is None:
        return [
            f"The system's version could not be read from its health endpoint, "
            f"so it cannot be confirmed as the expected {expected}."
        ]
    return [f"The system reports version {facts.system_version}, not the expected {expected}."]


def _titles(scenarios: list[ScenarioOutcome]) -> str:
    return _first([s.title for s in scenarios], ", ")


def _first(items: list[str], separator: str) -> str:
    """The first few items, each cut to a line's length, and how many more there are."""
    shown = separator.join(_cut(item) for item in items[:SHOWN])
    return f"{shown} and {len(items) - SHOWN} more" if len(items) > SHOWN else shown


def _cut(text: str) -> str:
    return text if len(text) <= LINE else text[: LINE - 3] + "..."
