"""The gate answers only its token, only for its environments and targets, and GET runs nothing.

No test here brings the shop up: every request is refused or read-only, so a smoke run
would be a defect, and each test checks that none happened (no verdict file written,
no decision logged).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from tests.framework.release.conftest import Platform
from tests.framework.release.gate_process import (
    FLAGGER,
    OTHER_ENV,
    TOKEN,
    Served,
    bearer,
    serving,
)


@pytest.fixture
def gate(platform: Platform) -> Iterator[Served]:
    platform.configure()
    with platform.environments.open("a") as file:
        file.write(OTHER_ENV)
    with serving(platform, "--allow-target", "blue") as served:
        yield served


def assert_no_run(platform: Platform, gate: Served) -> None:
    assert gate.verdicts(platform.reports) == []
    assert gate.runs_logged() == []


@pytest.mark.parametrize(
    ("method", "path"), [("post", "/gate"), ("post", "/decision"), ("get", "/decision")]
)
def test_no_token_is_401(platform: Platform, gate: Served, method: str, path: str) -> None:
    answer = requests.request(method, f"{gate.url}{path}", json=FLAGGER, timeout=10)

    assert answer.status_code == 401, answer.text
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert answer.json()["decision"] == "no-go"
    assert_no_run(platform, gate)


def test_a_wrong_token_is_401_and_neither_token_is_shown(platform: Platform, gate: Served) -> None:
    wrong = "x" + TOKEN[1:]
    answer = requests.post(f"{gate.url}/gate", json=FLAGGER, headers=bearer(wrong), timeout=10)
    scheme = requests.post(
        f"{gate.url}/gate", json=FLAGGER, headers={"Authorization": f"Basic {TOKEN}"}, timeout=10
    )

    assert answer.status_code == 401, answer.text
    assert "invalid_token" in answer.headers["WWW-Authenticate"]
    assert scheme.status_code == 401, scheme.text
    for text in (answer.text, scheme.text, gate.log()):
        assert TOKEN not in text
        assert wrong not in text
    assert_no_run(platform, gate)


def test_health_needs_no_token_and_says_nothing_else(gate: Served) -> None:
    answer = requests.get(f"{gate.url}/health", timeout=10)

    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}


def test_a_foreign_environment_is_403(platform: Platform, gate: Served) -> None:
    in_body = gate.webhook(timeout=10, env="other")
    in_query = requests.get(f"{gate.url}/decision?env=local", headers=bearer(), timeout=10)

    assert in_body.status_code == 403, in_body.text
    assert in_query.status_code == 403, in_query.text
    assert "'other'" in in_body.json()["reasons"][0]
    # It names what was asked, never what the gate serves or what the file holds.
    assert "shop" not in in_body.text + in_query.text
    assert_no_run(platform, gate)


def test_a_target_not_allowed_is_403(platform: Platform, gate: Served) -> None:
    answer = gate.webhook(timeout=10, target="green")

    assert answer.status_code == 403, answer.text
    assert "'green'" in answer.json()["reasons"][0]
    assert_no_run(platform, gate)


def test_get_on_the_run_path_is_405_and_runs_nothing(platform: Platform, gate: Served) -> None:
    answer = requests.get(f"{gate.url}/gate?target=blue", headers=bearer(), timeout=10)

    assert answer.status_code == 405, answer.text
    assert answer.headers["Allow"] == "POST"
    assert_no_run(platform, gate)


def test_get_decision_before_any_run_says_so_and_runs_nothing(
    platform: Platform, gate: Served
) -> None:
    answer = requests.get(f"{gate.url}/decision?target=blue", headers=bearer(), timeout=10)

    assert answer.status_code == 404, answer.text
    body = answer.json()
    assert body["decision"] == "none"
    assert "no decision yet" in body["reasons"][0]
    assert_no_run(platform, gate)


def test_each_request_is_logged_once_without_secrets(gate: Served) -> None:
    requests.get(f"{gate.url}/decision?target=blue", headers=bearer(), timeout=10)
    requests.post(f"{gate.url}/gate", json=FLAGGER, headers=bearer("nope"), timeout=10)

    log = gate.wait_for_log("POST /gate 401")
    lines = [line for line in log.splitlines() if "/decision" in line or "/gate" in line]
    assert len(lines) == 2, log
    assert "GET /decision 404" in lines[0]
    assert "env=shop" in lines[0] and "target=blue" in lines[0]
    assert "127.0.0.1" in lines[0]
    assert lines[0].rstrip().endswith("s"), lines[0]  # the duration
    assert TOKEN not in log and "nope" not in log
