"""Lean workers: an xdist run without the UI channel starts workers without Playwright.

No worker imports plotting or statistics libraries, nor jsonschema: a worker takes the
configuration its controller checked.

Real pytest runs with two workers; each test notes what its worker had imported.
"""

from __future__ import annotations

import pytest

ENVIRONMENTS = """
[local]
sensitive = false
channels = ["api", "ui"]
services = { shop = "http://127.0.0.1:9" }
"""

SUITE = """
import os
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("n", range(4))
def test_imports(channel, n):
    heavy = [name for name in ("playwright", "pytest_playwright", "matplotlib", "scipy", "jsonschema") if name in sys.modules]
    Path(os.environ["GL_IMPORTS"], f"{os.getpid()}-{n}").write_text(str(heavy or "none"))
"""


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    pytester.makefile(".toml", environments=ENVIRONMENTS)
    pytester.makepyfile(test_imports=SUITE)
    monkeypatch.setenv("GL_IMPORTS", str(pytester.mkdir("imports")))
    return pytester


def imports(project: pytest.Pytester) -> set[str]:
    """What each worker had imported when its tests ran (two workers, four tests)."""
    found = {
        path.name.split("-")[0]: path.read_text() for path in (project.path / "imports").iterdir()
    }
    assert len(found) == 2  # both workers ran tests
    return set(found.values())


def test_an_api_only_run_starts_its_workers_without_playwright(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess("--channel=api", "-n", "2")
    result.assert_outcomes(passed=4)
    assert imports(project) == {"none"}


def test_a_run_with_the_ui_channel_keeps_it(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess("--channel=ui", "-n", "2")
    result.assert_outcomes(passed=4)
    assert imports(project) == {"['playwright', 'pytest_playwright']"}


def test_a_playwright_option_on_the_command_line_keeps_it(project: pytest.Pytester) -> None:
    result = project.runpytest_subprocess("--channel=api", "-n", "2", "--tracing=off")
    result.assert_outcomes(passed=4)
    assert imports(project) == {"['playwright', 'pytest_playwright']"}
