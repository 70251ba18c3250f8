"""An installed greenlight stays out of a project that does not use it, and counts only checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.framework.plugin.conftest import FEATURE, REMOTE, STEPS

PLAIN = "def test_plain():\n    assert 1 + 1 == 2\n"


# What pytester itself leaves: the child's captured output and its basetemp.
PYTESTER_OWN = ("stdout", "stderr", "runpytest-")


def _files(root: Path) -> set[Path]:
    return {
        path.relative_to(root)
        for path in root.rglob("*")
        if "__pycache__" not in path.parts
        and not path.relative_to(root).parts[0].startswith(PYTESTER_OWN)
    }


def test_a_project_without_greenlight_passes_and_gets_nothing_written(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(test_plain=PLAIN)
    before = _files(pytester.path)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.OK
    assert _files(pytester.path) == before  # no reports/, no verdict, no junit.xml
    assert "greenlight:" not in result.stdout.str() + result.stderr.str()  # no header, no verdict


def test_a_project_without_greenlight_gets_none_of_its_fixtures(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_env="def test_env(greenlight_env):\n    pass\n")
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'greenlight_env' not found*"])


@pytest.mark.parametrize(
    "asked",
    [["--env=local"], ["--environments=environments.toml"], ["--target=blue"]],
    ids=["env", "environments", "target"],
)
def test_asking_for_greenlight_without_an_environments_file_is_a_usage_error(
    pytester: pytest.Pytester, asked: list[str]
) -> None:
    pytester.makepyfile(test_plain=PLAIN)
    result = pytester.runpytest_subprocess(*asked)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: *environments.toml: environments file not found*"])


def test_the_ini_setting_names_the_environments_file_and_turns_greenlight_on(
    pytester: pytest.Pytester,
) -> None:
    (pytester.path / "config").mkdir()
    (pytester.path / "config" / "envs.toml").write_text(REMOTE)
    pytester.makeini("[pytest]\ngreenlight_environments = config/envs.toml\n")
    pytester.makefile(".feature", shop=FEATURE)
    pytester.makepyfile(test_shop=STEPS)
    result = pytester.runpytest_subprocess("--channel=api")
    result.stdout.fnmatch_lines(["greenlight: environment local, target default, app=*"])
    assert (pytester.path / "reports" / "local" / "verdict.json").is_file()


def test_the_verdict_counts_scenarios_and_checks_not_unit_tests(project: pytest.Pytester) -> None:
    project.makepyfile(
        test_units=PLAIN,
        test_checks="import pytest\n\n@pytest.mark.check\ndef test_marked():\n    pass\n",
    )
    result = project.runpytest_subprocess("--channel=api")
    result.assert_outcomes(passed=6)  # 4 scenarios (api), the check, the unit test
    result.stdout.fnmatch_lines(["greenlight: GO - 5/5 scenarios passed on local*"])


def test_a_failing_unit_test_in_a_release_run_is_a_no_go(project: pytest.Pytester) -> None:
    project.makepyfile(test_units="def test_arithmetic():\n    assert 1 + 1 == 3\n")
    result = project.runpytest_subprocess("--channel=api")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "greenlight: NO-GO - * on local* - 1 test(s) that are not release checks failed in the same run: "
            "test_units.py::test_arithmetic: assert (1 + 1) == 3*"
        ]
    )


def test_a_sensitive_run_does_not_count_unit_tests_as_deselected_scenarios(
    project: pytest.Pytester,
) -> None:
    project.makepyfile(test_units=PLAIN)
    result = project.runpytest_subprocess("--env=prod")
    result.stdout.fnmatch_lines(
        [
            "greenlight: prod is sensitive: deselected 1 scenario(s) not tagged @smoke and "
            "1 tagged @destructive, and 1 test(s) that are not release checks*"
        ]
    )
