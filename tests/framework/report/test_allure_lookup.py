"""``greenlight report`` finds Allure 3 in any project, or says the one command to install it.

A fake ``allure`` stands in here for the lookup only: it records that it ran; the real
build is tested with the project's Allure in test_report_in_browser.py.
"""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest

from greenlight.cli import main
from greenlight.errors import USAGE_ERROR
from greenlight.report import allure_cli

# Writes the index.html Allure would, so the build goes on to the verdict step.
FAKE_ALLURE = f"""#!{sys.executable}
import json, pathlib, sys
pathlib.Path(sys.argv[0]).with_name("ran").write_text(" ".join(sys.argv[1:]))
config = json.loads(pathlib.Path(sys.argv[sys.argv.index("--config") + 1]).read_text())
out = pathlib.Path(config["output"])
out.mkdir(parents=True, exist_ok=True)
(out / "index.html").write_text("<html><body>fake</body></html>")
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with one run's results, no node_modules, and a PATH of an empty folder."""
    results = tmp_path / "shop" / "reports" / "local" / "allure-results"
    results.mkdir(parents=True)
    (results / "x-result.json").write_text("{}")
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("GREENLIGHT_ALLURE", raising=False)
    monkeypatch.chdir(tmp_path / "shop")
    return tmp_path / "shop"


def test_without_allure_the_message_names_the_npm_command(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "package.json").write_text(json.dumps({"devDependencies": {"allure": "~3.17.2"}}))
    assert main(["report"]) == USAGE_ERROR
    err = capsys.readouterr().err
    assert f"cd {project} && npm install --save-dev allure@3.17.2" in err
    assert "scripts/setup" not in err and "Traceback" not in err


def test_without_a_package_json_it_names_greenlights_version(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report"]) == USAGE_ERROR
    assert f"npm install --save-dev allure@{allure_cli.DEFAULT_VERSION}" in capsys.readouterr().err


def test_an_allure_on_path_is_the_one_used(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = tmp_path / "bin" / "allure"
    fake.write_text(FAKE_ALLURE)
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    assert allure_cli.find_allure(project) == [str(fake)]
    assert main(["report"]) == 0
    assert (tmp_path / "bin" / "ran").read_text().startswith("generate --config ")
    assert "report: reports/local/allure-report/index.html" in capsys.readouterr().out


def test_the_lock_files_version_wins_over_the_manifests_range(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text(json.dumps({"devDependencies": {"allure": "^3.0.0"}}))
    lock = {"packages": {"node_modules/allure": {"version": "3.18.1"}}}
    (tmp_path / "package-lock.json").write_text(json.dumps(lock))
    (tmp_path / "sub").mkdir()
    assert allure_cli.pinned_version(tmp_path / "sub") == "3.18.1"


def test_npx_is_used_when_it_can_run_the_pinned_version(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    npx = tmp_path / "bin" / "npx"
    npx.write_text("#!/bin/sh\nexit 0\n")
    npx.chmod(npx.stat().st_mode | stat.S_IXUSR)
    (project / "package.json").write_text(json.dumps({"devDependencies": {"allure": "3.18.0"}}))
    assert allure_cli.find_allure(project) == [str(npx), "--yes", "allure@3.18.0"]
