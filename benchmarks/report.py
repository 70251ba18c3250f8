"""The benchmark table: rows, printed to the terminal and written to ``RESULTS.md``.

>>> row = Row("B1", "200 API scenarios", "5.1 s", "4.6 s", "1.11x", "<= 1.15", met=True)
>>> print(table([row]))
| id | workload | greenlight | compared with | result | target | met |
...
"""

from __future__ import annotations

import os
import platform
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime


@dataclass
class Row:
    id: str
    workload: str
    greenlight: str
    baseline: str
    result: str
    target: str
    # None: a row that explains another (a decomposition), with no target of its own.
    met: bool | None = None
    notes: list[str] = field(default_factory=list)


COLUMNS = ("id", "workload", "greenlight", "compared with", "result", "target", "met")


def table(rows: Sequence[Row]) -> str:
    lines = [_line(COLUMNS), _line(["---"] * len(COLUMNS))]
    for row in rows:
        met = {True: "yes", False: "**no**", None: ""}[row.met]
        cells = (row.id, row.workload, row.greenlight, row.baseline, row.result, row.target, met)
        lines.append(_line(cells))
    return "\n".join(lines)


def _line(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |"


def document(
    rows: Sequence[Row],
    *,
    repeats: Mapping[str, int],
    elapsed: float,
    load: tuple[float, float],
) -> str:
    """RESULTS.md: when and where it ran, the table, then what each row means."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    missed = [row for row in rows if row.met is False]
    parts = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python -m benchmarks`); do not edit by hand.",
        "",
        f"- date: {now}",
        f"- machine: {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}",
        "- method: each figure is a median of timed runs; the commands compared are run "
        "alternately (A, B, A, B, ...) in the same run, each a fresh process, after one "
        "untimed warm-up run where it matters, with Python's bytecode cache on (as on a "
        "user's machine; it goes to a folder in the temporary directory). Timed runs of "
        "each command: "
        + ", ".join(f"{name} {count}" for name, count in sorted(repeats.items()))
        + f". The whole benchmark took {elapsed / 60:.1f} minutes.",
        f"- load: the 1-minute load average was {load[0]:.1f} when the benchmark started "
        f"and {load[1]:.1f} when it ended, on {os.cpu_count()} cores; above the core count, "
        "other work was competing for the CPU, which slows CPU-bound runs (many processes "
        "starting, a browser) far more than runs that mostly wait on the network.",
        "",
        table(rows),
        "",
        f"Targets met: {sum(row.met is True for row in rows)} of "
        f"{sum(row.met is not None for row in rows)}"
        + (f"; missed: {', '.join(row.id for row in missed)}." if missed else "."),
        "",
        "## Notes",
        "",
    ]
    for row in rows:
        if row.notes:
            parts.append(f"**{row.id}**: " + " ".join(row.notes))
            parts.append("")
    return "\n".join(parts)


def seconds(value: float) -> str:
    return f"{value:.2f} s"
