"""``greenlight serve``: the smoke gate over HTTP, as Flagger and Argo Rollouts call it.

These run the smoke suite for real against the shop behind nginx; refusals and limits
that run nothing are in ``test_serve_auth``, ``test_serve_limits`` and ``test_serve_startup``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
import requests

from tests.framework.release.conftest import Platform
from tests.framework.release.gate_process import Served, bearer, serving


@pytest.fixture
def gate(platform: Platform) -> Iterator[Served]:
    """``greenlight serve`` for the platform's environment, blue and green allowed."""
    platform.configure()
    with serving(platform, "--allow-target", "blue", "--allow-target", "green") as served:
        yield served


def test_go_answers_200_and_get_decision_reads_it_back(platform: Platform, gate: Served) -> None:
    platform.up(blue="1.0.0")

    answer = gate.webhook(target="blue")
    last = requests.get(f"{gate.url}/decision?target=blue", headers=bearer(), timeout=10)

    assert answer.status_code == 200, answer.text
    assert answer.json()["decision"] == "go"
    assert answer.json()["target"] == "blue"
    assert answer.json()["headline"].startswith("greenlight: GO - ")
    assert last.status_code == 200, last.text
    assert last.json()["decision"] == "go"
    assert last.json()["run"] == answer.json()["run"]  # the same run, not a new one
    assert len(gate.runs_logged()) == 2  # started, decided: once


def test_no_go_answers_503_with_the_reasons(platform: Platform, gate: Served) -> None:
    platform.build("1.2.0", "--fault", "checkout-error")
    platform.up(blue="1.2.0")

    answer = gate.webhook(target="blue")

    assert answer.status_code == 503
    body = answer.json()
    assert body["decision"] == "no-go"
    assert body["reasons"], body
    # The same words as the terminal's last line: root cause first, then what to do.
    assert body["headline"].startswith("greenlight: NO-GO - "), body
    assert "scenarios failed" in body["headline"] and "; next: " in body["headline"]
    # The gate's log says the same line.
    assert body["headline"] in gate.runs_logged()[-1]


def test_callers_of_a_running_target_share_its_run_and_others_are_told_busy(
    platform: Platform, gate: Served
) -> None:
    platform.build("1.2.0", "--fault", "checkout-error")
    platform.up(blue="1.2.0")
    answers: dict[str, requests.Response] = {}

    def ask(name: str, path: str, target: str) -> None:
        answers[name] = gate.webhook(path, target=target)

    # Argo Rollouts' web metric POSTs /decision: 200 with the decision in the body, since
    # Argo counts a 5xx as an error of the measurement, not a failure.
    first = threading.Thread(target=ask, args=("argo", "/decision", "blue"))
    first.start()
    try:
        gate.wait_for_log("smoke run 1 started")
        ask("flagger", "/gate", "blue")  # the same target while run 1 runs: shares it
    finally:
        first.join(timeout=120)
    ask("later", "/gate", "blue")  # nothing runs now: a run of its own, never a stale answer

    argo, flagger = answers["argo"], answers["flagger"]
    assert argo.status_code == 200, argo.text
    assert argo.json()["decision"] == "no-go"
    assert flagger.status_code == 503, flagger.text
    assert flagger.json()["decision"] == "no-go"
    assert flagger.json()["run"] == argo.json()["run"] == 1
    assert answers["later"].json()["run"] == 2
    assert len(gate.runs_logged()) == 4, gate.log()  # two runs: started, decided


def test_another_target_while_one_runs_is_409_with_retry_after(
    platform: Platform, gate: Served
) -> None:
    platform.build("1.2.0", "--fault", "checkout-error")
    platform.up(blue="1.2.0")
    first: list[requests.Response] = []
    running = threading.Thread(target=lambda: first.append(gate.webhook(target="blue")))
    running.start()
    try:
        gate.wait_for_log("smoke run 1 started")
        busy = gate.webhook(timeout=10, target="green")
    finally:
        running.join(timeout=120)

    assert busy.status_code == 409, busy.text
    assert busy.json()["decision"] == "busy"
    assert int(busy.headers["Retry-After"]) > 0
    assert first and first[0].status_code == 503
