"""Fast no-go: on a sensitive environment the first failure stops the run and decides.

Real pytest runs against the real reference shop started with ``--fault checkout-error``:
the checkout fails first, the scenarios after it are never started, the ones already
started finish with their cleanup, and the verdict says why the rest did not run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.framework.verdict.conftest import environment, verdict_of
from tests.framework.verdict.test_flaky_and_parallel import set_option

BROWSING = 8
SELECTED = BROWSING + 1

# The checkout comes first; each scenario notes that it started and, in its cleanup,
# that its cleanup ran.
SUITE = f"""
import os
import time
import uuid
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.smoke
MARKS = Path(os.environ["GL_COUNTER_DIR"])


def started(name, cleanup):
    (MARKS / f"started-{{name}}").touch()
    cleanup.add(f"note the cleanup of {{name}}", lambda: (MARKS / f"cleaned-{{name}}").touch())


def test_checkout(greenlight_env, channel, cleanup):
    started("checkout", cleanup)
    base, session = greenlight_env.base_url, requests.Session()
    user = {{"username": "ada-" + uuid.uuid4().hex[:8], "password": "secret-password"}}
    session.post(base + "/api/customers", json=user, timeout=5).raise_for_status()
    token = session.post(base + "/api/login", json=user, timeout=5).json()["token"]
    auth = {{"Authorization": "Bearer " + token}}
    product = session.get(base + "/api/products", timeout=5).json()["products"][0]
    basket = {{"sku": product["sku"], "quantity": 1}}
    session.post(base + "/api/basket/items", json=basket, headers=auth, timeout=5).raise_for_status()
    order = session.post(base + "/api/orders", headers=auth, timeout=5)
    assert order.status_code == 201, f"checkout answered {{order.status_code}}"


@pytest.mark.parametrize("n", range({BROWSING}))
def test_browse(greenlight_env, channel, cleanup, n):
    started(f"browse-{{n}}", cleanup)
    # Long enough that a scenario is running on the other worker when the checkout fails.
    time.sleep(float(os.environ.get("GL_BROWSE_S", "0.3")))
    assert requests.get(greenlight_env.base_url + "/api/products", timeout=5).ok
"""

STOP = re.compile(
    r"The run stopped at the first failure \(test_checkout \(api\)\), as fail_fast asks: "
    rf"(\d+) of the {SELECTED} selected tests did not run because of it\."
)


@pytest.fixture
def broken_prod(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """Environments prod (sensitive) and local, both with a failing checkout."""
    pytester.makefile(
        ".toml",
        environments=environment("prod", sensitive=True, faults=("checkout-error",))
        + environment("local", faults=("checkout-error",)),
    )
    pytester.makepyfile(test_smoke=SUITE)
    monkeypatch.setenv("GL_COUNTER_DIR", str(pytester.mkdir("marks")))
    return pytester


def marks(project: pytest.Pytester, kind: str) -> set[str]:
    return {
        path.name.removeprefix(f"{kind}-") for path in Path(project.path, "marks").glob(f"{kind}-*")
    }


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_the_first_failure_on_a_sensitive_environment_stops_the_run(
    broken_prod: pytest.Pytester, workers: list[str]
) -> None:
    result = broken_prod.runpytest_subprocess("--env=prod", *workers)

    verdict = verdict_of(broken_prod, "prod")
    assert verdict["decision"] == "no-go"
    assert result.ret == 1  # also under xdist, which passes the stop on as an interruption
    stopped = [found for reason in verdict["reasons"] if (found := STOP.fullmatch(reason))]
    assert stopped, verdict["reasons"]
    # The failure is the root cause; what it stopped comes after it.
    assert (
        "1 of" in verdict["reasons"][0] and "failed: test_checkout (api)" in verdict["reasons"][0]
    )
    assert not any("interrupted" in reason for reason in verdict["reasons"]), verdict["reasons"]
    ran = verdict["counts"]["ran"]
    assert verdict["counts"]["failed"] == 1
    assert int(stopped[0].group(1)) == SELECTED - ran
    assert ran < SELECTED - 2, verdict["counts"]  # serial: 1; two workers: a few at most
    # Every scenario that started ran its cleanup; the rest never started.
    assert marks(broken_prod, "started") == marks(broken_prod, "cleaned")
    assert len(marks(broken_prod, "started")) == ran
    result.stdout.fnmatch_lines(["*greenlight fail-fast: stopped at the first failure*"])


def test_a_serial_fast_no_go_runs_only_the_failing_scenario(broken_prod: pytest.Pytester) -> None:
    broken_prod.runpytest_subprocess("--env=prod")

    assert marks(broken_prod, "cleaned") == {"checkout"}
    assert any(STOP.fullmatch(reason) for reason in verdict_of(broken_prod, "prod")["reasons"])


def test_fail_fast_off_runs_every_scenario_and_still_decides_no_go(
    broken_prod: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GL_BROWSE_S", "0")  # every scenario runs: no need to linger
    result = broken_prod.runpytest_subprocess("--env=prod", "--fail-fast=off")

    verdict = verdict_of(broken_prod, "prod")
    assert result.ret == 1
    assert verdict["counts"]["ran"] == SELECTED
    assert verdict["reasons"] == ["1 of 9 scenarios failed: test_checkout (api)."]


def test_the_environment_may_turn_fail_fast_off(
    broken_prod: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GL_BROWSE_S", "0")
    set_option(broken_prod, "prod", "fail_fast = false")
    broken_prod.runpytest_subprocess("--env=prod")
    assert verdict_of(broken_prod, "prod")["counts"]["ran"] == SELECTED


def test_a_non_sensitive_environment_runs_everything_unless_it_asks(
    broken_prod: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GL_BROWSE_S", "0")
    broken_prod.runpytest_subprocess()
    assert verdict_of(broken_prod)["counts"]["ran"] == SELECTED

    set_option(broken_prod, "local", "fail_fast = true")
    broken_prod.runpytest_subprocess()
    assert verdict_of(broken_prod)["counts"]["ran"] == 1

    toml = broken_prod.path / "environments.toml"
    toml.write_text(toml.read_text().replace("fail_fast = true", "fail_fast = false"))
    broken_prod.runpytest_subprocess()
    assert verdict_of(broken_prod)["counts"]["ran"] == SELECTED
    broken_prod.runpytest_subprocess("--fail-fast=on")  # the option beats the setting
    assert verdict_of(broken_prod)["counts"]["ran"] == 1


def test_a_passing_run_with_fail_fast_is_still_a_go(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makefile(".toml", environments=environment("prod", sensitive=True))
    pytester.makepyfile(test_smoke=SUITE)
    monkeypatch.setenv("GL_COUNTER_DIR", str(pytester.mkdir("marks")))
    monkeypatch.setenv("GL_BROWSE_S", "0")

    result = pytester.runpytest_subprocess("--env=prod", "-n", "2")

    assert result.ret == 0
    assert verdict_of(pytester, "prod")["counts"]["passed"] == SELECTED


def test_a_wrong_fail_fast_value_is_a_usage_error(broken_prod: pytest.Pytester) -> None:
    result = broken_prod.runpytest_subprocess("--env=prod", "--fail-fast=maybe")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*--fail-fast: invalid choice: 'maybe' (choose from 'off', 'on')*"]
    )

    set_option(broken_prod, "prod", 'fail_fast = "yes"')
    result = broken_prod.runpytest_subprocess("--env=prod")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*fail_fast*"])
    assert "Traceback" not in result.stderr.str()
