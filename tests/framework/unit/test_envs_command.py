"""``greenlight envs``: listing with secrets masked, checking one, usage errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenlight.cli import main
from tests.framework.e2e.conftest import PLANTED_SECRET, RunningShop

FILE = """
[local]
sensitive = false
secrets = { token = "GL_TEST_TOKEN" }
[local.embedded]
command = "{python} -m sut --port 0"
service = "shop"

[prod]
services = { shop = "${GL_TEST_URL}" }
secrets = { token = "GL_TEST_TOKEN" }
targets = { blue = { shop = "http://127.0.0.1:1" } }

[[prod.probes]]
name = "health"
kind = "health"
"""


@pytest.fixture
def environments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "environments.toml"
    path.write_text(FILE)
    monkeypatch.setenv("GL_TEST_TOKEN", PLANTED_SECRET)
    return path


def test_envs_lists_every_environment_with_secrets_masked(
    environments: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GL_TEST_URL", "https://shop.example")
    assert main(["envs", "--environments", str(environments)]) == 0
    out = capsys.readouterr().out
    assert (
        "local      embedded  not sensitive  channels api  shop=(started by greenlight)  secrets token=***"
        in out
    )
    assert (
        "prod       remote    SENSITIVE      channels api  shop=https://shop.example  targets blue  secrets token=***"
        in out
    )
    assert PLANTED_SECRET not in out


def test_envs_shows_an_unusable_environment_without_failing(
    environments: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GL_TEST_URL", raising=False)
    assert main(["envs", "--environments", str(environments)]) == 0
    assert (
        "prod       NOT USABLE: [prod] needs environment variable GL_TEST_URL (used in services.shop)"
        in capsys.readouterr().out
    )


def test_check_pings_the_health_endpoint(
    environments: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    shop_server: RunningShop,
) -> None:
    monkeypatch.setenv("GL_TEST_URL", shop_server.url)
    assert main(["envs", "--environments", str(environments), "--check", "prod"]) == 0
    assert (
        f"prod: shop {shop_server.url}/health answered 200 (status ok, version 1.0.0)"
        in capsys.readouterr().out
    )
    monkeypatch.setenv("GL_TEST_URL", "http://127.0.0.1:9")
    assert main(["envs", "--environments", str(environments), "--check", "prod"]) == 1
    assert (
        "prod: shop http://127.0.0.1:9/health did not answer: ConnectionError"
        in capsys.readouterr().out
    )


def test_an_unknown_environment_is_a_usage_error(
    environments: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["envs", "--environments", str(environments), "--check", "stage"]) == 4
    assert capsys.readouterr().err == (
        f"greenlight: error: {environments}: unknown environment 'stage'; known environments: local, prod\n"
    )


def test_a_bad_command_line_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["nonsense"])
    assert raised.value.code == 4
    assert "invalid choice: 'nonsense'" in capsys.readouterr().err


def test_check_validates_the_probe_tables(
    environments: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GL_TEST_URL", "http://127.0.0.1:9")
    environments.write_text(environments.read_text().replace('kind = "health"', 'kind = "helth"'))
    assert main(["envs", "--environments", str(environments), "--check", "prod"]) == 4
    assert "helth" in capsys.readouterr().err
