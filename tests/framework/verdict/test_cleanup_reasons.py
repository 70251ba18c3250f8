"""A cleanup that fails is a reason against the release, also in an attempt that was retried.

pytest-rerunfailures drops (or marks ``rerun``) the teardown report of an attempt it
retries, so without care the failed cleanup of attempt 1 would vanish behind a
passing attempt 2, and its data stay behind unreported.
"""

from __future__ import annotations

import pytest

from tests.framework.verdict.conftest import verdict_of
from tests.framework.verdict.test_flaky_and_parallel import set_option

# Attempt 1 fails and so does its cleanup; attempt 2 passes and cleans up.
FLAKY_CLEANUP = """
import os
from pathlib import Path

import pytest


@pytest.mark.smoke
def test_checkout(channel, cleanup):
    counter = Path(os.environ["GL_COUNTER_DIR"]) / "checkout"
    attempt = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(attempt))

    def delete_customer():
        if attempt == 1:
            raise ConnectionError("shop unreachable")

    cleanup.add(f"delete customer gl-smoke-ada (attempt {attempt})", delete_customer)
    assert attempt > 1, "first attempt fails"
"""

# Passes, but its cleanup fails: an error of the test, and a reason of its own.
FAILING_CLEANUP = """
import pytest


@pytest.mark.smoke
def test_checkout(channel, cleanup):
    def delete_customer():
        raise ConnectionError("shop unreachable")

    cleanup.add("delete customer gl-smoke-ada", delete_customer)
"""

REASON = (
    "cleanup of attempt 1 of test_checkout (api) failed: delete customer gl-smoke-ada "
    "(attempt 1): ConnectionError: shop unreachable; data may be left behind"
)


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["serial", "xdist"])
def test_a_failed_cleanup_of_a_retried_attempt_is_a_reason(
    shop_project: pytest.Pytester, workers: list[str]
) -> None:
    (shop_project.path / "test_smoke.py").unlink()
    shop_project.makepyfile(test_flaky=FLAKY_CLEANUP)
    set_option(shop_project, "local", "reruns = 1")  # flaky alone does not block on local

    result = shop_project.runpytest_subprocess(*workers)

    verdict = verdict_of(shop_project)
    assert verdict["counts"]["flaky"] == 1
    assert verdict["decision"] == "no-go"
    assert REASON in verdict["reasons"], verdict["reasons"]
    assert result.ret == 1


def test_a_failed_cleanup_without_retries_names_the_attempt_too(
    shop_project: pytest.Pytester,
) -> None:
    (shop_project.path / "test_smoke.py").unlink()
    shop_project.makepyfile(test_cleanup=FAILING_CLEANUP)

    result = shop_project.runpytest_subprocess()

    verdict = verdict_of(shop_project)
    assert verdict["decision"] == "no-go"
    expected = (
        "cleanup of attempt 1 of test_checkout (api) failed: delete customer gl-smoke-ada: "
        "ConnectionError: shop unreachable; data may be left behind"
    )
    assert expected in verdict["reasons"], verdict["reasons"]
    assert result.ret == 1
