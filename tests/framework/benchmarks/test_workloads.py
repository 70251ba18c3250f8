"""The benchmark workloads do the work they are timed for; no timings are checked here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks.gate_case import burst, serving, webhook
from benchmarks.harness import BenchmarkFailed, Command, running_shop
from benchmarks.nogo_case import ADMIN_TOKEN, FAILING, FAULT, SMOKE
from benchmarks.startup_case import GENERATED, copy_reference_suite, write_reference_copy
from benchmarks.ui_workloads import write_greenlight_ui
from benchmarks.workloads import (
    RUNNING,
    SHOP_URL_VARIABLE,
    write_greenlight_api,
    write_plain_bdd,
    write_plain_pytest,
)

PYTEST = (sys.executable, "-m", "pytest", "-q")
SCENARIOS = 5


def test_every_api_workload_passes_the_same_scenarios_against_the_shop(tmp_path: Path) -> None:
    greenlight = write_greenlight_api(tmp_path / "greenlight", scenarios=SCENARIOS, shop=RUNNING)
    plain_bdd = write_plain_bdd(tmp_path / "plain-bdd", scenarios=SCENARIOS)
    plain = write_plain_pytest(tmp_path / "plain", scenarios=SCENARIOS)
    with running_shop(tmp_path / "shop") as url:
        shop = {SHOP_URL_VARIABLE: url}
        runs = [
            Command((*PYTEST, "--env", "bench"), cwd=greenlight, env=shop),
            Command((*PYTEST, "-p", "no:greenlight"), cwd=plain_bdd, env=shop),
            Command((*PYTEST, "-p", "no:greenlight"), cwd=plain),
        ]
        for command in runs:
            command.run()
    assert [command.last_count for command in runs] == [SCENARIOS] * len(runs)


def test_a_run_that_passes_fewer_tests_than_expected_is_no_measurement(tmp_path: Path) -> None:
    plain = write_plain_pytest(tmp_path / "plain", scenarios=2)
    with pytest.raises(BenchmarkFailed, match="did not pass exactly 3 tests"):
        Command((*PYTEST, "-p", "no:greenlight"), cwd=plain, passed=3).run()


def test_the_reference_copy_collects_the_same_tests_with_and_without_greenlight(
    tmp_path: Path,
) -> None:
    project = write_reference_copy(tmp_path / "reference")
    collect = (*PYTEST, "--collect-only", "tests/acceptance")
    bare = Command((*collect, "-p", "no:greenlight"), cwd=project)
    greenlight = Command((*collect, "--env", "local", "--channel", "api"), cwd=project)
    bare.run()
    greenlight.run()
    assert bare.last_count == greenlight.last_count
    assert greenlight.last_count is not None and greenlight.last_count > GENERATED


def test_the_ui_workload_collects_one_journey_per_scenario_on_the_ui_channel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SHOP_URL_VARIABLE, "http://127.0.0.1:9")
    project = write_greenlight_ui(tmp_path / "ui", scenarios=3)
    command = Command((*PYTEST, "--collect-only", "--env", "bench"), cwd=project, collected=3)
    command.run()
    assert "[ui]" in (project / "last-run.log").read_text()


def test_the_no_go_workload_fails_on_the_checkout_and_stops_there(tmp_path: Path) -> None:
    project = copy_reference_suite(tmp_path / "b6")
    with running_shop(tmp_path / "shop", FAULT, admin_token=ADMIN_TOKEN) as url:
        shop = {"SHOP_PROD_URL": url, "SHOP_ADMIN_TOKEN": ADMIN_TOKEN}
        alone = Command((*SMOKE, "-k", FAILING), cwd=project, returncode=1, env=shop)
        alone.run()
        output = (project / "last-run.log").read_text()
    assert "1 failed" in output and "greenlight: NO-GO" in output
    assert "synthetic_purchase" in output


def test_the_gate_workload_answers_a_webhook_and_a_burst(tmp_path: Path) -> None:
    project = write_greenlight_api(tmp_path / "b7", scenarios=SCENARIOS, shop=RUNNING)
    with (
        running_shop(tmp_path / "shop") as shop,
        serving(project, tmp_path / "reports", shop) as url,
    ):
        assert webhook(url) > 0
        assert burst(url, 5) == (5, 0, 0)
