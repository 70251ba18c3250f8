"""B4: what the greenlight plugin adds to pytest's start-up, and that it leaves Playwright alone.

    >>> rows = b4_startup(Path("/tmp/bench"), repeat=5)

The reference suite (its conftest, steps and features, copied from this repository)
plus 200 generated scenarios bound to its steps is collected twice: with greenlight,
and with ``-p no:greenlight`` (bare pytest-bdd; the conftest still imports greenlight's
classes, so only what the plugin itself does is the difference).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks.harness import (
    BenchmarkFailed,
    Command,
    alternate,
    child_environment,
    median_cpu,
    median_seconds,
)
from benchmarks.report import Row, seconds
from benchmarks.workloads import write_files

REPOSITORY = Path(__file__).resolve().parent.parent
REFERENCE_SUITE = (
    "conftest.py",
    "environments.toml",
    "specs",
    "tests/__init__.py",
    "tests/acceptance/__init__.py",
    "tests/acceptance/steps.py",
    "tests/acceptance/test_shop.py",
)
GENERATED = 200
TARGET_SECONDS = 0.3
COLLECT = (sys.executable, "-m", "pytest", "--collect-only", "-q", "tests/acceptance")

PYTEST_INI = """\
[pytest]
bdd_features_base_dir = specs/
addopts = -p no:cacheprovider
markers =
    smoke: safe to run against production after a deploy
    destructive: changes shared state; never runs on a sensitive environment
    api_only: run this scenario only through the api channel
    ui_only: run this scenario only through the ui channel
"""

GENERATED_TEST = """\
from pytest_bdd import scenarios

from tests.acceptance.steps import *  # noqa: F403

scenarios("generated.feature")
"""

PLAYWRIGHT_PROBE = "import sys, greenlight.plugin; print('playwright' in sys.modules)"


def generated_feature(scenarios: int) -> str:
    lines = ["Feature: Generated catalogue checks", ""]
    for number in range(scenarios):
        lines += [
            "  @smoke",
            f"  Scenario: catalogue check {number}",
            "    When a visitor browses the catalogue",
            f"    Then the catalogue offers at least {number % 3 + 1} product in stock",
            "",
        ]
    return "\n".join(lines)


def copy_reference_suite(root: Path) -> Path:
    """The reference suite's conftest, steps, features and environments file, under ``root``."""
    for name in REFERENCE_SUITE:
        source, target = REPOSITORY / name, root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target)
    return write_files(root, {"pytest.ini": PYTEST_INI})


def write_reference_copy(root: Path) -> Path:
    return write_files(
        copy_reference_suite(root),
        {
            "specs/generated.feature": generated_feature(GENERATED),
            "tests/acceptance/test_generated.py": GENERATED_TEST,
        },
    )


def imports_playwright() -> bool:
    """Whether importing greenlight's plugin, alone, imports Playwright."""
    answer = subprocess.run(
        [sys.executable, "-c", PLAYWRIGHT_PROBE],
        capture_output=True,
        text=True,
        env=child_environment(),
        cwd=REPOSITORY,
        check=True,
    )
    return answer.stdout.strip() == "True"


def b4_startup(work: Path, *, repeat: int) -> list[Row]:
    project = write_reference_copy(work / "b4-reference")
    bare = Command((*COLLECT, "-p", "no:greenlight"), cwd=project)
    greenlight = Command((*COLLECT, "--env", "local", "--channel", "api"), cwd=project)
    samples = alternate({"bare": bare, "greenlight": greenlight}, repeat=repeat)
    if bare.last_count != greenlight.last_count:
        raise BenchmarkFailed(
            f"B4: greenlight collected {greenlight.last_count} tests, bare pytest-bdd "
            f"{bare.last_count}; the comparison needs the same tests"
        )
    base, full = median_seconds(samples["bare"]), median_seconds(samples["greenlight"])
    added = full - base
    added_cpu = median_cpu(samples["greenlight"]) - median_cpu(samples["bare"])
    playwright = imports_playwright()
    row = Row(
        "B4",
        f"`pytest --collect-only`: reference suite + {GENERATED} generated scenarios "
        f"({greenlight.last_count} tests)",
        seconds(full),
        f"bare pytest-bdd: {seconds(base)}",
        f"adds {added:+.2f} s ({added_cpu:+.2f} s CPU); plugin imports Playwright: "
        + ("yes" if playwright else "no"),
        f"adds <= {TARGET_SECONDS} s; no Playwright",
        met=added <= TARGET_SECONDS and not playwright,
        notes=[
            "greenlight runs with `--channel api` so both sides collect the same tests (with "
            "both channels every scenario is collected twice). The Playwright check runs "
            f"`{PLAYWRIGHT_PROBE}` in a fresh interpreter; pytest-playwright, a separate "
            "plugin, still imports Playwright when pytest loads it."
        ],
    )
    if added > TARGET_SECONDS:
        row.notes.append(
            f"Missed by {seconds(added - TARGET_SECONDS)}: measure with "
            "`python -X importtime -m pytest --collect-only` to see which of greenlight's modules "
            "the plugin imports at start-up; importing rarely used ones inside the hook that "
            "needs them would close it."
        )
    if playwright:
        row.notes.append(
            "Importing greenlight.plugin imports Playwright: a module imports it at top level; "
            "import it inside the function that drives the browser instead."
        )
    return [row]
