"""``greenlight init`` in process: every placeholder filled, and bad folders refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenlight.cli import main
from greenlight.scaffold.writer import write_project


def test_every_placeholder_is_filled_and_githubs_own_are_kept(tmp_path: Path) -> None:
    written = write_project(tmp_path / "My Shop")
    texts = {str(path): (tmp_path / "My Shop" / path).read_text() for path in written}
    assert all("{{name}}" not in text and "{{requirement}}" not in text for text in texts.values())
    assert 'name = "my-shop-acceptance"' in texts["pyproject.toml"]
    assert "${{ vars.APP_URL }}" in texts[".github/workflows/release.yml"]
    assert 'services = { app = "${APP_URL}" }' in texts["environments.toml"]


def test_a_file_is_no_project_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "taken").write_text("")
    assert main(["init", str(tmp_path / "taken")]) == 4
    assert "is a file" in capsys.readouterr().err
