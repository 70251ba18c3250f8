"""A verdict in words: the one line a person reads at a glance, and the merge of several.

    >>> headline(document)
    'greenlight: GO - 14/14 smoke scenarios passed on prod (shop 2.1.0)'
    >>> headline(failed_document)
    'greenlight: NO-GO - 2 of 14 failed on prod: Checkout (api), Order status (ui)'
    >>> merged_decision([eu, us])
    'no-go'

Used by the terminal summary and by ``greenlight verdict``. Every line is
:func:`~greenlight.terminal.printable`: a version or reason from the system cannot
start a line of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from greenlight.terminal import printable, printable_lines
from greenlight.verdict.decision import GO, NO_GO, SHOWN


def headline(document: Mapping[str, Any]) -> str:
    return printable(_headline(document))


def _headline(document: Mapping[str, Any]) -> str:
    counts = document["counts"]
    where = _where(document)
    if document["decision"] == GO:
        kind = "smoke scenarios" if document.get("sensitive") else "scenarios"
        line = f"greenlight: GO - {counts['passed']}/{counts['ran']} {kind} passed on {where}"
        line += f" ({_release(document)})"
        if counts["flaky"]:
            line += f", {counts['flaky']} flaky"
        return line
    failed = document["failed"]
    if failed:
        # The file lists the first failures; the counts say how many there were.
        total = counts["failed"] + counts["errors"]
        titles = ", ".join(_title(scenario) for scenario in failed[:SHOWN])
        more = f" and {total - SHOWN} more" if total > SHOWN else ""
        return f"greenlight: NO-GO - {total} of {counts['ran']} failed on {where}: {titles}{more}"
    reasons = document["reasons"]
    more = f" (+{len(reasons) - 1} more)" if len(reasons) > 1 else ""
    return f"greenlight: NO-GO on {where} ({_release(document)}) - {reasons[0]}{more}"


def describe(document: Mapping[str, Any]) -> list[str]:
    """The headline, then every reason and note, one a line."""
    lines = [headline(document)]
    lines += [f"  reason: {reason}" for reason in document["reasons"]]
    lines += [f"  note: {note}" for note in document.get("notes", [])]
    for name, hook in document.get("hooks", {}).items():
        state = "ok" if hook["ok"] else "FAILED"
        lines.append(f"  {name} hook {state}: `{hook['command']}` exit code {hook['exit_code']}")
    return printable_lines(lines)


def merged_decision(documents: Iterable[Mapping[str, Any]]) -> str:
    """Go only if every verdict is go (and there is at least one)."""
    decisions = [document["decision"] for document in documents]
    return GO if decisions and all(d == GO for d in decisions) else NO_GO


def _where(document: Mapping[str, Any]) -> str:
    target = document.get("target")
    where = f"{document['environment']} ({target})" if target else str(document["environment"])
    shard = document.get("shard")
    return f"{where}, shard {shard['group']} of {shard['splits']}" if shard else where


def _release(document: Mapping[str, Any]) -> str:
    service = document.get("service") or "system"
    return f"{service} {document['system_version'] or 'version unknown'}"


def _title(scenario: Mapping[str, Any]) -> str:
    if scenario.get("title"):
        return str(scenario["title"])
    channel = scenario.get("channel")
    return f"{scenario['name']} ({channel})" if channel else str(scenario["name"])
