"""Several verdicts as one decision: the shards of a split suite, regions, services.

The merged decision is go only if every verdict is go and, for a suite split into
shards (pytest-split, recorded as ``shard`` in each verdict), every shard is there
exactly once. The merged document is a verdict of its own (same schema): counts
added up (a sharded run's deselections once, since every shard sees them all),
every reason and note prefixed with the verdict it comes from, and ``merged_from``
naming them.

    >>> shard_problems([one_of_two])
    ["prod: shard 2 of 2 is missing from the merge, so its tests' outcome is unknown; pass every shard's verdict"]
    >>> document = merged([(Path("s1/verdict.json"), one_of_two), (Path("s2/verdict.json"), two_of_two)])
    >>> document["decision"], document["counts"]["ran"]
    ('go', 14)
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from greenlight.verdict.decision import DID_NOT_RUN, GO, LISTED, NO_GO, SCHEMA_VERSION

Document = Mapping[str, Any]
_SUMMED = ("passed", "failed", "errors", "skipped", "flaky", "ran")


def _run_key(document: Document) -> tuple[str, str | None, int]:
    """Which split run a shard belongs to: environment, target and number of shards."""
    return (document["environment"], document.get("target"), document["shard"]["splits"])


def shard_problems(documents: Iterable[Document]) -> list[str]:
    """A missing or repeated shard: either leaves the merge unable to speak for the suite."""
    groups: dict[tuple[str, str | None, int], list[int]] = defaultdict(list)
    versions: dict[tuple[str, str | None, int], set[str]] = defaultdict(set)
    for document in documents:
        if document.get("shard"):
            groups[_run_key(document)].append(int(document["shard"]["group"]))
            versions[_run_key(document)].add(str(document["system_version"]))
    problems = []
    for (environment, target, splits), seen in groups.items():
        where = f"{environment} ({target})" if target else environment
        if len(versions[(environment, target, splits)]) > 1:
            shown = ", ".join(sorted(versions[(environment, target, splits)]))
            problems.append(f"{where}: the shards ran against different versions ({shown})")
        for group in range(1, splits + 1):
            if group not in seen:
                problems.append(
                    f"{where}: shard {group} of {splits} is missing from the merge, so its "
                    "tests' outcome is unknown; pass every shard's verdict"
                )
        problems += [
            f"{where}: shard {group} of {splits} is given {times} times; pass each shard's "
            "verdict once"
            for group, times in sorted(Counter(seen).items())
            if times > 1
        ]
        problems += [
            f"{where}: shard {group} of {splits} does not exist"
            for group in sorted(set(seen))
            if group > splits
        ]
    return problems


def label(path: Path, document: Document) -> str:
    shard = document.get("shard")
    return f"shard {shard['group']} of {shard['splits']}" if shard else str(path)


def merged(
    documents: Sequence[tuple[Path, Document]], refusals: Iterable[str] = ()
) -> dict[str, Any]:
    """One verdict document for all of them; ``refusals``: further reasons against."""
    docs = [document for _, document in documents]
    reasons = [*shard_problems(docs), *refusals]
    notes: list[str] = []
    for path, document in documents:
        reasons += [f"{label(path, document)}: {reason}" for reason in document["reasons"]]
        notes += [f"{label(path, document)}: {note}" for note in document.get("notes", [])]
    required = _required(docs)
    if any(document.get("shard") for document in docs):
        reasons += [
            f"Required scenario '{entry['name']}' did not run in any merged verdict."
            for entry in required
            if entry["status"] == DID_NOT_RUN
        ]
    decided_go = docs and all(document["decision"] == GO for document in docs)
    first = docs[0]
    return {
        "schema_version": SCHEMA_VERSION,
        "run_id": uuid.uuid4().hex,
        "decision": GO if decided_go and not reasons else NO_GO,
        "reasons": reasons,
        "notes": notes,
        "environment": _common(docs, "environment") or ", ".join(_values(docs, "environment")),
        "target": _common(docs, "target"),
        "sensitive": any(bool(document.get("sensitive")) for document in docs),
        "service": first.get("service", ""),
        "base_url": _common(docs, "base_url") or "",
        "system_version": _common(docs, "system_version"),
        "expected_version": _common(docs, "expected_version"),
        "mode": first["mode"],
        "counts": _counts(docs),
        "failed": [s for document in docs for s in document["failed"]][:LISTED],
        "flaky": [s for document in docs for s in document["flaky"]][:LISTED],
        "flaky_blocks": any(bool(document.get("flaky_blocks")) for document in docs),
        "required": required,
        "collection_errors": [e for d in docs for e in d.get("collection_errors", [])][:LISTED],
        "start": min(document["start"] for document in docs),
        "end": max(document["end"] for document in docs),
        "duration_s": max(float(document["duration_s"]) for document in docs),
        "git_commit": _common(docs, "git_commit"),
        "hooks": {},
        "evidence": {
            label(path, document): document["evidence"]
            for path, document in documents
            if document.get("evidence")
        },
        "shard": None,
        "merged_from": [
            {
                "path": str(path),
                "run_id": document["run_id"],
                "decision": document["decision"],
                "shard": document.get("shard"),
            }
            for path, document in documents
        ],
    }


def _counts(docs: list[Document]) -> dict[str, int]:
    counts = {name: sum(int(d["counts"][name]) for d in docs) for name in _SUMMED}
    # Every shard of one split run deselects the same tests: count them once per run.
    deselected: dict[Any, int] = {}
    for index, document in enumerate(docs):
        key = _run_key(document) if document.get("shard") else index
        deselected[key] = max(deselected.get(key, 0), int(document["counts"]["deselected"]))
    return {**counts, "deselected": sum(deselected.values())}


def _required(docs: list[Document]) -> list[dict[str, str]]:
    states: dict[str, list[str]] = defaultdict(list)
    for document in docs:
        for entry in document.get("required", []):
            states[entry["name"]].append(entry["status"])
    order = ("failed", "passed", DID_NOT_RUN)  # the first found wins
    return [
        {"name": name, "status": next(s for s in order if s in seen)}
        for name, seen in states.items()
    ]


def _values(docs: list[Document], key: str) -> list[str]:
    return sorted({str(document.get(key)) for document in docs if document.get(key) is not None})


def _common(docs: list[Document], key: str) -> Any:
    """The value every verdict agrees on, else None."""
    values = {document.get(key) for document in docs}
    return values.pop() if len(values) == 1 else None
