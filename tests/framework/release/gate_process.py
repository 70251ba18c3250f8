"""A real ``greenlight serve`` process on 127.0.0.1 for the gate's tests, and its log.

    with serving(platform, "--allow-target", "blue") as gate:
        answer = gate.webhook(target="blue")          # POST /gate with the token
        assert answer.status_code == 200
        assert TOKEN not in gate.log()

The token reaches the server the only way it may: in the environment variable
``GREENLIGHT_SERVE_TOKEN``. stderr (the request and decision log) goes to a file the
test reads; stdout's first line says where it listens.
"""

from __future__ import annotations

import secrets
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from tests.framework.release.conftest import GREENLIGHT, ROOT, Platform

TOKEN_ENV = "GREENLIGHT_SERVE_TOKEN"
TOKEN = secrets.token_hex(24)
FLAGGER = {"name": "shop", "namespace": "prod", "phase": "Progressing"}
# A second environment in the same file: a gate for shop must not run it.
OTHER_ENV = """
[other]
sensitive = false
channels = ["api"]
services = { shop = "http://127.0.0.1:9" }
"""


def bearer(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Served:
    url: str
    host: str
    port: int
    log_path: Path

    def webhook(
        self, path: str = "/gate", *, timeout: float = 120, **metadata: str
    ) -> requests.Response:
        """A POST like Flagger's webhook, with the token, ``metadata`` choosing env or target."""
        return requests.post(
            f"{self.url}{path}",
            json={**FLAGGER, "metadata": metadata},
            headers=bearer(),
            timeout=timeout,
        )

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for_log(self, text: str, timeout: float = 60) -> str:
        """The log once it contains ``text`` (a smoke run started, a decision was logged)."""
        deadline = time.monotonic() + timeout
        while text not in (log := self.log()):
            assert time.monotonic() < deadline, f"{text!r} not logged within {timeout}s:\n{log}"
            time.sleep(0.05)
        return log

    def runs_logged(self) -> list[str]:
        """Log lines of smoke runs: one when a run starts, one with its decision."""
        return [line for line in self.log().splitlines() if "smoke run" in line]

    def verdicts(self, reports: Path) -> list[Path]:
        """Verdict files of smoke runs the gate started (none means no run happened)."""
        return sorted(reports.glob("*/gate/*.json"))


def serve_environ(platform: Platform, token: str | None) -> dict[str, str]:
    environ = {key: value for key, value in platform.environ.items() if key != TOKEN_ENV}
    if token is not None:
        environ[TOKEN_ENV] = token
    return environ


def serve_command(platform: Platform, *arguments: str) -> list[str]:
    if not platform.environments.exists():
        platform.configure()
    command = [*GREENLIGHT, "serve", "--env", "shop", "--port", "0", "--host", "127.0.0.1"]
    command += ["--environments", str(platform.environments), "--reports", str(platform.reports)]
    return [*command, *arguments]


@contextmanager
def serving(platform: Platform, *arguments: str, token: str | None = TOKEN) -> Iterator[Served]:
    """``greenlight serve`` with these extra arguments; stopped (SIGTERM) afterwards."""
    log_path = platform.root / f"serve-{secrets.token_hex(4)}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            serve_command(platform, *arguments),
            cwd=ROOT,
            env=serve_environ(platform, token),
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert "greenlight serve: gate for shop on http://" in first, first + log_path.read_text()
        url = first.split(" on ")[1].split()[0]
        host, port = url.removeprefix("http://").rsplit(":", 1)
        yield Served(url=url, host=host, port=int(port), log_path=log_path)
    finally:
        process.terminate()
        process.wait(timeout=15)


def refused(
    platform: Platform, *arguments: str, token: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``greenlight serve`` that must refuse to start; a server still up after 20 s fails."""
    process = subprocess.Popen(
        serve_command(platform, *arguments),
        cwd=ROOT,
        env=serve_environ(platform, token),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        raise AssertionError(f"greenlight serve started instead of refusing:\n{stdout}") from None
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
