"""Running the project's Allure 3 (``node_modules/.bin/allure``) to build the HTML report.

    >>> build(allure, results=Path("reports/local/allure-results"),
    ...       output=Path("reports/local/allure-report"),
    ...       history=Path("reports/local/history.jsonl"), name="greenlight: local")

Allure 3 is installed into the project by ``scripts/setup`` (``npm ci``), never
downloaded at run time. Its configuration is written for each build: the report's
name, the history file that carries the trend across runs (a JSON-lines file Allure
appends the run to), and greenlight's failure categories. A results folder already
added to the history is not added again, so building twice does not count one run
twice.

Every report built carries a marker file (:data:`~greenlight.report.results_dir.MARKER`);
a folder is replaced only when it is empty or carries it, so ``--output`` never
deletes a folder greenlight did not make, whatever it holds.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from greenlight.errors import ConfigError
from greenlight.report.report_files import CATEGORIES
from greenlight.report.results_dir import MARKER

ALLURE = Path("node_modules/.bin/allure")
BUILD_TIMEOUT = 300
# The tree reads as the specification does: features, then their scenarios.
GROUP_BY = ["feature"]


class BuildFailed(RuntimeError):
    """Allure ran but did not produce a report; the message carries its output."""


def find_allure(start: Path) -> Path:
    """``GREENLIGHT_ALLURE``, or ``node_modules/.bin/allure`` here or in a parent folder."""
    chosen = os.environ.get("GREENLIGHT_ALLURE")
    if chosen:
        return Path(chosen)
    for folder in (start, *start.parents):
        if (folder / ALLURE).is_file():
            return folder / ALLURE
    raise ConfigError(
        [
            f"Allure 3 is not installed in this project (no {ALLURE} in {start} or above); "
            "run scripts/setup (or npm ci) at the project root"
        ]
    )


def build(
    allure: Path, *, results: Path, output: Path, history: Path, name: str, legacy: bool = False
) -> None:
    """Build into a fresh folder, then put it in place of ``output``.

    Allure 3 neither empties its output folder nor lays a second report out the same
    way, so each build starts from nothing. ``legacy``: ``output`` is greenlight's own
    default folder, where a report built before the marker existed may be replaced.
    """
    _check_replaceable(output, legacy)
    seen = history.with_suffix(".runs")
    fingerprint = _fingerprint(results)
    known = seen.read_text().split() if seen.is_file() else []
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".greenlight-report-", dir=output.parent) as work:
        fresh = Path(work) / "report"
        rc = Path(work) / "allurerc.json"
        rc.write_text(json.dumps(_config(name, fresh, history, fingerprint not in known)))
        command = [str(allure), "generate", "--config", str(rc), str(results.resolve())]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=BUILD_TIMEOUT,
                env={**os.environ, "NO_COLOR": "1"},
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise BuildFailed(f"could not run {allure}: {error}") from None
        if done.returncode != 0 or not (fresh / "index.html").is_file():
            tail = "\n".join((done.stdout + done.stderr).splitlines()[-20:])
            raise BuildFailed(f"{allure} generate exited with {done.returncode}:\n{tail}")
        (fresh / MARKER).write_text(
            "Built by greenlight report; the next build replaces this folder whole.\n"
        )
        if output.exists():
            shutil.rmtree(output)
        fresh.rename(output)
    if fingerprint not in known:
        seen.write_text("\n".join([*known, fingerprint][-200:]) + "\n")


def _config(name: str, output: Path, history: Path, append: bool) -> dict[str, Any]:
    return {
        "name": name,
        "output": str(output.resolve()),
        "historyPath": str(history.resolve()),
        "appendHistory": append,
        "categories": CATEGORIES,
        "plugins": {
            "awesome": {
                "options": {"reportName": name, "reportLanguage": "en", "groupBy": GROUP_BY}
            }
        },
    }


def _check_replaceable(output: Path, legacy: bool) -> None:
    # The folder is replaced whole: only an empty one, or a report greenlight built.
    if not output.exists() and not output.is_symlink():
        return
    if not output.is_dir() or output.is_symlink():
        raise ConfigError(
            [f"{output} is not a folder; choose another --output, or remove it yourself"]
        )
    ours = (output / MARKER).is_file() or (legacy and (output / "index.html").is_file())
    if not ours and any(output.iterdir()):
        raise ConfigError(
            [
                f"{output} is not a report folder greenlight built (no {MARKER} in it), and "
                "greenlight replaces only a report it built; choose another --output, or "
                "empty the folder yourself"
            ]
        )


def _fingerprint(results: Path) -> str:
    # The result files' names are fresh UUIDs in every run.
    names = sorted(path.name for path in results.glob("*-result.json"))
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]
