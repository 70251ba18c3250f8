"""``${VAR}`` in the embedded command: one argument, plain text; never an option, never a placeholder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests

from greenlight.config import load_environment
from greenlight.plugin.embedded import EmbeddedSystem
from tests.framework.verdict.conftest import SUITE, last_line, verdict_of

# The reference shop's own command, as environments.toml writes it.
COMMAND = "{python} -m sut --host 127.0.0.1 --port 0 --db {db} --version ${SHOP_VERSION:-1.0.0}"
FAULT = "1.0.0 --fault checkout-error"


def environments(folder: Path, db: str = "{workdir}/shop.db") -> Path:
    path = folder / "environments.toml"
    path.write_text(
        '[local]\nsensitive = false\nchannels = ["api"]\n'
        f'[local.embedded]\ncommand = "{COMMAND.replace("{db}", db)}"\nservice = "shop"\n'
    )
    return path


def test_a_version_with_an_option_in_it_starts_no_fault(tmp_path: Path) -> None:
    env = load_environment(environments(tmp_path), "local", {**os.environ, "SHOP_VERSION": FAULT})

    system = EmbeddedSystem.start(env, workdir=tmp_path / "run")
    try:
        answer = requests.get(system.url + "/health", timeout=5).json()
        log = system.log.read_text()
    finally:
        system.stop()

    assert answer["version"] == FAULT  # the whole value, one argument
    assert f"version {FAULT}, faults: none" in log


def test_a_run_with_that_version_is_a_no_go_for_its_version_not_for_a_fault(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    environments(pytester.path)
    pytester.makepyfile(test_smoke=SUITE)
    monkeypatch.setenv("SHOP_VERSION", FAULT)

    result = pytester.runpytest_subprocess()

    result.assert_outcomes(passed=2)  # the checkout works: the shop has no fault
    verdict = verdict_of(pytester)
    assert verdict["reasons"] == [
        "health: the system reports a version that is not a plain version string: "
        f'"{FAULT}"; check its health endpoint'
    ]
    assert last_line(result).startswith(
        "greenlight: NO-GO - 2/2 scenarios passed on local (shop version unknown) - health: "
    )


def test_a_value_with_braces_is_plain_text(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    environments(pytester.path, db="${SHOP_DB}")
    pytester.makepyfile(test_smoke=SUITE)
    database = pytester.path / "data {workdir} }{" / "shop.db"
    database.parent.mkdir()
    monkeypatch.setenv("SHOP_DB", str(database))
    monkeypatch.delenv("SHOP_VERSION", raising=False)

    result = pytester.runpytest_subprocess()

    output = result.stdout.str() + result.stderr.str()
    assert "INTERNALERROR" not in output
    assert result.ret == 0, output
    assert database.exists()  # the path as given: {workdir} is no placeholder there
    assert last_line(result).startswith("greenlight: GO")
