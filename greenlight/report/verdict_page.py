"""The release verdict beside the report: ``verdict.html`` and a banner on Allure's front page.

    reports/local/allure-report/index.html     Allure's report, with a banner on top:
                                               "NO-GO: 2 of 4 scenarios failed ... (details)"
    reports/local/allure-report/verdict.html   decision, reasons, what ran where, counts

Read from the ``verdict.json`` the run wrote, by :mod:`greenlight.verdict.file`;
without one the report is left as Allure built it, and an invalid one is an error. When a ``greenlight release`` left its ``release.json`` beside the
results, the verdict page shows the release's outcome and timeline and links a copy
of the record. Every text passes through HTML escaping and the secret mask.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from greenlight.release.record import read_release
from greenlight.secrets import Secrets
from greenlight.verdict import file as verdict_file
from greenlight.verdict import words
from greenlight.verdict.file import MissingVerdict

BANNER_ID = "greenlight-verdict"
DELIVERY_ID = "greenlight-delivery"
RELEASE_RECORD = "release.json"
_COLOURS = {"go": "#1e7d32", "no-go": "#b71c1c"}
_OTHER = "#8a6d00"


def read_verdict(path: Path) -> dict[str, Any] | None:
    """The run's verdict, or None when it wrote none; an invalid one raises UnreadableVerdict.

    A report of a run without a verdict is fine; a verdict that is there but cannot be
    read must not pass unnoticed, so it is the usage error every verdict reader gives.
    """
    try:
        return verdict_file.read_verdict(path)
    except MissingVerdict:
        return None


def headline(verdict: Mapping[str, Any]) -> str:
    """The verdict's headline as every surface words it, without the program's name."""
    return words.headline(verdict, program=False)


def add_to_report(
    output: Path, verdict: Mapping[str, Any], secrets: Secrets, release: Path | None = None
) -> None:
    record = read_release(release) if release is not None else None
    if record is not None:
        (output / RELEASE_RECORD).write_text(
            secrets.mask(json.dumps(record, indent=2)), encoding="utf-8"
        )
    delivery = delivery_lines(release.parent) if release is not None else []
    (output / "verdict.html").write_text(page(verdict, secrets, record, delivery), encoding="utf-8")
    index = output / "index.html"
    text = index.read_text(encoding="utf-8")
    if BANNER_ID in text:
        return
    text = text.replace("<body>", "<body>" + banner(verdict, secrets, delivery), 1)
    index.write_text(text, encoding="utf-8")


def delivery_lines(folder: Path) -> list[str]:
    """``greenlight history``'s table for the environment's last 30 days; none without records."""
    from greenlight.history.cli import table
    from greenlight.history.metrics import measure, read_history

    since = timedelta(days=30)
    history = read_history(folder, since=since)
    if not history.releases and not history.watches:
        return []
    return table(folder.name, measure(history, since=since, roots=(Path.cwd(),)), "30d")


def banner(verdict: Mapping[str, Any], secrets: Secrets, delivery: Sequence[str] = ()) -> str:
    colour = _COLOURS.get(str(verdict.get("decision")), _OTHER)
    shown = html.escape(secrets.mask(headline(verdict)))
    metrics = "; ".join(html.escape(secrets.mask(" ".join(line.split()))) for line in delivery[1:])
    below = (
        f'<div id="{DELIVERY_ID}" style="font-weight:400">Delivery, last 30 days: {metrics}</div>'
        if metrics
        else ""
    )
    return (
        f'<div id="{BANNER_ID}" style="position:sticky;top:0;z-index:1000;background:{colour};'
        'color:#fff;padding:6px 16px;font:600 14px/1.4 system-ui,sans-serif">'
        f'<a href="verdict.html" style="color:#fff">Release verdict</a> - {shown}{below}</div>'
    )


def release_section(record: Mapping[str, Any], secrets: Secrets) -> str:
    def esc(value: Any) -> str:
        return html.escape(secrets.mask(str(value)))

    steps = "".join(
        f"<tr><td>+{esc(step.get('at_s', ''))}s</td><td>{esc(step.get('step', ''))}</td>"
        f"<td>{esc(_step_result(step))}</td><td><code>{esc(step.get('command') or '')}</code></td></tr>"
        for step in record.get("timeline") or []
        if isinstance(step, Mapping)
    )
    return (
        f'<h2>Release</h2><p id="release">{esc(record.get("strategy"))} release of '
        f"{esc(record.get('version'))}: <strong>{esc(record.get('outcome'))}</strong>. "
        f"{esc(record.get('summary') or '')}</p>"
        f'<table id="release-timeline"><tr><th>at</th><th>step</th><th>result</th><th>command</th></tr>'
        f'{steps}</table><p><a href="{RELEASE_RECORD}">The release record (JSON)</a></p>'
    )


def _step_result(step: Mapping[str, Any]) -> str:
    verdict = step.get("verdict")
    if isinstance(verdict, Mapping) and verdict.get("decision"):
        return str(verdict["decision"]).upper()
    if isinstance(verdict, str):
        return verdict.upper()
    return "ok" if step.get("ok") else "failed"


def page(
    verdict: Mapping[str, Any],
    secrets: Secrets,
    release: Mapping[str, Any] | None = None,
    delivery: Sequence[str] = (),
) -> str:
    def esc(value: Any) -> str:
        return html.escape(secrets.mask(str(value)))

    decision = str(verdict.get("decision", "unknown"))
    colour = _COLOURS.get(decision, _OTHER)
    reasons = "".join(f"<li>{esc(_reason_text(r))}</li>" for r in verdict.get("reasons") or [])
    facts = [
        ("environment", verdict.get("environment")),
        ("target", verdict.get("target") or "(default)"),
        ("system version", verdict.get("system_version")),
        ("git commit", verdict.get("git_commit")),
        ("started", verdict.get("start")),
    ]
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in facts if v)
    counts = verdict.get("counts") or {}
    count_rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in counts.items())
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Release verdict: {esc(decision.upper())}</title>
<style>body{{font:15px/1.5 system-ui,sans-serif;margin:2em auto;max-width:50em;padding:0 1em}}
h1{{color:#fff;background:{colour};padding:.4em .8em;border-radius:4px}}
th{{text-align:left;padding-right:2em;font-weight:600}}</style></head>
<body><h1 id="decision">{esc(decision.upper())}</h1>
<h2>Reasons</h2><ul id="reasons">{reasons or "<li>(none given)</li>"}</ul>
<h2>What ran where</h2><table>{rows}</table>
<h2>Counts</h2><table id="counts">{count_rows}</table>
{release_section(release, secrets) if release else ""}
{_delivery_section(delivery, esc)}
<p><a href="index.html">Back to the test report</a></p></body></html>
"""


def _reason_text(reason: Any) -> str:
    if isinstance(reason, Mapping):
        return str(reason.get("text") or reason.get("reason") or reason)
    return str(reason)


def _delivery_section(lines: Sequence[str], esc: Callable[[Any], str]) -> str:
    if not lines:
        return ""
    rows = "".join(f"<li>{esc(line.strip())}</li>" for line in lines[1:])
    return f'<h2>Delivery metrics</h2><p>{esc(lines[0])}</p><ul id="delivery">{rows}</ul>'
