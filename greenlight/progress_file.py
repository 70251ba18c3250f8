"""How far a pytest run has got, in a small JSON file another process reads while it runs.

    $ GREENLIGHT_PROGRESS=/tmp/p.json pytest --env=prod     # the run writes it
    >>> read(Path("/tmp/p.json"))
    Counts(done=3, total=14, failed=1)

``greenlight release`` sets the variable for each smoke run it starts and shows the
counts while it waits (:mod:`greenlight.release.progress`). The run's controller
rewrites the file atomically after collection and after each test, so a reader sees
the previous counts or the new ones, never half a file; no file (yet) reads as None.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

VARIABLE = "GREENLIGHT_PROGRESS"


@dataclass(frozen=True)
class Counts:
    done: int
    total: int | None  # None until collection has finished
    failed: int = 0


def write(path: Path, counts: Counts) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(json.dumps(asdict(counts)), encoding="utf-8")
        temporary.replace(path)
    except OSError:
        temporary.unlink(missing_ok=True)  # progress is a view: the run goes on without it


def read(path: Path) -> Counts | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Counts(int(data["done"]), data["total"], int(data.get("failed", 0)))
    except (OSError, ValueError, KeyError, TypeError):
        return None
