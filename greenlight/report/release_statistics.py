"""The statistics of a release on the decision page: each judged canary step's metrics, the A/B.

    >>> statistics_section(record, esc)
    '<h2>Canary analysis</h2><table id="canary-analysis">...</table>'

From the record's ``canary_analysis`` (the Mann-Whitney judge,
:mod:`greenlight.release.canary_analysis`): per step and metric its class, the samples
of each side, their medians, U, the p-value and the effect; and from ``ab`` the split
check and the conclusion. A record without them gives nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from greenlight.probes.judge import number

COLUMNS = ("step", "metric", "class", "samples", "medians", "U", "p-value", "effect")


def statistics_section(record: Mapping[str, Any], esc: Callable[[Any], str]) -> str:
    return _canary(record, esc) + _ab(record, esc)


def _canary(record: Mapping[str, Any], esc: Callable[[Any], str]) -> str:
    rows = []
    for step in record.get("canary_analysis") or []:
        for metric in step.get("metrics") or []:
            samples, medians = metric.get("samples") or {}, metric.get("medians") or {}
            cells = (
                f"{step.get('weight')}%: {step.get('result')} (score {number(step.get('score'))})",
                metric.get("probe"),
                metric.get("class"),
                f"{len(samples.get('canary') or [])} canary, {len(samples.get('baseline') or [])} baseline",
                f"{number(medians.get('canary'))} vs {number(medians.get('baseline'))}",
                number(metric.get("u")),
                "-" if metric.get("p_value") is None else f"{metric['p_value']:.3g}",
                "-" if metric.get("effect") is None else f"{metric['effect']:.3g}x",
            )
            rows.append("".join(f"<td>{esc(cell)}</td>" for cell in cells))
    if not rows:
        return ""
    head = "".join(f"<th>{esc(column)}</th>" for column in COLUMNS)
    body = "".join(f"<tr>{row}</tr>" for row in rows)
    return f'<h2>Canary analysis (Mann-Whitney)</h2><table id="canary-analysis"><tr>{head}</tr>{body}</table>'


def _ab(record: Mapping[str, Any], esc: Callable[[Any], str]) -> str:
    ab = record.get("ab")
    if not isinstance(ab, Mapping) or "conclusion" not in ab:
        return ""
    return f'<h2>A/B comparison</h2><p id="ab">{esc(ab["conclusion"])}</p>'
