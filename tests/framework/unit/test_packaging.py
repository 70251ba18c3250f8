"""The wheel a team installs: the framework only, with a core that pulls nothing heavy.

Built from this checkout with pip, as a team's pipeline would, then resolved by pip's
own dry run, so a transitive requirement counts too.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
HEAVY = {"flask", "waitress", "statsmodels", "pandas", "scipy", "matplotlib", "playwright"}
MAX_TOP_LEVEL_MODULES = 12
LOCAL_ONLY = (".git", ".venv", "node_modules", "build", "reports", "*.egg-info", "__pycache__")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # A clean copy: setuptools packs whatever an old build/ folder holds.
    source = out / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*LOCAL_ONLY))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("greenlight-*.whl")
    return built


def test_the_wheel_holds_greenlight_only(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert top == {"greenlight"}
    # Data the framework reads at run time travels with it.
    assert "greenlight/verdict/schema.json" in names


def test_the_core_install_pulls_nothing_heavy(wheel: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "-q"),
            *("--report", str(report), str(wheel)),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    installed = {
        entry["metadata"]["name"].lower().replace("_", "-")
        for entry in json.loads(report.read_text())["install"]
    }
    assert {"pytest", "pytest-bdd", "requests", "allure-pytest"} <= installed
    assert installed & HEAVY == set()


def test_the_framework_top_level_stays_small() -> None:
    modules = sorted(path.name for path in (ROOT / "greenlight").glob("*.py"))
    assert len(modules) <= MAX_TOP_LEVEL_MODULES, modules
