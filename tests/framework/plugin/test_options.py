"""--env, --environments, --target, --channel, --base-url: what they select, and their errors."""

from __future__ import annotations

import pytest


def test_an_unknown_environment_is_a_usage_error_listing_the_known_ones(
    project: pytest.Pytester,
) -> None:
    result = project.runpytest("--env=stagin")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["ERROR: *environments.toml: unknown environment 'stagin'; known environments: local, prod"]
    )
    assert "Traceback" not in result.stderr.str()


def test_a_missing_environments_file_is_named(project: pytest.Pytester) -> None:
    result = project.runpytest("--environments=elsewhere.toml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "ERROR: elsewhere.toml: environments file not found; create it*or pass --environments PATH"
        ]
    )


def test_a_syntax_error_names_the_line(project: pytest.Pytester) -> None:
    project.makefile(".toml", environments="[local]\nsensitive = \nchannels = []\n")
    result = project.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: *environments.toml: invalid TOML: *line 2*"])


def test_channels_parametrise_every_scenario(project: pytest.Pytester) -> None:
    result = project.runpytest("--collect-only", "-q")
    result.stdout.fnmatch_lines(
        [
            "test_shop.py::test_browse[[]api[]]",
            "test_shop.py::test_browse[[]ui[]]",
            "test_shop.py::test_register[[]api[]]",
            "test_shop.py::test_register[[]ui[]]",
            "test_shop.py::test_wipe_stock[[]api[]]",
            "test_shop.py::test_wipe_stock[[]ui[]]",
            "test_shop.py::test_health[[]api[]]",
            "7 tests collected*",
        ]
    )


def test_one_channel_can_be_chosen(project: pytest.Pytester) -> None:
    result = project.runpytest("--channel=ui", "-v")
    result.assert_outcomes(passed=3, skipped=1)  # the @api_only scenario has no channel left
    result.stdout.fnmatch_lines(["*test_browse[[]ui[]] PASSED*"])


def test_an_unknown_channel_is_a_usage_error(project: pytest.Pytester) -> None:
    result = project.runpytest("--channel=mobile")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "ERROR: --channel mobile: environment 'local' has no such channel; choose from: api, ui, all"
        ]
    )


def test_an_unknown_target_is_a_usage_error(project: pytest.Pytester) -> None:
    result = project.runpytest("--env=prod", "--target=bleu")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["ERROR: *: [[]prod[]] has no target 'bleu' (did you mean 'blue'?) (known targets: blue)"]
    )


def test_target_and_base_url_choose_the_url(project: pytest.Pytester) -> None:
    project.makeconftest(
        """
        def pytest_sessionfinish(session):
            from greenlight.plugin.context import RunContext
            print("URL:", RunContext.of(session.config).env.base_url, session.config.option.base_url)
        """
    )
    result = project.runpytest("--env=prod", "--target=blue", "-s", "-p", "no:randomly")
    result.stdout.fnmatch_lines(["*URL: http://127.0.0.1:10 http://127.0.0.1:10*"])
    result = project.runpytest("--base-url=http://127.0.0.1:11/", "-s")
    result.stdout.fnmatch_lines(["*URL: http://127.0.0.1:11 http://127.0.0.1:11*"])


def test_the_options_are_in_one_group(project: pytest.Pytester) -> None:
    result = project.runpytest("--help")
    result.stdout.fnmatch_lines(
        [
            "greenlight: environments, channels and release verdict:",
            "*--env=NAME*",
            "*--channel=NAME*",
        ]
    )


def test_the_environments_scenario_timeout_feeds_pytest_timeout(project: pytest.Pytester) -> None:
    project.makefile(
        ".toml",
        environments='[local]\nsensitive = false\nservices = { app = "http://127.0.0.1:9" }\ntimeouts = { scenario = 33 }\n',
    )
    project.runpytest("--co").stdout.fnmatch_lines(["timeout: 33.0s"])
    project.runpytest("--co", "--timeout=5").stdout.fnmatch_lines(["timeout: 5.0s"])


def test_a_step_without_definition_names_step_feature_and_line(project: pytest.Pytester) -> None:
    project.makefile(
        ".feature",
        shop="Feature: Shop\n  Scenario: Browse\n    Given a shop\n    When nobody wrote this step\n",
    )
    result = project.runpytest("--channel=api")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            '*StepDefinitionNotFoundError: Step definition is not found: When "nobody wrote this step". Line 4 in scenario "Browse" in the feature "*shop.feature"*'
        ]
    )


def test_an_unreachable_system_fails_fast_naming_environment_and_url(
    project: pytest.Pytester,
) -> None:
    project.makepyfile(
        test_shop="def test_health(http_client):\n    http_client.call('GET', '/health')\n"
    )
    result = project.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*SystemUnreachable: local: system unreachable at http://127.0.0.1:9 (GET /health): connection refused*"
        ]
    )
