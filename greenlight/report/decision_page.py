"""``verdict.html``: the decision page a release manager reads in ten seconds.

    >>> html = page(verdict, secrets, links={"test_shop.py::test_checkout[api]": "index.html#3f2a"})

Top to bottom: the headline (the one every surface shows), why and what to do next,
the failed scenarios with their first error and a link to each in the report, the
probe table (value, thresholds, result, chart), the recommendation or the hooks that
ran with their output, what ran where, the counts, the release the verdict belongs
to (only when its record names this verdict's run id), and the previous verdicts.
Every text passes through HTML escaping and the secret mask.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from greenlight.probes.judge import describe_bounds, number
from greenlight.report.release_statistics import statistics_section
from greenlight.secrets import Secrets
from greenlight.verdict.words import headline

RELEASE_RECORD = "release.json"
VERDICT_COPY = "verdict.json"
COLOURS = {"go": "#1e7d32", "no-go": "#b71c1c"}
OTHER = "#8a6d00"
_RESULT_COLOURS = {"ok": "#1e7d32", "breach": "#b71c1c", "unreadable": "#6a1b9a"}
_STYLE = """body{font:15px/1.5 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em}
h1{color:#fff;padding:.4em .8em;border-radius:4px;margin-bottom:.2em}
#headline{font-size:1.1em;font-weight:600}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:.2em .8em .2em 0;vertical-align:top}
th{text-align:left;font-weight:600}pre{background:#f4f4f4;padding:.5em;white-space:pre-wrap}
img{max-width:100%}"""


def page(
    verdict: Mapping[str, Any],
    secrets: Secrets,
    *,
    release: Mapping[str, Any] | None = None,
    links: Mapping[str, str] | None = None,
    previous: Sequence[Mapping[str, Any]] = (),
    charts: Mapping[str, str] | None = None,
) -> str:
    """``links``: scenario node id to its page in the report; ``charts``: probe to picture."""

    def esc(value: Any) -> str:
        return html.escape(secrets.mask(str(value)))

    decision = str(verdict.get("decision", "unknown"))
    sections = [
        f'<h1 id="decision" style="background:{COLOURS.get(decision, OTHER)}">'
        f"{esc(decision.upper())}</h1>",
        f'<p id="headline">{esc(headline(verdict, program=False))}</p>',
        _why(verdict, esc),
        _failed(verdict, links or {}, esc),
        _probes(verdict, charts or {}, esc),
        _actions(verdict, esc),
        _facts(verdict, esc),
        release_section(release, esc) if release else "",
        _previous(previous, esc),
        '<p><a href="index.html">The test report</a></p>',
    ]
    body = "\n".join(section for section in sections if section)
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Release verdict: {esc(decision.upper())}</title><style>{_STYLE}</style>"
        f"</head>\n<body>\n{body}\n</body></html>\n"
    )


def _why(verdict: Mapping[str, Any], esc: Any) -> str:
    reasons = "".join(f"<li>{esc(reason)}</li>" for reason in verdict.get("reasons") or [])
    notes = "".join(f"<li>{esc(note)}</li>" for note in verdict.get("notes") or [])
    parts = []
    if reasons:
        parts.append(f'<h2>Why</h2><ol id="reasons">{reasons}</ol>')
    if verdict.get("next_step"):
        parts.append(f'<p id="next-step"><strong>Next:</strong> {esc(verdict["next_step"])}</p>')
    if notes:
        parts.append(f'<h2>Notes (do not block)</h2><ul id="notes">{notes}</ul>')
    return "\n".join(parts)


def _failed(verdict: Mapping[str, Any], links: Mapping[str, str], esc: Any) -> str:
    rows = []
    for scenario in verdict.get("failed") or []:
        title = esc(scenario.get("title") or scenario.get("name"))
        link = links.get(str(scenario.get("nodeid")))
        shown = f'<a href="{html.escape(link)}">{title}</a>' if link else title
        error = str(scenario.get("error") or scenario.get("outcome") or "").strip()
        first = error.splitlines()[0] if error else ""
        rows.append(f"<tr><td>{shown}</td><td><code>{esc(first)}</code></td></tr>")
    if not rows:
        return ""
    return (
        '<h2>Failed scenarios</h2><table id="failed-scenarios"><tr><th>scenario</th>'
        f"<th>first error</th></tr>{''.join(rows)}</table>"
    )


def _probes(verdict: Mapping[str, Any], charts: Mapping[str, str], esc: Any) -> str:
    rows = []
    for probe in (verdict.get("evidence") or {}).get("probes") or []:
        name, result = str(probe.get("name")), str(probe.get("result"))
        limits = describe_bounds(probe.get("thresholds") or {})
        value = probe.get("value")
        colour = _RESULT_COLOURS.get(result, "#8a6d00")
        chart = charts.get(name)
        picture = f'<img src="{html.escape(chart)}" alt="chart of {esc(name)}">' if chart else ""
        rows.append(
            f'<tr data-probe="{esc(name)}"><td>{esc(name)}</td><td>{esc(probe.get("kind"))}</td>'
            f'<td style="color:{colour};font-weight:600">{esc(result)}</td>'
            f"<td>{esc('unreadable' if value is None else number(value))}</td>"
            f"<td>{esc(limits or 'healthy')}</td><td>{esc(probe.get('detail') or '')}</td></tr>"
            + (f'<tr><td colspan="6">{picture}</td></tr>' if picture else "")
        )
    if not rows:
        return ""
    return (
        '<h2>Probes</h2><table id="probes"><tr><th>probe</th><th>kind</th><th>result</th>'
        f"<th>value</th><th>thresholds</th><th>detail</th></tr>{''.join(rows)}</table>"
    )


def _actions(verdict: Mapping[str, Any], esc: Any) -> str:
    lines = "".join(f"<li>{esc(line)}</li>" for line in verdict.get("actions") or [])
    hooks = "".join(
        f"<h3>{esc(name)} hook: {'ok' if hook.get('ok') else 'FAILED'}</h3>"
        f"<p><code>{esc(hook.get('command'))}</code> exit code {esc(hook.get('exit_code'))}</p>"
        f"<pre>{esc(hook.get('tail') or '(no output)')}</pre>"
        for name, hook in (verdict.get("hooks") or {}).items()
        if isinstance(hook, Mapping)
    )
    if not lines and not hooks:
        return ""
    return f'<h2>Recommendation and hooks</h2><div id="actions"><ul>{lines}</ul>{hooks}</div>'


def _facts(verdict: Mapping[str, Any], esc: Any) -> str:
    facts = [
        ("environment", verdict.get("environment")),
        ("target", verdict.get("target") or "(default)"),
        ("service", verdict.get("service")),
        ("system version", verdict.get("system_version")),
        ("expected version", verdict.get("expected_version")),
        ("git commit", verdict.get("git_commit")),
        ("started", verdict.get("start")),
        ("run id", verdict.get("run_id")),
    ]
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in facts if v)
    counts = verdict.get("counts") or {}
    count_rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in counts.items())
    return (
        f"<h2>What ran where</h2><table>{rows}</table>"
        f'<h2>Counts</h2><table id="counts">{count_rows}</table>'
    )


def release_section(record: Mapping[str, Any], esc: Any) -> str:
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
        f"{steps}</table>{statistics_section(record, esc)}"
        f'<p><a href="{RELEASE_RECORD}">The release record (JSON)</a></p>'
    )


def _step_result(step: Mapping[str, Any]) -> str:
    verdict = step.get("verdict")
    if isinstance(verdict, Mapping) and verdict.get("decision"):
        return str(verdict["decision"]).upper()
    if isinstance(verdict, str):
        return verdict.upper()
    return "ok" if step.get("ok") else "failed"


def _previous(previous: Sequence[Mapping[str, Any]], esc: Any) -> str:
    rows = "".join(
        f"<li>{esc(entry.get('end') or '')}: {esc(entry.get('headline') or '')}</li>"
        for entry in previous
    )
    this = f'<p><a href="{VERDICT_COPY}">This verdict (JSON)</a></p>'
    return this + (f'<h2>Previous verdicts</h2><ol id="previous">{rows}</ol>' if rows else "")
