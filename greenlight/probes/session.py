"""Probes in a pytest session: read around the run, then hand the results to the verdict.

The plugin calls, in order::

    configure(config)          # check [[ENV.probes]]: a mistake is a usage error
    start(session)             # after the embedded system started: the first reading
    finish(session)            # before the verdict: last reading, charts, evidence
    summary(config)            # the terminal table, one sparkline per probe

A breach is a blocking reason, a warning a non-blocking one; a probe that could not
be read blocks as inconclusive unless it is ``optional``. Charts go to
``reports/<env>/probes/`` and, when Allure results are written, into the report.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import allure
import pytest
import requests

from greenlight.plugin.context import RunContext
from greenlight.probes.chart import draw, sparkline
from greenlight.probes.client_latency import Timings
from greenlight.probes.judge import BREACH, UNREADABLE, WARNING, number
from greenlight.probes.probe import build
from greenlight.probes.schedule import ProbeResult, ProbeRun, Watched
from greenlight.probes.spec import ProbeSpec, probe_specs
from greenlight.terminal import printable_lines
from greenlight.verdict.evidence import Evidence, Reason

SOURCE = "probes"
_SPECS = pytest.StashKey[list[ProbeSpec]]()
_RUN = pytest.StashKey[ProbeRun]()
_RESULTS = pytest.StashKey[list[ProbeResult]]()


def _in_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput") and not config.option.collectonly


def configure(config: pytest.Config) -> None:
    """Check the environment's probes now, so a mistake stops the run before it starts."""
    if _in_controller(config):
        config.stash[_SPECS] = probe_specs(RunContext.of(config).env, os.environ)


def start(session: pytest.Session) -> None:
    config = session.config
    specs = config.stash.get(_SPECS, [])
    if not specs:
        return
    run = RunContext.of(config)
    http = requests.Session()
    # The run's own exchanges, as test reports bring them in (client-latency probes).
    timings = Timings()
    config.pluginmanager.register(timings, "greenlight-client-timings")
    watched = [
        Watched(spec, build(spec, run.env, workdir=run.workdir, session=http, timings=timings))
        for spec in specs
    ]
    probes = ProbeRun(watched, interval=run.env.settings.get("probe_interval"))
    config.stash[_RUN] = probes
    probes.start()


def charts_folder(config: pytest.Config) -> Path:
    """``probes/`` beside the verdict (``--verdict``), by default ``reports/<env>/probes``."""
    verdict = config.getoption("verdict", None)
    if verdict:
        return Path(verdict).parent / "probes"
    return config.rootpath / "reports" / RunContext.of(config).env.name / "probes"


def finish(session: pytest.Session) -> None:
    config = session.config
    probes = config.stash.get(_RUN, None)
    if probes is None:
        return
    results = probes.finish()
    config.stash[_RESULTS] = results
    folder = charts_folder(config)
    charts = {}
    for result in results:
        try:
            chart = draw(result, folder)
        except OSError:
            chart = None  # a picture is not evidence: an unwritable folder costs only the chart
        if chart is not None:
            charts[result.name] = chart
            # allure-commons has no type hints; without allure-pytest this does nothing.
            allure.global_attach.file(  # type: ignore[no-untyped-call]
                str(chart), name=f"probe {result.name}", attachment_type=allure.attachment_type.PNG
            )
    evidence = Evidence.of(config)
    for result in results:
        reason = reason_for(result)
        if reason is not None:
            evidence.add_reason(reason)
    evidence.add_section(
        SOURCE, [section_for(result, charts.get(result.name)) for result in results]
    )


def reason_for(result: ProbeResult) -> Reason | None:
    """The sentence the verdict shows for a probe that is not ok, saying when it was seen."""
    side = "above" if "above" in result.detail else "below"
    seen = f"{number(result.value)} is {side} {result.detail}{_when(result)}"
    if result.status == BREACH:
        if result.spec.kind == "health":
            again = ", healthy again at the end" if result.last else ""
            what = f"{result.detail}{_when(result)}{again}"
        else:
            what = seen
        return Reason(f"probe {result.name} breached: {what} ({result.source})", SOURCE)
    if result.status == WARNING:
        return Reason(f"probe {result.name} warns: {seen} ({result.source})", SOURCE, False)
    if result.status == UNREADABLE:
        if result.spec.optional:
            text = f"optional probe {result.name} could not be read: {result.detail}"
            return Reason(text, SOURCE, blocking=False)
        text = f"probe {result.name} inconclusive: could not be read: {result.detail}"
        return Reason(text, SOURCE)
    return None


def _when(result: ProbeResult) -> str:
    """`` at 3.2s`` into the run, and the value at the end when the worst came earlier."""
    if result.seen is None:
        return ""
    seconds = result.seen - result.readings[0].time
    at = f" at {seconds:.1f}s" if seconds >= 0.1 else f" at {seconds:.3f}s"
    if result.seen == result.readings[-1].time or result.spec.kind == "health":
        return at
    return f"{at}, {number(result.last)} at the end"


def section_for(result: ProbeResult, chart: Path | None) -> dict[str, Any]:
    start = result.readings[0].time
    return {
        "name": result.name,
        "kind": result.spec.kind,
        "source": result.source,
        "result": result.status,
        # The reading the result rests on (the worst), when it was taken, and the last.
        "value": _json_number(result.value),
        "seen": None if result.seen is None else round(result.seen - start, 3),
        "last": _json_number(result.last),
        "detail": result.detail,
        "optional": result.spec.optional,
        "thresholds": result.spec.thresholds.given(),
        "readings": [
            {
                "seconds": round(r.time - start, 3),
                "value": _json_number(r.value),
                **({"error": r.error} if r.error else {}),
            }
            for r in result.readings
        ],
        "chart": str(chart) if chart else None,
    }


def summary(config: pytest.Config) -> list[str]:
    """The terminal table: name, kind, result, value, thresholds and a sparkline."""
    results = config.stash.get(_RESULTS, None)
    if not results:
        return []
    first, last = results[0].readings[0].time, results[0].readings[-1].time
    rows = [("probe", "kind", "result", "value", "thresholds", "over the run")]
    for result in results:
        limits = result.spec.thresholds.describe() or "healthy"
        trend = sparkline([r.value for r in result.readings])
        rows.append(
            (result.name, result.spec.kind, result.status, number(result.value), limits, trend)
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]) - 1)]
    lines = [
        f"greenlight probes: {len(results[0].readings)} readings over {last - first:.1f}s "
        f"(charts in {charts_folder(config)})"
    ]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  " + "  ".join([*cells, row[-1]]))
    reasons = [reason_for(result) for result in results]
    lines += [f"  {reason.text}" for reason in reasons if reason is not None]
    return printable_lines(lines)  # a reading's error text comes from the system


def _json_number(value: float | None) -> float | None:
    # JSON has no NaN or infinity; a rate over no time at all is shown as no value.
    return value if value is not None and math.isfinite(value) else None
