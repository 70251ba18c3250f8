"""The verdict as a CI job summary: Markdown appended to ``$GITHUB_STEP_SUMMARY``.

    $ GITHUB_STEP_SUMMARY=/tmp/summary.md pytest --env=prod
    $ cat /tmp/summary.md
    ### ❌ greenlight: NO-GO - 13/14 smoke scenarios passed on prod (shop 2.1.0) - ...
    | passed | failed | errors | skipped | flaky |
    ...

GitHub Actions shows the file on the run's page; any CI that sets the variable gets
the same. The headline is the one every surface shows (:mod:`greenlight.verdict.words`),
then the counts, each failed scenario with its first error, the probe table and every
reason. The document given is already masked; text is escaped for Markdown tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from greenlight.probes.judge import describe_bounds, number
from greenlight.verdict.words import headline

VARIABLE = "GITHUB_STEP_SUMMARY"
_COUNTS = ("passed", "failed", "errors", "skipped", "flaky")


def markdown(document: Mapping[str, Any]) -> str:
    go = document.get("decision") == "go"
    lines = [f"### {'✅' if go else '❌'} {_cell(headline(document))}", ""]
    counts = document.get("counts") or {}
    lines += [
        "| " + " | ".join(_COUNTS) + " |",
        "|" + "---|" * len(_COUNTS),
        "| " + " | ".join(str(counts.get(key, 0)) for key in _COUNTS) + " |",
        "",
    ]
    failed = document.get("failed") or []
    if failed:
        lines += ["**Failed scenarios**", "", "| scenario | first error |", "|---|---|"]
        lines += [
            f"| {_cell(s.get('title') or s.get('name'))} | {_cell(_first_line(s))} |"
            for s in failed
        ]
        lines.append("")
    probes = (document.get("evidence") or {}).get("probes") or []
    if probes:
        lines += ["**Probes**", "", "| probe | result | value | thresholds |", "|---|---|---|---|"]
        for probe in probes:
            limits = describe_bounds(probe.get("thresholds") or {})
            value = probe.get("value")
            lines.append(
                f"| {_cell(probe.get('name'))} | {_cell(probe.get('result'))} | "
                f"{_cell('unreadable' if value is None else number(value))} | "
                f"{_cell(limits or 'healthy')} |"
            )
        lines.append("")
    reasons = document.get("reasons") or []
    if reasons:
        lines += ["**Reasons**", ""] + [f"- {_cell(reason)}" for reason in reasons] + [""]
    return "\n".join(lines) + "\n"


def append(path: Path, document: Mapping[str, Any]) -> None:
    """Append the summary; the job's other steps may have written theirs before."""
    with path.open("a", encoding="utf-8") as file:
        file.write(markdown(document))


def _first_line(scenario: Mapping[str, Any]) -> str:
    error = str(scenario.get("error") or scenario.get("outcome") or "")
    return error.strip().splitlines()[0] if error.strip() else ""


def _cell(value: Any) -> str:
    # One table cell: no line break, no column separator, no HTML from the system.
    text = " ".join(str(value).split())
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
