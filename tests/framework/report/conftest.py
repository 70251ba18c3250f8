"""A small project with an embedded shop, and helpers that read Allure results."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from greenlight.report.release_checks import SUITE

PLANTED_SECRET = "planted-admin-token-7f3k9q"

ENVIRONMENTS = """
[local]
sensitive = false
channels = ["api"]
secrets = { admin_token = "SHOP_ADMIN_TOKEN" }
links = { issue = "https://tracker.example.com/issues/{}" }

[local.embedded]
command = "{python} -m sut --host 127.0.0.1 --port 0 --db {workdir}/shop.db"
service = "shop"
ready_timeout = 15
"""

FEATURE = """
Feature: Health
  The shop says how it is.

  @smoke @issue:42
  Scenario: The shop is healthy
    Given the shop
    When the operator asks how it is
    Then it says ok

  Scenario: The shop has no such page
    Given the shop
    When the operator asks for a page that does not exist

  Scenario: A step breaks
    Given the shop
    When a step breaks
"""

STEPS = """
import pytest
from pytest_bdd import given, scenarios, then, when

from greenlight import verb

scenarios("health.feature")


class Operator:
    aliased_params = ("customer",)

    def __init__(self, http, token, aliases):
        self.http, self.token, self.aliases = http, token, aliases
        self.status = None

    @verb
    def ask_health(self, *, customer):
        answer = self.http.call("GET", "/health", headers={"Authorization": "Bearer " + self.token})
        self.status = answer.json()["status"]

    @verb
    def ask_missing(self):
        self.http.call("GET", "/api/missing", params={"token": self.token})


@pytest.fixture
def operator(http_client, greenlight_env, aliases):
    return Operator(http_client, greenlight_env.secrets["admin_token"], aliases)


@given("the shop")
def _(operator):
    pass


@when("the operator asks how it is")
def _(operator):
    operator.ask_health(customer="olive")


@then("it says ok")
def _(operator):
    assert operator.status == "ok"


@when("the operator asks for a page that does not exist")
def _(operator):
    operator.ask_missing()


@when("a step breaks")
def _(operator):
    raise RuntimeError("the step itself is wrong")
"""


GITHUB = {
    "GITHUB_ACTIONS": "true",
    "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_REPOSITORY": "acme/shop",
    "GITHUB_RUN_ID": "987",
    "GITHUB_RUN_NUMBER": "12",
    "GITHUB_WORKFLOW": "deploy",
    "GITHUB_SHA": "abc123",
}


def write_project(folder: Path) -> Path:
    """Three scenarios against an embedded shop: one passes, one fails, one is broken."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pytest.ini").write_text("[pytest]\naddopts = -p no:cacheprovider\n")
    (folder / "environments.toml").write_text(ENVIRONMENTS)
    (folder / "health.feature").write_text(FEATURE)
    (folder / "test_health.py").write_text(STEPS)
    return folder


def run_pytest(folder: Path, *args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    """pytest in its own process, with the planted secret as the shop's admin token."""
    env = {**os.environ, "SHOP_ADMIN_TOKEN": PLANTED_SECRET, **environ}
    # This suite's own CI variables must not leak into the project's executor.json.
    for name in [name for name in env if name.startswith(("GITHUB_", "GITLAB_", "CI"))]:
        if name not in environ:
            del env[name]
    return subprocess.run(
        [sys.executable, "-m", "pytest", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def one_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One run of the project as if on GitHub Actions; the project folder."""
    folder = write_project(tmp_path_factory.mktemp("shop"))
    done = run_pytest(folder, **GITHUB)
    assert_outcomes(done, passed=1, failed=2)
    return folder


def assert_outcomes(done: subprocess.CompletedProcess[str], **expected: int) -> None:
    summary = pytest.RunResult(done.returncode, done.stdout.splitlines(), [], 0).parseoutcomes()
    assert {key: summary.get(key, 0) for key in expected} == expected, done.stdout + done.stderr


def scenario_results(folder: Path) -> list[dict[str, Any]]:
    """The results of an allure-results folder the tests wrote, not greenlight's release checks."""
    found = [json.loads(path.read_text()) for path in folder.glob("*-result.json")]
    return [data for data in found if {"name": "suite", "value": SUITE} not in data["labels"]]


def results(folder: Path) -> dict[str, dict[str, Any]]:
    """The test results of an allure-results folder, by title."""
    return {data["name"]: data for data in scenario_results(folder)}


def labels(result: dict[str, Any]) -> dict[str, list[str]]:
    by_name: dict[str, list[str]] = {}
    for label in result["labels"]:
        by_name.setdefault(label["name"], []).append(label["value"])
    return by_name


def steps(result: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Every step with its depth (1 for the test's own steps)."""

    def walk(items: list[dict[str, Any]], depth: int) -> Iterator[tuple[int, dict[str, Any]]]:
        for step in items:
            yield depth, step
            yield from walk(step.get("steps", []), depth + 1)

    return walk(result.get("steps", []), 1)


def attachment_names(result: dict[str, Any]) -> list[str]:
    names = [a["name"] for a in result.get("attachments", [])]
    for _, step in steps(result):
        names += [a["name"] for a in step.get("attachments", [])]
    return names


def files_containing(root: Path, text: str) -> list[Path]:
    """Files under root whose bytes hold text, zip archives (Playwright traces) opened."""
    import zipfile

    needle = text.encode()
    hits = []
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if needle in data:
            hits.append(path)
        elif zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                if any(needle in archive.read(name) for name in archive.namelist()):
                    hits.append(path)
    return hits


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` served over HTTP on 127.0.0.1, as static pages would serve it; its URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def report_page(page: Any) -> Any:
    """pytest-playwright's page (greenlight points it at the machine's Chromium), report-sized."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.set_default_timeout(15_000)
    return page
