"""Flaky scenarios (pass only on retry) and parallel runs that decide exactly as serial ones."""

from __future__ import annotations

import pytest

from tests.framework.verdict.conftest import FLAKY, last_line, verdict_of


def set_option(project: pytest.Pytester, env: str, line: str) -> None:
    toml = project.path / "environments.toml"
    toml.write_text(toml.read_text().replace(f"[{env}]\n", f"[{env}]\n{line}\n", 1))


def test_a_flaky_scenario_does_not_block_a_non_sensitive_environment(
    shop_project: pytest.Pytester,
) -> None:
    shop_project.makepyfile(test_flaky=FLAKY)
    set_option(shop_project, "local", "reruns = 1")
    result = shop_project.runpytest_subprocess()
    assert result.ret == 0
    verdict = verdict_of(shop_project)
    assert verdict["counts"]["flaky"] == 1
    assert verdict["counts"]["passed"] == 3
    assert [s["nodeid"] for s in verdict["flaky"]] == ["test_flaky.py::test_sometimes[api]"]
    assert verdict["flaky"][0]["reruns"] == 1
    assert verdict["flaky_blocks"] is False
    assert verdict["notes"] == [
        "1 scenario(s) passed only on retry (flaky): test_sometimes (api); "
        "flaky scenarios do not block on local."
    ]
    assert (
        last_line(result) == "greenlight: GO - 3/3 scenarios passed on local (shop 2.1.0), 1 flaky"
    )


def test_a_flaky_scenario_blocks_a_sensitive_environment(shop_project: pytest.Pytester) -> None:
    shop_project.makepyfile(test_flaky=FLAKY)
    result = shop_project.runpytest_subprocess("--env=prod", "--reruns=1")
    assert result.ret == 1
    verdict = verdict_of(shop_project, "prod")
    assert verdict["flaky_blocks"] is True
    assert verdict["reasons"] == [
        "1 scenario(s) passed only on retry (flaky): test_sometimes (api); "
        "flaky scenarios block a release on prod."
    ]
    assert last_line(result).startswith(
        "greenlight: NO-GO - 3/3 smoke scenarios passed on prod (shop 2.1.0) - 1 scenario(s) passed"
    )


def test_the_environment_may_say_flaky_does_not_block(shop_project: pytest.Pytester) -> None:
    shop_project.makepyfile(test_flaky=FLAKY)
    set_option(shop_project, "prod", "reruns = 1\nflaky_blocks = false")
    result = shop_project.runpytest_subprocess("--env=prod")
    assert result.ret == 0
    assert verdict_of(shop_project, "prod")["counts"]["flaky"] == 1


def test_without_retries_the_first_failure_stands(shop_project: pytest.Pytester) -> None:
    shop_project.makepyfile(test_flaky=FLAKY)
    result = shop_project.runpytest_subprocess()
    assert result.ret == 1
    verdict = verdict_of(shop_project)
    assert verdict["counts"]["failed"] == 1
    assert verdict["counts"]["flaky"] == 0
    assert verdict["failed"][0]["error"] == "AssertionError: first attempt fails"


def test_a_parallel_run_gives_one_verdict_with_the_counts_of_a_serial_run(
    shop_project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop_project.makepyfile(
        test_flaky=FLAKY,
        test_more="""
        import pytest

        pytestmark = pytest.mark.smoke

        @pytest.mark.parametrize("n", range(6))
        def test_many(n, channel):
            assert n != 4, "four is unlucky"

        def test_skipped(channel):
            pytest.skip("not today")

        @pytest.fixture
        def broken():
            raise RuntimeError("fixture broke")

        def test_errors(broken, channel):
            pass
        """,
    )
    set_option(shop_project, "local", "reruns = 1")
    serial_run = shop_project.runpytest_subprocess("-k", "not health", "--verdict=serial.json")
    monkeypatch.setenv("GL_COUNTER_DIR", str(shop_project.mkdir("counters-parallel")))
    parallel_run = shop_project.runpytest_subprocess(
        "-n", "2", "-k", "not health", "--verdict=parallel.json"
    )
    from tests.framework.verdict.conftest import read_verdict

    serial = read_verdict(shop_project.path / "serial.json")
    parallel = read_verdict(shop_project.path / "parallel.json")
    expected = {
        "passed": 7,
        "failed": 1,
        "errors": 1,
        "skipped": 1,
        "deselected": 1,
        "flaky": 1,
        "ran": 9,
    }
    assert serial["counts"] == expected
    assert parallel["counts"] == serial["counts"]
    assert sorted(s["nodeid"] for s in parallel["failed"]) == sorted(
        s["nodeid"] for s in serial["failed"]
    )
    assert parallel["decision"] == serial["decision"] == "no-go"
    assert serial_run.ret == parallel_run.ret == 1
    # Only the controller writes a verdict and says the headline.
    assert parallel_run.stdout.str().count("greenlight: NO-GO") == 1
    assert sorted(p.name for p in shop_project.path.glob("*.json")) == [
        "parallel.json",
        "serial.json",
    ]
