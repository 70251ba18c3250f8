"""Go and every no-go reason, through real pytest runs against the reference shop."""

from __future__ import annotations

import pytest

from tests.framework.verdict.conftest import last_line, read_verdict, verdict_of


def test_all_scenarios_passing_is_a_go_with_exit_code_0(shop_project: pytest.Pytester) -> None:
    result = shop_project.runpytest_subprocess()
    assert result.ret == 0
    assert last_line(result) == "greenlight: GO - 2/2 scenarios passed on local (shop 2.1.0)"
    verdict = verdict_of(shop_project)
    assert verdict["decision"] == "go"
    assert verdict["reasons"] == []
    assert verdict["counts"] == {
        "passed": 2,
        "failed": 0,
        "errors": 0,
        "skipped": 0,
        "deselected": 0,
        "flaky": 0,
        "ran": 2,
    }
    assert verdict["system_version"] == "2.1.0"
    assert verdict["environment"] == "local"
    assert verdict["base_url"].startswith("http://127.0.0.1:")
    assert verdict["git_commit"] is None  # the project is not a git checkout
    assert verdict["duration_s"] >= 0
    junit = (shop_project.path / "reports" / "local" / "junit.xml").read_text()
    assert 'tests="3"' in junit  # the two scenarios and the release verdict


def test_a_failing_checkout_is_a_no_go_naming_the_scenario_and_channel(
    shop_project: pytest.Pytester,
) -> None:
    result = shop_project.runpytest_subprocess("--env=broken")
    assert result.ret == 1
    assert last_line(result) == (
        "greenlight: NO-GO - 1/2 scenarios passed on broken (shop 2.1.0) - 1 of 2 scenarios "
        "failed: test_checkout (api); next: read the failures (greenlight report), fix them, "
        "then run again"
    )
    verdict = verdict_of(shop_project, "broken")
    assert verdict["decision"] == "no-go"
    assert verdict["reasons"] == ["1 of 2 scenarios failed: test_checkout (api)."]
    [failed] = verdict["failed"]
    assert failed["nodeid"] == "test_smoke.py::test_checkout[api]"
    assert failed["channel"] == "api"
    assert failed["error"].startswith("AssertionError: checkout answered 500")


def test_a_wrong_total_is_a_no_go_with_the_first_error_line(shop_project: pytest.Pytester) -> None:
    result = shop_project.runpytest_subprocess("--env=wrong")
    assert result.ret == 1
    [failed] = verdict_of(shop_project, "wrong")["failed"]
    assert failed["error"].startswith("AssertionError: order total ")
    assert "is not twice" in failed["error"]


def test_a_run_where_no_scenario_ran_is_never_a_go(shop_project: pytest.Pytester) -> None:
    result = shop_project.runpytest_subprocess("-k", "no_such_scenario")
    assert result.ret != 0
    verdict = verdict_of(shop_project)
    assert verdict["decision"] == "no-go"
    assert verdict["counts"]["deselected"] == 2
    assert "No scenario ran, so the run proves nothing about the release." in verdict["reasons"]


def test_only_skipped_scenarios_prove_nothing(shop_project: pytest.Pytester) -> None:
    shop_project.makepyfile(
        test_smoke="import pytest\n\n@pytest.mark.check\ndef test_later():\n    pytest.skip('not yet')\n"
    )
    result = shop_project.runpytest_subprocess()
    assert result.ret == 1
    assert verdict_of(shop_project)["counts"]["skipped"] == 1
    assert last_line(result).startswith(
        "greenlight: NO-GO - no scenarios ran on local (shop 2.1.0) - No scenario ran"
    )


def test_a_collection_error_is_a_no_go(shop_project: pytest.Pytester) -> None:
    shop_project.makepyfile(test_broken="import no_such_module_anywhere\n")
    result = shop_project.runpytest_subprocess()
    assert result.ret != 0
    reasons = verdict_of(shop_project)["reasons"]
    assert any(
        reason.startswith("1 collection error(s): test_broken.py:")
        and "no_such_module_anywhere" in reason
        for reason in reasons
    ), reasons


def test_an_interrupted_run_is_a_no_go(shop_project: pytest.Pytester) -> None:
    shop_project.makepyfile(
        test_stop="def test_a_person_presses_ctrl_c():\n    raise KeyboardInterrupt\n"
    )
    result = shop_project.runpytest_subprocess("-p", "no:randomly")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    verdict = verdict_of(shop_project)
    assert "The run was interrupted before it finished." in verdict["reasons"]
    assert verdict["decision"] == "no-go"


def test_another_version_than_expected_is_a_no_go(shop_project: pytest.Pytester) -> None:
    result = shop_project.runpytest_subprocess("--expect-version=2.2.0")
    assert result.ret == 1
    verdict = verdict_of(shop_project)
    assert verdict["reasons"] == ["The system reports version 2.1.0, not the expected 2.2.0."]
    assert verdict["expected_version"] == "2.2.0"
    assert last_line(result) == (
        "greenlight: NO-GO - 2/2 scenarios passed on local (shop 2.1.0) - The system reports "
        "version 2.1.0, not the expected 2.2.0; next: check that the deployment serves the "
        "expected version"
    )


def test_the_expected_version_is_a_go(shop_project: pytest.Pytester) -> None:
    assert shop_project.runpytest_subprocess("--expect-version=2.1.0").ret == 0


def test_a_version_that_cannot_be_read_is_not_the_expected_one(pytester: pytest.Pytester) -> None:
    pytester.makefile(
        ".toml",
        environments='[local]\nsensitive = false\nservices = { shop = "http://127.0.0.1:9" }\n',
    )
    pytester.makepyfile(
        test_offline="import pytest\n\n@pytest.mark.check\ndef test_nothing_remote():\n    pass\n"
    )
    result = pytester.runpytest_subprocess("--expect-version=2.1.0")
    assert result.ret == 1
    verdict = verdict_of(pytester)
    assert verdict["system_version"] is None
    assert verdict["reasons"] == [
        "The system's version could not be read from its health endpoint, so it cannot be "
        "confirmed as the expected 2.1.0."
    ]


@pytest.mark.parametrize(
    ("required", "args", "status"),
    [
        ('["test_refund"]', [], "did not run"),
        ('["test_checkout"]', ["-k", "health"], "did not run"),
    ],
)
def test_a_required_scenario_that_did_not_run_is_a_no_go(
    shop_project: pytest.Pytester, required: str, args: list[str], status: str
) -> None:
    toml = shop_project.path / "environments.toml"
    toml.write_text(toml.read_text().replace("[local]\n", f"[local]\nrequired = {required}\n", 1))
    result = shop_project.runpytest_subprocess(*args)
    assert result.ret == 1
    verdict = verdict_of(shop_project)
    name = required.strip('[]"')
    assert verdict["required"] == [{"name": name, "status": status}]
    assert f"Required scenario '{name}' {status}." in verdict["reasons"]


def test_a_required_scenario_that_failed_says_so(shop_project: pytest.Pytester) -> None:
    toml = shop_project.path / "environments.toml"
    toml.write_text(
        toml.read_text().replace("[broken]\n", '[broken]\nrequired = ["test_checkout"]\n', 1)
    )
    shop_project.runpytest_subprocess("--env=broken")
    verdict = verdict_of(shop_project, "broken")
    assert "Required scenario 'test_checkout' failed." in verdict["reasons"]


def test_a_blocking_reason_in_the_evidence_is_a_no_go(shop_project: pytest.Pytester) -> None:
    shop_project.makeconftest(
        """
        from greenlight.verdict.evidence import Evidence, Reason

        def pytest_sessionfinish(session):
            evidence = Evidence.of(session.config)
            evidence.add_section("probes", [{"name": "error-ratio", "value": 0.08}])
            evidence.add_reason(Reason("error-ratio 0.08 above 0.05", source="probes"))
            evidence.add_reason(Reason("latency close to its limit", source="probes", blocking=False))
        """
    )
    result = shop_project.runpytest_subprocess()
    assert result.ret == 1
    verdict = verdict_of(shop_project)
    assert verdict["reasons"] == ["probes: error-ratio 0.08 above 0.05"]
    assert verdict["notes"] == ["probes: latency close to its limit"]
    assert verdict["evidence"] == {"probes": [{"name": "error-ratio", "value": 0.08}]}


def test_secrets_never_reach_the_verdict(
    shop_project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GL_ADMIN_TOKEN", "hush-hush-token-42")
    toml = shop_project.path / "environments.toml"
    toml.write_text(
        toml.read_text().replace(
            "[local]\n", '[local]\nsecrets = { admin_token = "GL_ADMIN_TOKEN" }\n', 1
        )
    )
    shop_project.makepyfile(
        test_leak="def test_leaks(greenlight_env):\n"
        "    assert greenlight_env.secrets['admin_token'] == 'x', greenlight_env.secrets['admin_token']\n"
    )
    result = shop_project.runpytest_subprocess()
    assert result.ret == 1
    text = (shop_project.path / "reports" / "local" / "verdict.json").read_text()
    assert "hush-hush-token-42" not in text
    assert "***" in text


def test_the_verdict_goes_where_asked_with_junit_beside_it(shop_project: pytest.Pytester) -> None:
    shop_project.runpytest_subprocess("--verdict=out/release.json", "-k", "health")
    assert read_verdict(shop_project.path / "out" / "release.json")["decision"] == "go"
    assert (shop_project.path / "out" / "junit.xml").exists()
    assert not (shop_project.path / "reports" / "local" / "verdict.json").exists()


def test_a_junitxml_path_the_user_gives_wins(shop_project: pytest.Pytester) -> None:
    shop_project.runpytest_subprocess("--junitxml=ci/results.xml", "-k", "health")
    assert (shop_project.path / "ci" / "results.xml").exists()
    assert not (shop_project.path / "reports" / "local" / "junit.xml").exists()


def test_a_verdict_that_cannot_be_written_is_never_a_go(shop_project: pytest.Pytester) -> None:
    (shop_project.path / "taken").write_text("a file, not a folder")
    result = shop_project.runpytest_subprocess(
        "--verdict=taken/verdict.json", "--junitxml=elsewhere/junit.xml", "-k", "health"
    )
    assert result.ret == 1
    assert last_line(result).startswith(
        "greenlight: NO-GO - 1/1 scenarios passed on local (shop 2.1.0) - The verdict could not "
        "be written to taken/verdict.json"
    )
    assert "Traceback" not in result.stdout.str() + result.stderr.str()
