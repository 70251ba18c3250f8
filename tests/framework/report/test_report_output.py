"""``greenlight report --output``: replaces only a folder greenlight made, writes only under plain names.

Allure is stood in for by a small script that writes the ``index.html`` it is asked
for, so these tests are about which folders the command may replace.
"""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest

from greenlight.cli import main
from greenlight.errors import USAGE_ERROR, ConfigError
from greenlight.report.results_dir import MARKER, reports_dir

FAKE_ALLURE = f"""#!{sys.executable}
import json, pathlib, sys
config = json.loads(pathlib.Path(sys.argv[sys.argv.index("--config") + 1]).read_text())
out = pathlib.Path(config["output"])
out.mkdir(parents=True)
(out / "index.html").write_text("<html><body>report</body></html>")
"""


@pytest.fixture
def results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    allure = tmp_path / "allure"
    allure.write_text(FAKE_ALLURE)
    allure.chmod(allure.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("GREENLIGHT_ALLURE", str(allure))
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "allure-results"
    folder.mkdir()
    (folder / "1-result.json").write_text(json.dumps({"name": "x", "status": "passed"}))
    return folder


def test_a_report_greenlight_builds_carries_the_marker_and_is_replaced_next_time(
    results: Path, tmp_path: Path
) -> None:
    output = tmp_path / "site"
    assert main(["report", "--results", str(results), "--output", str(output)]) == 0
    assert (output / "index.html").is_file()
    assert (output / MARKER).is_file()
    (output / "stale.txt").write_text("from the last build")
    assert main(["report", "--results", str(results), "--output", str(output)]) == 0
    assert not (output / "stale.txt").exists()
    assert (output / MARKER).is_file()


def test_a_foreign_folder_with_an_index_html_is_left_intact(
    results: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "docs-site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<h1>the team's own site</h1>")
    (site / "assets" / "logo.svg").write_text("<svg/>")
    code = main(["report", "--results", str(results), "--output", str(site)])
    assert code == USAGE_ERROR
    err = capsys.readouterr().err
    assert f"{site} is not a report folder greenlight built (no {MARKER} in it)" in err
    assert "choose another --output, or empty the folder" in err
    assert "Traceback" not in err
    assert (site / "index.html").read_text() == "<h1>the team's own site</h1>"
    assert (site / "assets" / "logo.svg").read_text() == "<svg/>"


def test_an_empty_folder_may_be_used(results: Path, tmp_path: Path) -> None:
    output = tmp_path / "empty"
    output.mkdir()
    assert main(["report", "--results", str(results), "--output", str(output)]) == 0
    assert (output / MARKER).is_file()


def test_a_file_in_place_of_the_output_folder_is_refused(
    results: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "notes.txt"
    output.write_text("mine")
    assert main(["report", "--results", str(results), "--output", str(output)]) == USAGE_ERROR
    assert output.read_text() == "mine"
    assert "is not a folder" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["../x", "..", "a/b", "/tmp/x", ""])
def test_an_environment_name_that_is_no_plain_name_never_becomes_a_path(
    results: Path, tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--env", name]) == USAGE_ERROR
    assert "not a valid environment name" in capsys.readouterr().err
    with pytest.raises(ConfigError, match="not a valid environment name"):
        reports_dir(tmp_path, name)
    assert not (tmp_path / "x").exists()
