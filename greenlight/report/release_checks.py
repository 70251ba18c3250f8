"""The release checks as Allure results of their own: the report's body agrees with the verdict.

    >>> write(Path("reports/prod/allure-results"), verdict.document, reported=(14, 14))
    [PosixPath('reports/prod/allure-results/3f...-result.json'), ...]

A verdict can be no-go while every scenario passed (a probe breached, the wrong
version answered, a test never reported). Allure users read the results, not the
banner, so each check the verdict rests on becomes a result in the suite
"Release checks": each probe, the version check, each required scenario, selected
against ran, and the release decision itself (failed on every no-go, with the
headline as its message). A breach is ``failed``, a probe that could not be read
``broken``, a warning ``passed`` and tagged ``warning``. Every blocking reason is also
a global error, the first thing Allure's overview shows.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from greenlight.probes.judge import describe_bounds, number
from greenlight.verdict.words import headline

SUITE = "Release checks"
_PROBE_STATUS = {"ok": "passed", "breach": "failed", "unreadable": "broken", "warning": "passed"}


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # passed, failed, broken or skipped, as Allure spells them
    message: str
    warning: bool = False


def checks(document: Mapping[str, Any], reported: tuple[int, int] | None) -> list[Check]:
    """Every check the verdict rests on, the decision last.

    ``reported``: how many of the selected tests reported an outcome, and how many were
    selected; None when collection never finished.
    """
    found = [_probe(probe) for probe in (document.get("evidence") or {}).get("probes") or []]
    expected = document.get("expected_version")
    if expected:
        seen = document.get("system_version")
        status = "passed" if seen == expected else "failed"
        message = f"the system reports {seen or 'no readable version'}; expected {expected}"
        found.append(Check("version check", status, message))
    for entry in document.get("required") or []:
        status = "passed" if entry["status"] == "passed" else "failed"
        found.append(Check(f"required scenario {entry['name']}", status, entry["status"]))
    if reported is not None:
        finished, selected = reported
        status = "passed" if finished >= selected else "failed"
        message = f"{finished} of the {selected} selected tests reported an outcome"
        found.append(Check("selected tests all ran", status, message))
    go = document.get("decision") == "go"
    found.append(Check("release decision", "passed" if go else "failed", headline(document)))
    return found


def write(
    results: Path, document: Mapping[str, Any], *, reported: tuple[int, int] | None
) -> list[Path]:
    """One result file a check, and one globals file with every blocking reason."""
    results.mkdir(parents=True, exist_ok=True)
    start, stop = _millis(document.get("start")), _millis(document.get("end"))
    written = []
    for check in checks(document, reported):
        path = results / f"{uuid.uuid4()}-result.json"
        path.write_text(json.dumps(_result(check, document, start, stop)), encoding="utf-8")
        written.append(path)
    reasons = [str(reason) for reason in document.get("reasons") or []]
    if reasons:
        errors = [{"message": reason, "timestamp": stop} for reason in reasons]
        path = results / f"{uuid.uuid4()}-globals.json"
        path.write_text(json.dumps({"errors": errors}), encoding="utf-8")
        written.append(path)
    return written


def _probe(probe: Mapping[str, Any]) -> Check:
    result = str(probe.get("result"))
    status = _PROBE_STATUS.get(result, "broken")
    if result == "unreadable" and probe.get("optional"):
        status = "skipped"
    thresholds = describe_bounds(probe.get("thresholds") or {})
    value = probe.get("value")
    message = f"{result}: value {'unreadable' if value is None else number(value)}"
    message += f" ({thresholds})" if thresholds else ""
    if probe.get("detail"):
        message += f"; {probe['detail']}"
    return Check(f"probe {probe.get('name')}", status, message, warning=result == "warning")


def _result(check: Check, document: Mapping[str, Any], start: int, stop: int) -> dict[str, Any]:
    environment = str(document.get("environment"))
    shard = document.get("shard")
    # Each shard of a sharded run judged its own part: its checks are its own.
    of = f" (shard {shard['group']} of {shard['splits']})" if isinstance(shard, Mapping) else ""
    # The same check on the same environment is one test case across runs (history).
    key = f"{SUITE}:{environment}:{check.name}{of}"
    identity = hashlib.md5(key.encode()).hexdigest()
    name = f"WARNING: {check.name}{of}" if check.warning else f"{check.name}{of}"
    labels = [
        {"name": "feature", "value": SUITE},
        {"name": "suite", "value": SUITE},
        {"name": "environment", "value": environment},
        *([{"name": "tag", "value": "warning"}] if check.warning else []),
    ]
    return {
        "uuid": str(uuid.uuid4()),
        "historyId": identity,
        "testCaseId": identity,
        "name": name,
        "fullName": f"greenlight.release_checks#{check.name}",
        "status": check.status,
        "statusDetails": {"message": check.message},
        "stage": "finished",
        "start": start,
        "stop": stop,
        "labels": labels,
    }


def _millis(stamp: Any) -> int:
    try:
        return int(datetime.fromisoformat(str(stamp)).timestamp() * 1000)
    except ValueError:
        return 0
