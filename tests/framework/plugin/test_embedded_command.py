"""The embedded command: split first, then filled in; the system dies with the run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from greenlight.config import load_environment
from greenlight.config.environment import Environment
from greenlight.errors import ConfigError
from greenlight.plugin.embedded import EmbeddedSystem
from greenlight.probes.health import system_version

FILE = """
[local]
sensitive = false
channels = ["api"]
[local.embedded]
command = "{command}"
service = "shop"
ready_timeout = 15
"""


def environment(tmp_path: Path, command: str) -> Environment:
    path = tmp_path / "environments.toml"
    path.write_text(FILE.replace("{command}", command))
    return load_environment(path, "local", os.environ)


def test_a_workdir_with_spaces_and_braces_stays_one_argument(tmp_path: Path) -> None:
    env = environment(tmp_path, "{python} -m sut --port 0 --db {workdir}/shop.db --version {{1}}")
    workdir = tmp_path / "my {run} dir"

    system = EmbeddedSystem.start(env, workdir=workdir)
    try:
        # {{ and }}: literal braces (the health answer as it is: "{1}" is no plain version)
        assert requests.get(system.url + env.health_path, timeout=5).json()["version"] == "{1}"
        assert system_version(system.url, env.health_path) is None
        assert (workdir / "shop.db").exists()
    finally:
        system.stop()
    assert system.process.poll() is not None


def test_an_unknown_placeholder_in_the_command_is_a_config_error(tmp_path: Path) -> None:
    env = environment(tmp_path, "{python} -m sut --port 0 --db {wrkdir}/shop.db")

    with pytest.raises(ConfigError, match=r"\[local.embedded\].command: unknown placeholder"):
        EmbeddedSystem.start(env, workdir=tmp_path / "run")


STARTER = """
import os, sys, time
from pathlib import Path
from greenlight.config import load_environment
from greenlight.plugin.embedded import EmbeddedSystem
env = load_environment(Path(sys.argv[1]), "local", os.environ)
system = EmbeddedSystem.start(env, workdir=Path(sys.argv[2]))
print(system.process.pid, flush=True)
time.sleep(60)
"""


def test_the_system_dies_with_a_run_killed_outright(tmp_path: Path) -> None:
    environment(tmp_path, "{python} -m sut --port 0 --db {workdir}/shop.db")
    run = subprocess.Popen(
        [sys.executable, "-c", STARTER, str(tmp_path / "environments.toml"), str(tmp_path / "w")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert run.stdout is not None
        shop = int(run.stdout.readline())
        run.send_signal(signal.SIGKILL)  # no teardown runs
        run.wait(10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(shop, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
        os.kill(shop, signal.SIGKILL)
        pytest.fail("the embedded system outlived the run that started it")
    finally:
        run.kill()
