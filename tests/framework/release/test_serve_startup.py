"""``greenlight serve`` refuses to start as an open trigger: no token, no gate."""

from __future__ import annotations

import requests

from tests.framework.release.conftest import Platform
from tests.framework.release.gate_process import TOKEN, TOKEN_ENV, refused, serving

USAGE_ERROR = 4


def one_clear_message(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


def test_it_refuses_to_start_without_a_token(platform: Platform) -> None:
    done = refused(platform)

    assert done.returncode == USAGE_ERROR, done.stdout + done.stderr
    message = one_clear_message(done.stderr)
    assert TOKEN_ENV in message
    assert "--insecure-no-token" in message


def test_an_empty_token_is_no_token(platform: Platform) -> None:
    done = refused(platform, token="  ")

    assert done.returncode == USAGE_ERROR, done.stdout + done.stderr
    assert TOKEN_ENV in one_clear_message(done.stderr)


def test_a_short_token_is_refused_without_showing_it(platform: Platform) -> None:
    done = refused(platform, token="s3cret")

    assert done.returncode == USAGE_ERROR, done.stdout + done.stderr
    assert "too short" in one_clear_message(done.stderr)
    assert "s3cret" not in done.stderr + done.stdout


def test_a_token_given_as_the_variable_name_is_not_echoed(platform: Platform) -> None:
    # Someone who passes the token itself where the variable's name goes.
    done = refused(platform, "--token-env", TOKEN)

    assert done.returncode == USAGE_ERROR, done.stdout + done.stderr
    assert "name of an environment variable" in one_clear_message(done.stderr)
    assert TOKEN not in done.stderr + done.stdout


def test_no_abbreviation_of_token_env_takes_a_token(platform: Platform) -> None:
    done = refused(platform, "--token", TOKEN)

    assert done.returncode == USAGE_ERROR, done.stdout + done.stderr
    assert TOKEN not in done.stderr + done.stdout


def test_insecure_no_token_is_refused_off_loopback(platform: Platform) -> None:
    done = refused(platform, "--insecure-no-token", "--host", "0.0.0.0")

    assert done.returncode == USAGE_ERROR, done.stdout + done.stderr
    message = one_clear_message(done.stderr)
    assert "loopback" in message
    assert "0.0.0.0" in message


def test_insecure_no_token_on_loopback_serves_without_one(platform: Platform) -> None:
    with serving(platform, "--insecure-no-token", token=None) as gate:
        answer = requests.get(f"{gate.url}/decision", timeout=10)

    assert answer.status_code == 404, answer.text  # no decision yet, but no 401 either
    assert answer.json()["decision"] == "none"


def test_an_allowed_environment_must_exist(platform: Platform) -> None:
    done = refused(platform, "--allow-env", "nosuch", token=TOKEN)

    assert done.returncode == USAGE_ERROR, done.stdout + done.stderr
    assert "unknown environment 'nosuch'" in one_clear_message(done.stderr)


def test_an_allowed_target_must_exist(platform: Platform) -> None:
    done = refused(platform, "--allow-target", "purple", token=TOKEN)

    assert done.returncode == USAGE_ERROR, done.stdout + done.stderr
    assert "'purple'" in one_clear_message(done.stderr)
