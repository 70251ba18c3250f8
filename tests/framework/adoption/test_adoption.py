"""Adoption: the README's fifteen-minute path, run as a team would on a system of its own.

The wheel built from this checkout goes into a fresh virtual environment outside the
repository (no PYTHONPATH, no reference shop); ``greenlight init`` scaffolds a project
there, and the project's smoke run judges a small service of this test's own
(``service.py``): GO while its ``/health`` answers 200, NO-GO once it is broken. Every
command the README's "Adopting greenlight for your own system" shows runs here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

# The wheel exactly as the packaging test builds it, from a clean copy of this checkout.
from tests.framework.unit.test_packaging import wheel

__all__ = ["wheel"]

ROOT = Path(__file__).resolve().parents[3]
SERVICE = Path(__file__).with_name("service.py")
ALLURE = ROOT / "node_modules" / ".bin" / "allure"
STEP_TIMEOUT = 120  # seconds for any one command; installing from PyPI is the slowest


def run(*command: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT,
        check=False,
    )


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A clean virtual environment with the wheel installed; the environment to run it in."""
    folder = tmp_path_factory.mktemp("adoption") / "venv"
    assert not folder.is_relative_to(ROOT)  # outside this repository, as a team's would be
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, timeout=STEP_TIMEOUT)
    bin_dir = folder / ("Scripts" if os.name == "nt" else "bin")
    # Nothing of this checkout leaks in: not its PYTHONPATH (the reference shop, and the
    # editable install's greenlight.egg-info, which pip would take for greenlight installed),
    # not its venv.
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTEST_ADDOPTS"}
    }
    env["PATH"] = os.pathsep.join([str(bin_dir), env.get("PATH", "")])
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
        timeout=STEP_TIMEOUT,
        env=env,
    )
    installed = subprocess.run(
        [str(bin_dir / "python"), "-c", "import greenlight; print(greenlight.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        cwd=folder,
        check=True,
    )
    assert installed.stdout.strip().startswith(str(folder)), installed.stdout
    # Allure 3 is this repository's (npm ci); a team's project has its own node_modules.
    env["GREENLIGHT_ALLURE"] = str(ALLURE)
    return env


@pytest.fixture
def service() -> Iterator[str]:
    process = subprocess.Popen([sys.executable, str(SERVICE)], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("serving "), f"the service did not start: {line!r}"
        yield line.split()[-1]
    finally:
        process.terminate()
        process.wait(10)


def test_a_team_adopts_greenlight_in_fifteen_minutes(
    venv: dict[str, str], service: str, tmp_path: Path
) -> None:
    where = run(
        "python", "-c", "import greenlight; print(greenlight.__file__)", cwd=tmp_path, env=venv
    )
    assert not Path(where.stdout.strip()).is_relative_to(ROOT), where.stdout

    init = run("greenlight", "init", "my-system", cwd=tmp_path, env=venv)
    assert init.returncode == 0, init.stderr
    project = tmp_path / "my-system"
    for made in (
        "pyproject.toml",
        "environments.toml",
        "conftest.py",
        ".github/workflows/release.yml",
    ):
        assert (project / made).is_file(), init.stdout

    # The generated code is held to greenlight's own standard: ruff-clean.
    ruff = ROOT / ".venv" / "bin" / "ruff"
    for check in (("check", "."), ("format", "--check", ".")):
        linted = run(ruff, *check, cwd=project, env=venv)
        assert linted.returncode == 0, linted.stdout + linted.stderr

    # "Edit one URL": the staging service, in environments.toml.
    toml = project / "environments.toml"
    toml.write_text(toml.read_text().replace("https://staging.example.com", service))
    checked = run("greenlight", "envs", "--check", "staging", cwd=project, env=venv)
    assert checked.returncode == 0 and "answered 200" in checked.stdout, checked.stdout

    prod = {**venv, "APP_URL": service}
    smoke = run("pytest", "--env=prod", cwd=project, env=prod)
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    assert "greenlight: GO - 1/1 smoke scenarios passed on prod (app 1.0.0)" in smoke.stdout
    assert _decision(project) == "go"

    urllib.request.urlopen(urllib.request.Request(f"{service}/break", method="POST"), timeout=10)
    broken = run("pytest", "--env=prod", cwd=project, env=prod)
    assert broken.returncode != 0, broken.stdout
    assert "greenlight: NO-GO" in broken.stdout, broken.stdout
    assert _decision(project) == "no-go"
    verdict = run("greenlight", "verdict", "reports/prod/verdict.json", cwd=project, env=venv)
    assert verdict.returncode != 0 and "NO-GO" in verdict.stdout, verdict.stdout

    report = run("greenlight", "report", "--env", "prod", cwd=project, env=venv)
    assert report.returncode == 0, report.stdout + report.stderr
    assert (project / "reports/prod/allure-report/index.html").is_file(), report.stdout


def test_init_writes_nothing_over_a_teams_files(venv: dict[str, str], tmp_path: Path) -> None:
    mine = tmp_path / "environments.toml"
    mine.write_text("# ours\n")
    refused = run("greenlight", "init", cwd=tmp_path, env=venv)
    assert refused.returncode == 4
    assert "environments.toml" in refused.stderr and "writes nothing" in refused.stderr
    assert mine.read_text() == "# ours\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["environments.toml"]


def _decision(project: Path) -> str:
    return str(json.loads((project / "reports/prod/verdict.json").read_text())["decision"])
