"""A verdict in words: the one line a person reads at a glance, and the merge of several.

    >>> headline(document)
    'greenlight: GO - 14/14 smoke scenarios passed on prod (shop 2.1.0)'
    >>> headline(failed_document)
    'greenlight: NO-GO - 12/14 smoke scenarios passed on prod (shop 2.1.0) - 2 of 14
    scenarios failed: Checkout (api), Order status (ui) (+1 more); next: read the
    failures (greenlight report), fix them, then run again'
    >>> merged_decision([eu, us])
    'no-go'

Used by every surface that words a decision (see :func:`headline`). Every line is
:func:`~greenlight.terminal.printable`: a version or reason from the system cannot
start a line of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from greenlight.terminal import printable, printable_lines
from greenlight.verdict.decision import GO, NO_GO

HEADLINE_REASON = 240


def headline(document: Mapping[str, Any], *, program: bool = True) -> str:
    """The decision, what ran, where on which version, the root cause first, what to do next.

    The one wording of a decision: the terminal's last line, ``greenlight verdict``,
    the report's banner and decision page, the job summary, the release timeline and
    the gate's answer all show this line; ``program=False`` leaves out the leading
    ``greenlight: `` where the page already says whose line it is.
    """
    line = printable(_headline(document))
    return line if program else line.removeprefix("greenlight: ")


def _headline(document: Mapping[str, Any]) -> str:
    counts = document.get("counts") or {}
    ran = counts.get("ran", 0)
    kind = "smoke scenarios" if document.get("sensitive") else "scenarios"
    what = f"{counts.get('passed', 0)}/{ran} {kind} passed" if ran else f"no {kind} ran"
    where = f"{what} on {_where(document)} ({_release(document)})"
    if document.get("decision") == GO:
        flaky = f", {counts['flaky']} flaky" if counts.get("flaky") else ""
        return f"greenlight: GO - {where}{flaky}"
    step = document.get("next_step")
    then = f"; next: {step}" if step else ""
    reasons = [str(reason) for reason in document.get("reasons") or []]
    return f"greenlight: NO-GO - {where} - {_first_and_more(reasons)}{then}"


def root_cause(reasons: Sequence[str]) -> str:
    """``no-go - <the first reason> (+N more)``: a release step's no-go, worded as the headline."""
    return printable(f"no-go - {_first_and_more([str(reason) for reason in reasons])}")


def _first_and_more(reasons: list[str]) -> str:
    first = _cut(reasons[0].rstrip(".")) if reasons else "no reason given"
    return first + (f" (+{len(reasons) - 1} more)" if len(reasons) > 1 else "")


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
    environment = document.get("environment") or "an unnamed environment"
    where = f"{environment} ({target})" if target else str(environment)
    shard = document.get("shard")
    return f"{where}, shard {shard['group']} of {shard['splits']}" if shard else where


def _release(document: Mapping[str, Any]) -> str:
    service = document.get("service") or "system"
    return f"{service} {document.get('system_version') or 'version unknown'}"


def _cut(text: str) -> str:
    # One reason can list five long names; the headline stays a line a person reads.
    return text if len(text) <= HEADLINE_REASON else text[: HEADLINE_REASON - 3] + "..."
