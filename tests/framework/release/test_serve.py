"""``greenlight serve``: the smoke gate over HTTP, as Flagger and Argo Rollouts call it."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Iterator

import pytest
import requests

from tests.framework.release.conftest import GREENLIGHT, ROOT, Platform

FLAGGER = {"name": "shop", "namespace": "prod", "phase": "Progressing"}


@pytest.fixture
def gate(platform: Platform) -> Iterator[str]:
    """``greenlight serve`` for the platform's environment; yields its base URL."""
    platform.configure()
    command = [*GREENLIGHT, "serve", "--env", "shop", "--port", "0"]
    command += ["--environments", str(platform.environments), "--reports", str(platform.reports)]
    process = subprocess.Popen(
        command, cwd=ROOT, env=platform.environ, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert "greenlight serve: gate for shop on http://" in first, first
        yield first.split(" on ")[1].split()[0]
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_go_answers_200(platform: Platform, gate: str) -> None:
    platform.up(blue="1.0.0")

    answer = requests.post(
        f"{gate}/gate", json={**FLAGGER, "metadata": {"target": "blue"}}, timeout=120
    )

    assert answer.status_code == 200, answer.text
    assert answer.json()["decision"] == "go"
    assert answer.json()["target"] == "blue"


def test_no_go_answers_503_with_the_reasons(platform: Platform, gate: str) -> None:
    platform.build("1.2.0", "--fault", "checkout-error")
    platform.up(blue="1.2.0")

    answer = requests.post(
        f"{gate}/gate", json={**FLAGGER, "metadata": {"target": "blue"}}, timeout=120
    )

    assert answer.status_code == 503
    body = answer.json()
    assert body["decision"] == "no-go"
    assert body["reasons"], body


def test_a_second_request_while_one_runs_is_told_busy(platform: Platform, gate: str) -> None:
    platform.build("1.2.0", "--fault", "checkout-error")
    platform.up(blue="1.2.0")
    first: list[requests.Response] = []
    # Argo Rollouts' web metric asks /decision: 200 with the decision in the body, since
    # Argo counts a 5xx as an error of the measurement, not a failure.
    running = threading.Thread(
        target=lambda: first.append(
            requests.get(f"{gate}/decision", params={"target": "blue"}, timeout=120)
        )
    )
    running.start()
    try:
        time.sleep(0.5)  # the first smoke run takes seconds
        second = requests.post(f"{gate}/gate", json=FLAGGER, timeout=120)
    finally:
        running.join(timeout=120)

    assert second.status_code == 409
    assert second.json()["decision"] == "busy"
    assert first and first[0].status_code == 200
    assert first[0].json()["decision"] == "no-go"


def test_an_unknown_target_is_a_bad_request(gate: str) -> None:
    answer = requests.post(f"{gate}/gate", json={**FLAGGER, "metadata": {"target": "purple"}})

    assert answer.status_code == 400
    assert "has no target 'purple'" in answer.json()["reasons"][0]
