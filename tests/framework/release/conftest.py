"""The demo platform for release tests: shop instances behind a real nginx, on free ports.

Each test gets its own state directory, ports and environments file, and everything
it started (nginx, shop instances) is stopped afterwards, even when the test failed.

    platform.up(blue="1.0.0")
    result = platform.release("blue-green", "1.1.0")
    assert platform.public_version() == "1.1.0"
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

ROOT = Path(__file__).resolve().parents[3]
HOOKS = ROOT / "demo" / "hooks"
GREENLIGHT = [sys.executable, "-m", "greenlight.cli"]
TARGETS = ("public", "blue", "green", "canary", "one", "two")
# A small slice of the acceptance suite keeps each gate quick and still checks out.
SUITE = ["tests/acceptance", "-k", "healthy or checking_out_places"]


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def toml_value(value: Any) -> str:
    return json.dumps(value)  # strings, numbers and lists of them are the same in TOML


@dataclass
class Platform:
    root: Path
    ports: dict[str, int]
    environ: dict[str, str]
    release_settings: dict[str, Any] = field(default_factory=dict)

    @property
    def state(self) -> Path:
        return self.root / "platform"

    @property
    def environments(self) -> Path:
        return self.root / "environments.toml"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def hooks(self) -> Path:
        return HOOKS

    def hook(self, *arguments: str) -> str:
        done = subprocess.run(
            [str(HOOKS / arguments[0]), *arguments[1:]],
            env=self.environ,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def up(self, **versions: str) -> None:
        self.hook("up", *(f"{target}={version}" for target, version in versions.items()))

    def build(self, version: str, *shop_arguments: str) -> None:
        self.hook("build", version, *shop_arguments)

    def configure(self, *tables: str, **release: Any) -> None:
        """Write the environments file with this release section (hooks of demo/hooks).

        A key given as None is left out; ``tables`` are more lines at the end of the file
        (``[shop.watch]`` and its keys, say).
        """
        settings = {
            "mode": "deployment",
            "suite": [*SUITE, "--alluredir", str(self.root / "allure")],
            "hook_timeout": 30,
            "gate_timeout": 90,
            "live": f"{HOOKS}/live",
            "deploy": f"{HOOKS}/deploy {{target}} {{version}}",
            "switch": f"{HOOKS}/switch {{target}}",
            "weight": f"{HOOKS}/weight {{target}} {{weight}}",
            "replace": f"{HOOKS}/deploy {{instance}} {{version}}",
            "metric": f"{HOOKS}/metric {{target}}",
            "targets": ["blue", "green"],
            "canary": "canary",
            "steps": [50, 100],
            "interval": 0.2,
            "instances": ["one", "two"],
            "variants": ["blue", "green"],
            "window": 0.2,
            **release,
        }
        settings = {key: value for key, value in settings.items() if value is not None}
        lines = [
            "[defaults]",
            'secrets = { admin_token = "SHOP_ADMIN_TOKEN" }',
            "[shop]",
            "sensitive = false",
            'channels = ["api"]',
            "timeouts = { request = 5, step = 5, scenario = 30 }",
            f'services = {{ shop = "http://127.0.0.1:{self.ports["public"]}" }}',
            "[shop.targets]",
            *(
                f'{name} = {{ shop = "http://127.0.0.1:{port}" }}'
                for name, port in self.ports.items()
                if name != "public"
            ),
            "[shop.release]",
            *(f"{key} = {toml_value(value)}" for key, value in settings.items()),
            *tables,
        ]
        self.environments.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def release(
        self, strategy: str, version: str, *more: str, timeout: float = 150
    ) -> subprocess.CompletedProcess[str]:
        if not self.environments.exists():
            self.configure()
        return subprocess.run(
            [
                *GREENLIGHT,
                "release",
                "--env",
                "shop",
                "--strategy",
                strategy,
                "--version",
                version,
                "--environments",
                str(self.environments),
                "--reports",
                str(self.reports),
                *more,
            ],
            cwd=ROOT,
            env=self.environ,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def record(self) -> dict[str, Any]:
        return dict(json.loads((self.reports / "shop" / "release.json").read_text()))

    def version_of(self, target: str = "public") -> str:
        answer = requests.get(f"http://127.0.0.1:{self.ports[target]}/health", timeout=5)
        answer.raise_for_status()
        return str(answer.json()["version"])

    def public_versions(self, requests_count: int = 12) -> set[str]:
        """Versions users get through nginx over several requests (weights split them)."""
        return {self.version_of() for _ in range(requests_count)}

    def stop(self) -> None:
        subprocess.run([str(HOOKS / "down")], env=self.environ, capture_output=True, timeout=60)
        # If a hook was killed halfway, its pid files still say what to stop.
        for pidfile in [*self.state.glob("instances/*.pid"), self.state / "nginx" / "nginx.pid"]:
            with contextlib.suppress(OSError, ValueError):
                os.kill(int(pidfile.read_text().strip()), signal.SIGKILL)


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[Platform]:
    ports = dict(zip(TARGETS, free_ports(len(TARGETS)), strict=True))
    environ = {
        **os.environ,
        "DEMO_DIR": str(tmp_path / "platform"),
        "DEMO_PYTHON": sys.executable,
        "SHOP_ADMIN_TOKEN": secrets.token_hex(12),
        **{f"DEMO_PORT_{name.upper()}": str(port) for name, port in ports.items()},
    }
    environ.pop("PYTEST_XDIST_WORKER", None)  # the gate's pytest is a run of its own
    box = Platform(root=tmp_path, ports=ports, environ=environ)
    try:
        yield box
    finally:
        box.stop()
