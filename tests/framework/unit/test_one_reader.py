"""One reader each for the system's version, the git commit and the verdict file.

Every caller gives the same answer for the same input: the verdict, the report's
``environment.properties``, a release's version check and ``greenlight envs --check``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from greenlight.cli import main
from greenlight.config import load_environment
from greenlight.errors import USAGE_ERROR
from greenlight.probes.health import system_version
from greenlight.release.gate import judge
from greenlight.release.steps import Steps
from greenlight.report import report_files, verdict_page
from greenlight.report.report_files import git_commit
from greenlight.verdict.file import UnreadableVerdict, read_verdict
from tests.framework.verdict.test_verdict_command import document


class HealthServer:
    """Answers /health with whatever body the test sets."""

    def __init__(self) -> None:
        self.body = b"{}"
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Length", str(len(server.body)))
                self.end_headers()
                self.wfile.write(server.body)

            def log_message(self, *args: Any) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        threading.Thread(target=self.http.serve_forever, daemon=True).start()


@pytest.fixture
def health() -> Iterator[HealthServer]:
    server = HealthServer()
    yield server
    server.http.shutdown()


@pytest.fixture
def environments(tmp_path: Path, health: HealthServer) -> Path:
    path = tmp_path / "environments.toml"
    path.write_text(f'[prod]\nservices = {{ shop = "{health.url}" }}\n')
    return path


ANSWERS = [
    ({"status": "ok"}, None),
    ({"status": "ok", "version": None}, None),
    ({"status": "ok", "version": "2.1.0"}, "2.1.0"),
    ({"status": "ok", "version": 3}, "3"),
    ({"status": "ok", "version": ["2"]}, None),
    (["not", "an", "object"], None),
    ("not json", None),
]


@pytest.mark.parametrize(("body", "version"), ANSWERS)
def test_every_reader_of_the_version_agrees(
    body: Any,
    version: str | None,
    health: HealthServer,
    environments: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    health.body = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    env = load_environment(environments, "prod", {})

    assert system_version(env.base_url, env.health_path) == version
    # A release's version check (it needs only the environment).
    assert Steps.version_of(SimpleNamespace(env=env), None) == version  # type: ignore[arg-type]
    # The report's environment.properties shows "unknown" for no version, never "None".
    report_files.write_all(tmp_path / "results", env, {}, tmp_path)
    properties = (tmp_path / "results" / "environment.properties").read_text()
    assert f"system.version={version or 'unknown'}\n" in properties
    # greenlight envs --check, when the answer is a JSON object.
    assert main(["envs", "--environments", str(environments), "--check", "prod"]) == 0
    out = capsys.readouterr().out
    if isinstance(body, dict):
        assert f"version {version or 'unknown'})" in out


def test_no_answer_is_no_version() -> None:
    assert system_version("http://127.0.0.1:1", "/health", timeout=1) is None
    assert system_version("", "/health") is None


def test_the_report_and_the_verdict_name_the_same_commit(
    health: HealthServer, environments: Path, tmp_path: Path
) -> None:
    env = load_environment(environments, "prod", {})
    for environ, commit in [({"GITHUB_SHA": "deadbeef"}, "deadbeef"), ({}, None)]:
        # No checkout: the CI's variable, when there is one.
        report_files.write_all(tmp_path / "results", env, environ, tmp_path)
        properties = (tmp_path / "results" / "environment.properties").read_text()

        assert git_commit(tmp_path, environ) == commit
        assert f"git.commit={commit or 'unknown'}\n" in properties


def test_the_git_commit_of_a_checkout(tmp_path: Path) -> None:
    import subprocess

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(
        [
            "git",
            "-C",
            str(tmp_path),
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "x",
        ],
        check=True,
    )
    head = subprocess.run(
        ["git", "-C", str(tmp_path), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    assert git_commit(tmp_path, {"GITHUB_SHA": "deadbeef"}) == head  # what ran


BAD_VERDICTS = {
    "missing": None,
    "not json": "{",
    "no verdict": json.dumps({"decision": "go", "reasons": []}),  # looks like one, is not
    "wrong decision": json.dumps(document(decision="maybe")),
}


@pytest.mark.parametrize("case", sorted(BAD_VERDICTS))
def test_a_bad_verdict_file_is_the_same_error_everywhere_and_never_a_go(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "verdict.json"
    content = BAD_VERDICTS[case]
    if content is not None:
        path.write_text(content)
    with pytest.raises(UnreadableVerdict) as raised:
        read_verdict(path)
    problem = str(raised.value)
    assert problem.startswith(f"{path}: ")

    # The smoke gate of a release, even when pytest exited 0.
    decision, reasons = judge(path, 0, 60)
    assert (decision, reasons) == ("no-go", [f"no verdict: the smoke run exited with 0; {problem}"])
    # greenlight verdict.
    assert main(["verdict", str(path)]) == USAGE_ERROR
    assert capsys.readouterr().err == f"greenlight: error: {problem}\n"
    # The report's verdict page: no verdict is no banner; a bad one is the same error.
    if case == "missing":
        assert verdict_page.read_verdict(path) is None
    else:
        with pytest.raises(UnreadableVerdict) as again:
            verdict_page.read_verdict(path)
        assert str(again.value) == problem


def test_a_valid_verdict_reads_the_same_everywhere(tmp_path: Path) -> None:
    path = tmp_path / "verdict.json"
    path.write_text(json.dumps(document("go")))

    assert read_verdict(path) == verdict_page.read_verdict(path) == document("go")
    assert judge(path, 0, 60) == ("go", [])
    assert main(["verdict", str(path)]) == 0
