"""Pictures of a probe over the run window: a PNG for the report, a sparkline for the terminal.

    >>> sparkline([0.01, 0.02, None, 0.3])
    '▁▁ █'
    >>> draw(result, Path("reports/prod/probes"))
    PosixPath('reports/prod/probes/latency-p95.png')

The PNG is drawn with matplotlib's Agg canvas (no display needed), with the
probe's thresholds as horizontal lines; without matplotlib (``greenlight[charts]``)
there is no PNG, only the sparkline.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from greenlight.probes.schedule import ProbeResult

BARS = "▁▂▃▄▅▆▇█"
LINE_STYLES = {"fail": ("tab:red", "--"), "warn": ("tab:orange", ":")}


def sparkline(values: Sequence[float | None], width: int = 24) -> str:
    """One character per value (the last ``width``); a gap where a reading failed."""
    shown = list(values)[-width:]
    known = [value for value in shown if value is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = high - low
    return "".join(
        " "
        if value is None
        else BARS[0 if span == 0 else round((value - low) / span * (len(BARS) - 1))]
        for value in shown
    )


def draw(result: ProbeResult, folder: Path) -> Path | None:
    """The probe's chart as ``<folder>/<name>.png``, or None when nothing was read."""
    points = [(r.time, r.value) for r in result.readings if r.value is not None]
    if not points:
        return None
    start = result.readings[0].time
    # Imported here: matplotlib takes a second to import, and only a run with probes
    # draws. A bare Figure draws with the Agg canvas: no pyplot, no display, no globals.
    try:
        from matplotlib.figure import Figure
    except ImportError:  # the charts extra is not installed: the terminal sparkline remains
        return None
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{result.name}.png"
    figure = Figure(figsize=(6, 2.4), dpi=80)
    # Fixed margins: tight_layout would measure every label and triple the drawing time.
    figure.subplots_adjust(left=0.12, right=0.97, top=0.88, bottom=0.2)
    axes = figure.subplots()
    axes.plot([t - start for t, _ in points], [v for _, v in points], marker="o", color="tab:blue")
    for key, bound in result.spec.thresholds.given().items():
        colour, style = LINE_STYLES[key.split("_")[0]]
        axes.axhline(bound, color=colour, linestyle=style, linewidth=1, label=key)
    if result.spec.thresholds.given():
        axes.legend(loc="best", fontsize="small")
    axes.set_title(f"{result.name}: {result.status}", fontsize="medium")
    axes.set_xlabel("seconds since the first reading")
    figure.savefig(path)
    return path
