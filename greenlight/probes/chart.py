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


def unit_of(result: ProbeResult) -> str:
    """The probe's unit, for the axis: its ``unit`` setting, else what its kind or name says."""
    given = result.spec.settings.get("unit")
    if isinstance(given, str) and given:
        return given
    name = result.name.lower()
    if result.spec.kind == "client-latency" or any(
        word in name for word in ("latency", "duration", "seconds", "p95", "p99")
    ):
        return "s"
    if result.spec.kind == "health":
        return "healthy"
    return ""


def draw(result: ProbeResult, folder: Path) -> Path | None:
    """The probe's chart as ``<folder>/<name>.png``, or None when nothing was read.

    The readings over time, the failing and warning ranges shaded, every reading in a
    failing range marked, values in plain numbers with the unit (``250 ms``, ``12 k``),
    and no negative axis for a value that cannot be negative.
    """
    points = [(r.time, r.value) for r in result.readings if r.value is not None]
    if not points:
        return None
    start = result.readings[0].time
    # Imported here: matplotlib takes a second to import, and only a run with probes
    # draws. A bare Figure draws with the Agg canvas: no pyplot, no display, no globals.
    try:
        from matplotlib.figure import Figure
        from matplotlib.ticker import EngFormatter
    except ImportError:  # the charts extra is not installed: the terminal sparkline remains
        return None
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{result.name}.png"
    figure = Figure(figsize=(6, 2.6), dpi=80)
    # Fixed margins: tight_layout would measure every label and triple the drawing time.
    figure.subplots_adjust(left=0.14, right=0.97, top=0.88, bottom=0.2)
    axes = figure.subplots()
    times = [t - start for t, _ in points]
    values = [v for _, v in points]
    bounds = result.spec.thresholds.given()
    low, high = _range(values, list(bounds.values()))
    axes.set_ylim(low, high)
    axes.set_xlim(0, max(max(times), 1.0))
    for key, bound in bounds.items():
        colour, style = LINE_STYLES[key.split("_")[0]]
        # The failing or warning side of the bound, shaded.
        span = (bound, high) if key.endswith("above") else (low, bound)
        axes.axhspan(*span, color=colour, alpha=0.12)
        axes.axhline(bound, color=colour, linestyle=style, linewidth=1, label=f"{key} {bound:g}")
    axes.plot(times, values, marker="o", markersize=4, color="tab:blue", label="reading")
    failing = [(t, v) for t, v in zip(times, values, strict=True) if _fails(v, bounds)]
    if failing:
        axes.plot(*zip(*failing, strict=True), "X", color="tab:red", markersize=9, label="breach")
    unit = unit_of(result)
    # Plain numbers with an SI prefix (250 ms, 12 M), never an offset or 1e7.
    formatter = EngFormatter(unit="" if unit == "healthy" else unit, sep=" ")
    axes.yaxis.set_major_formatter(formatter)
    if len(points) == 1:  # one reading: say its value, a lone dot is easily missed
        axes.annotate(formatter(values[0]), (times[0], values[0]), xytext=(8, 4),
                      textcoords="offset points", fontsize="small")  # fmt: skip
    axes.set_ylabel(unit or "value", fontsize="small")
    axes.legend(loc="best", fontsize="x-small")
    axes.set_title(f"{result.name}: {result.status}", fontsize="medium")
    axes.set_xlabel("seconds since the first reading")
    figure.savefig(path)
    return path


def _fails(value: float, bounds: dict[str, float]) -> bool:
    above, below = bounds.get("fail_above"), bounds.get("fail_below")
    return (above is not None and value > above) or (below is not None and value < below)


def _range(values: list[float], bounds: list[float]) -> tuple[float, float]:
    """The value axis: every reading and threshold with a margin, from 0 when none is negative."""
    everything = values + bounds
    low, high = min(everything), max(everything)
    margin = (high - low) * 0.15 or abs(high) * 0.15 or 1.0
    bottom = 0.0 if low >= 0 else low - margin
    return bottom, high + margin
