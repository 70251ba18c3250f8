"""The release verdict beside the report: ``verdict.html`` and a banner on Allure's front page.

    reports/local/allure-report/index.html     Allure's report, with the headline on top:
                                               "Release verdict - NO-GO - 2/4 scenarios ..."
    reports/local/allure-report/verdict.html   the decision page (greenlight.report.decision_page)
    reports/local/allure-report/verdict.json   the verdict, masked
    reports/local/allure-report/probes/*.png   the probe charts the page shows

Read from the ``verdict.json`` the run wrote, by :mod:`greenlight.verdict.file`;
without one the report is left as Allure built it, and an invalid one is an error.
The page links each failed scenario to its page in the built report, found by the
node id's ``fullName`` and channel. A ``release.json`` beside the results is shown
(and a copy linked) only when its timeline names this verdict's run id: a later,
unrelated release never lends its story to an older verdict. Every text passes
through HTML escaping and the secret mask.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import shutil
from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from greenlight.release.record import read_release
from greenlight.report import decision_page
from greenlight.report.decision_page import COLOURS, OTHER, RELEASE_RECORD, VERDICT_COPY
from greenlight.secrets import Secrets
from greenlight.verdict import file as verdict_file
from greenlight.verdict import words
from greenlight.verdict.decision import masked
from greenlight.verdict.file import MissingVerdict

BANNER_ID = "greenlight-verdict"
DELIVERY_ID = "greenlight-delivery"
PREVIOUS = 10  # earlier verdicts the page lists
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


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
    output: Path,
    verdict: Mapping[str, Any],
    secrets: Secrets,
    release: Path | None = None,
    history: Path | None = None,
) -> None:
    """``verdict.html`` and its files in the built report, and the banner on its front page.

    ``release``: a release record, shown only when it names this verdict's run id;
    ``history``: the file of earlier verdicts' headlines, which this one is added to.
    """
    record = read_release(release) if release is not None else None
    if record is not None and belongs(record, verdict):
        (output / RELEASE_RECORD).write_text(
            secrets.mask(json.dumps(record, indent=2)), encoding="utf-8"
        )
    else:
        record = None
    (output / VERDICT_COPY).write_text(
        json.dumps(masked(verdict, secrets), indent=2, ensure_ascii=False), encoding="utf-8"
    )
    text = decision_page.page(
        verdict,
        secrets,
        release=record,
        links=scenario_links(output, verdict),
        previous=_previous(history, verdict, secrets),
        charts=_copy_charts(output, verdict),
    )
    (output / "verdict.html").write_text(text, encoding="utf-8")
    index = output / "index.html"
    text = index.read_text(encoding="utf-8")
    if BANNER_ID in text:
        return
    delivery = delivery_lines(release.parent) if release is not None else []
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


def belongs(record: Mapping[str, Any], verdict: Mapping[str, Any]) -> bool:
    """The record's timeline holds a step whose verdict is this one (by run id, never by folder)."""
    run_id = verdict.get("run_id")
    return bool(run_id) and any(
        isinstance(step, Mapping)
        and isinstance(step.get("verdict"), Mapping)
        and step["verdict"].get("run_id") == run_id
        for step in record.get("timeline") or []
    )


def banner(verdict: Mapping[str, Any], secrets: Secrets, delivery: Sequence[str] = ()) -> str:
    """The headline on the front page; under it the delivery metrics (``greenlight history``)."""
    colour = COLOURS.get(str(verdict.get("decision")), OTHER)
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


def scenario_links(output: Path, verdict: Mapping[str, Any]) -> dict[str, str]:
    """Each failed scenario's page in the built report (``index.html#<id>``), where found."""
    found = []
    for path in (output / "data" / "test-results").glob("*.json"):
        try:
            found.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    links = {}
    for scenario in verdict.get("failed") or []:
        nodeid, channel = str(scenario.get("nodeid")), scenario.get("channel")
        full = _full_name(nodeid)
        matching = [
            result
            for result in found
            if result.get("fullName") == full
            and not result.get("isRetry")
            and (channel is None or _label(result, "channel") == channel)
        ]
        matching.sort(key=lambda result: result.get("status") not in ("failed", "broken"))
        if matching:
            links[nodeid] = f"index.html#{matching[0]['id']}"
    return links


def _full_name(nodeid: str) -> str:
    """allure-pytest's ``fullName`` of a node id: ``a/b.py::C::test[x]`` is ``a.b.C#test``."""
    path, *names = nodeid.split("[")[0].split("::")
    module = path.removesuffix(".py").replace("/", ".")
    return ".".join([module, *names[:-1]]) + "#" + (names[-1] if names else "")


def _label(result: Mapping[str, Any], name: str) -> str | None:
    for label in result.get("labels") or []:
        if isinstance(label, Mapping) and label.get("name") == name:
            return str(label.get("value"))
    return None


def _copy_charts(output: Path, verdict: Mapping[str, Any]) -> dict[str, str]:
    """Each probe's chart copied into the report (``probes/<name>.png``), by probe name."""
    charts = {}
    for probe in (verdict.get("evidence") or {}).get("probes") or []:
        chart = Path(str(probe.get("chart") or ""))
        if not probe.get("chart") or not chart.is_file():
            continue
        folder = output / "probes"
        folder.mkdir(exist_ok=True)
        name = f"{_SAFE.sub('_', str(probe.get('name')))}.png"
        shutil.copyfile(chart, folder / name)
        charts[str(probe.get("name"))] = f"probes/{name}"
    return charts


def _previous(
    history: Path | None, verdict: Mapping[str, Any], secrets: Secrets
) -> list[dict[str, Any]]:
    """The earlier verdicts' headlines, newest first; this one is added to the file."""
    if history is None:
        return []
    entries = []
    try:
        lines = history.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict):
            entries.append(entry)
    earlier = [entry for entry in entries if entry.get("run_id") != verdict.get("run_id")]
    if len(earlier) == len(entries):  # not added yet: building twice adds it once
        this = {
            "run_id": verdict.get("run_id"),
            "end": verdict.get("end"),
            "decision": verdict.get("decision"),
            "headline": secrets.mask(headline(verdict)),
        }
        with contextlib.suppress(OSError), history.open("a", encoding="utf-8") as file:
            file.write(json.dumps(this) + "\n")
    return list(reversed(earlier))[:PREVIOUS]
