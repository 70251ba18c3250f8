"""Finding Allure 3 and running it to build the HTML report.

    >>> allure = find_allure(Path.cwd())      # e.g. ['/work/shop/node_modules/.bin/allure']
    >>> build(allure, results=Path("reports/local/allure-results"),
    ...       output=Path("reports/local/allure-report"),
    ...       history=Path("reports/local/history.jsonl"), name="greenlight: local")

Allure 3 is looked for, in order: ``GREENLIGHT_ALLURE``; the project's own
``node_modules/.bin/allure`` (here or in a parent folder: the version the project pins);
``allure`` on PATH; ``npx --yes allure@<version>``, the version pinned in the project's
``package-lock.json`` or ``package.json`` (greenlight's own otherwise). When none works the
message names the one command that installs it: ``npm install --save-dev allure@<version>``.
Its configuration is written for each build: the report's
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
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from greenlight.errors import ConfigError
from greenlight.report import static_page
from greenlight.report.report_files import CATEGORIES
from greenlight.report.results_dir import MARKER

ALLURE = Path("node_modules/.bin/allure")
# The Allure 3 release greenlight's report is built and tested with (its package.json).
DEFAULT_VERSION = "3.18.0"
# npx may fetch the package the first time; after that it starts from its cache.
NPX_CHECK_TIMEOUT = 120
BUILD_TIMEOUT = 300
# The tree reads as the specification does: features, then their scenarios.
GROUP_BY = ["feature"]
QUALITY_GATE = {"rules": [{"maxFailures": 0}]}


class BuildFailed(RuntimeError):
    """Allure ran but did not produce a report; the message carries its output."""


def find_allure(start: Path) -> list[str]:
    """The command that runs Allure 3 for a project at ``start``; a ConfigError if none works."""
    chosen = os.environ.get("GREENLIGHT_ALLURE")
    if chosen:
        return [chosen]
    # The project's own install first: it is the version the project pinned.
    for folder in (start, *start.parents):
        if (folder / ALLURE).is_file():
            return [str(folder / ALLURE)]
    on_path = shutil.which("allure")
    if on_path:
        return [on_path]
    version = pinned_version(start)
    npx = shutil.which("npx")
    if npx and _runs([npx, "--yes", f"allure@{version}", "--version"]):
        return [npx, "--yes", f"allure@{version}"]
    raise ConfigError(
        [
            f"Allure 3 was not found (no {ALLURE} in {start} or above, no allure on PATH"
            + (", and npx could not run it" if npx else ", no npx")
            + f"); install it in your project: cd {start} && npm install --save-dev allure@{version}"
        ]
    )


def pinned_version(start: Path) -> str:
    """The Allure version the nearest package-lock.json or package.json pins, else greenlight's."""
    for folder in (start, *start.parents):
        lock = _json(folder / "package-lock.json")
        locked = lock.get("packages", {}).get("node_modules/allure", {}).get("version")
        if isinstance(locked, str) and locked:
            return locked
        manifest = _json(folder / "package.json")
        for table in ("devDependencies", "dependencies"):
            wanted = manifest.get(table, {}).get("allure")
            # "~3.18.0" or "^3.18.0": the release it names; a tag or URL is no version.
            found = re.search(r"\d+\.\d+\.\d+", wanted) if isinstance(wanted, str) else None
            if found:
                return found.group(0)
    return DEFAULT_VERSION


def _json(path: Path) -> dict[str, Any]:
    try:
        loaded = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _runs(command: list[str]) -> bool:
    try:
        done = subprocess.run(command, capture_output=True, timeout=NPX_CHECK_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def build(
    allure: Sequence[str] | Path,
    *,
    results: Path | Sequence[Path],
    output: Path,
    history: Path,
    name: str,
    legacy: bool = False,
) -> None:
    """Build into a fresh folder, then put it in place of ``output``.

    ``results``: one folder, or several (the shards of one run) merged into one report.

    Allure 3 neither empties its output folder nor lays a second report out the same
    way, so each build starts from nothing. ``legacy``: ``output`` is greenlight's own
    default folder, where a report built before the marker existed may be replaced.
    ``allure`` is the command :func:`find_allure` gave (or the path of an executable).
    """
    command_head = [str(allure)] if isinstance(allure, Path) else list(allure)
    shown = " ".join(command_head)
    _check_replaceable(output, legacy)
    seen = history.with_suffix(".runs")
    folders = [results] if isinstance(results, Path) else list(results)
    fingerprint = _fingerprint(folders)
    known = seen.read_text().split() if seen.is_file() else []
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".greenlight-report-", dir=output.parent) as work:
        fresh = Path(work) / "report"
        rc = Path(work) / "allurerc.json"
        rc.write_text(json.dumps(_config(name, fresh, history, fingerprint not in known)))
        command = [
            *command_head,
            "generate",
            "--config",
            str(rc),
            *(str(folder.resolve()) for folder in folders),
        ]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=BUILD_TIMEOUT,
                env={**os.environ, "NO_COLOR": "1"},
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise BuildFailed(f"could not run {shown}: {error}") from None
        if done.returncode != 0 or not (fresh / "index.html").is_file():
            tail = "\n".join((done.stdout + done.stderr).splitlines()[-20:])
            raise BuildFailed(f"{shown} generate exited with {done.returncode}:\n{tail}")
        static_page.clean(fresh)  # no third-party script; a hint when opened from disk
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
        # A no-go always has one failed result (the "release decision" release check),
        # so Allure's own quality gate (`allure quality-gate`, `allure run`) fails with it.
        "qualityGate": QUALITY_GATE,
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


def _fingerprint(folders: Sequence[Path]) -> str:
    # The result files' names are fresh UUIDs in every run.
    names = sorted(path.name for folder in folders for path in folder.glob("*-result.json"))
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]
