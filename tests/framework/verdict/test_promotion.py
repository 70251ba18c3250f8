"""Continuous Delivery recommends; Continuous Deployment promotes on go and rolls back on no-go."""

from __future__ import annotations

import pytest

from tests.framework.verdict.conftest import last_line, verdict_of


def configure(project: pytest.Pytester, env: str, *lines: str) -> None:
    toml = project.path / "environments.toml"
    toml.write_text(
        toml.read_text().replace(f"[{env}]\n", f"[{env}]\n" + "\n".join(lines) + "\n", 1)
    )


# A redirection needs a shell: such a hook reads its values from environment variables.
PROMOTE_COMMAND = 'echo promoted "$GREENLIGHT_VERSION" "$GREENLIGHT_ENV" > promoted.txt'
PROMOTE = f"promote = '{PROMOTE_COMMAND}'"
ROLLBACK = """rollback = 'echo rolled back "$GREENLIGHT_VERSION" > rolled-back.txt'"""


def test_delivery_mode_recommends_and_runs_nothing(shop_project: pytest.Pytester) -> None:
    configure(shop_project, "local", 'mode = "delivery"', PROMOTE)
    result = shop_project.runpytest_subprocess()
    assert result.ret == 0
    result.stdout.fnmatch_lines(
        [
            "greenlight: delivery mode: recommend promoting shop 2.1.0 on local; a person decides "
            f"(promote command: {PROMOTE_COMMAND})"
        ]
    )
    assert not (shop_project.path / "promoted.txt").exists()
    verdict = verdict_of(shop_project)
    assert verdict["mode"] == "delivery"
    assert verdict["hooks"] == {}


def test_delivery_mode_on_no_go_recommends_against(shop_project: pytest.Pytester) -> None:
    result = shop_project.runpytest_subprocess("--env=broken")
    result.stdout.fnmatch_lines(
        [
            "greenlight: delivery mode: recommend NOT promoting shop 2.1.0 on broken; a person decides"
        ]
    )


def test_deployment_mode_promotes_on_go(shop_project: pytest.Pytester) -> None:
    configure(shop_project, "local", 'mode = "deployment"', PROMOTE, ROLLBACK)
    result = shop_project.runpytest_subprocess()
    assert result.ret == 0
    assert (shop_project.path / "promoted.txt").read_text() == "promoted 2.1.0 local\n"
    assert not (shop_project.path / "rolled-back.txt").exists()
    promote = verdict_of(shop_project)["hooks"]["promote"]
    assert promote["exit_code"] == 0
    assert promote["ok"] is True
    assert promote["command"] == PROMOTE_COMMAND
    result.stdout.fnmatch_lines(
        ["greenlight: deployment mode: promoted shop 2.1.0 on local (*exited with 0)"]
    )
    assert last_line(result).startswith("greenlight: GO")


def test_deployment_mode_rolls_back_on_no_go(shop_project: pytest.Pytester) -> None:
    configure(shop_project, "broken", 'mode = "deployment"', PROMOTE, ROLLBACK)
    result = shop_project.runpytest_subprocess("--env=broken")
    assert result.ret == 1
    assert (shop_project.path / "rolled-back.txt").read_text() == "rolled back 2.1.0\n"
    assert not (shop_project.path / "promoted.txt").exists()
    assert verdict_of(shop_project, "broken")["hooks"]["rollback"]["ok"] is True


def test_a_failing_rollback_is_recorded_and_is_not_a_crash(shop_project: pytest.Pytester) -> None:
    configure(
        shop_project,
        "broken",
        'mode = "deployment"',
        PROMOTE,
        'rollback = "echo cannot reach the cluster; exit 3"',
    )
    result = shop_project.runpytest_subprocess("--env=broken")
    assert result.ret == 1
    verdict = verdict_of(shop_project, "broken")
    rollback = verdict["hooks"]["rollback"]
    assert rollback["exit_code"] == 3
    assert rollback["tail"] == "cannot reach the cluster"
    assert (
        "The rollback hook failed: `echo cannot reach the cluster; exit 3` exited with 3."
        in verdict["reasons"]
    )
    result.stdout.fnmatch_lines(
        ["greenlight: deployment mode: FAILED to roll back shop 2.1.0 on broken*"]
    )
    assert "Traceback" not in result.stdout.str() + result.stderr.str()


def test_a_failing_promote_is_a_no_go_and_rolls_back(shop_project: pytest.Pytester) -> None:
    configure(shop_project, "local", 'mode = "deployment"', 'promote = "exit 7"', ROLLBACK)
    result = shop_project.runpytest_subprocess()
    assert result.ret == 1
    verdict = verdict_of(shop_project)
    assert verdict["decision"] == "no-go"
    assert verdict["reasons"] == ["The promote hook failed: `exit 7` exited with 7."]
    assert verdict["hooks"]["rollback"]["ok"] is True
    assert (shop_project.path / "rolled-back.txt").exists()


def test_a_hanging_hook_is_stopped_at_its_timeout(shop_project: pytest.Pytester) -> None:
    configure(
        shop_project,
        "local",
        'mode = "deployment"',
        'promote = "sleep 30"',
        ROLLBACK,
        "hook_timeout = 0.5",
    )
    result = shop_project.runpytest_subprocess()
    assert result.ret == 1
    promote = verdict_of(shop_project)["hooks"]["promote"]
    assert promote["exit_code"] is None
    assert (
        "The promote hook failed: `sleep 30` timed out after"
        in verdict_of(shop_project)["reasons"][0]
    )


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            ['mode = "continuous"'],
            "*[[]local[]].mode: must be delivery or deployment (got 'continuous')*",
        ),
        (
            ['mode = "deployment"', PROMOTE],
            '*[[]local[]]: mode = "deployment" needs a rollback command (e.g. rollback = "deploy/rollback.sh {version}"); or use mode = "delivery"',
        ),
        (["reruns = -1"], "*[[]local[]].reruns: must be 0 or more (got -1)*"),
        (
            ['promote = "deploy {revision}"'],
            "*[[]local[]].promote: unknown placeholder(s) {revision} (known: *",
        ),
    ],
)
def test_a_bad_release_policy_is_a_usage_error(
    shop_project: pytest.Pytester, lines: list[str], message: str
) -> None:
    configure(shop_project, "local", *lines)
    result = shop_project.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])
    assert "Traceback" not in result.stderr.str()
