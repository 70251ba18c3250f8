"""No false GO: runs that proved nothing, or less than they claim, are never a go.

Each test breaks a run the way a crashing plugin, an impatient person or a dying machine
does, against the real reference shop, and reads the verdict the run left behind.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from tests.framework.verdict.conftest import last_line, read_verdict, verdict_of

THREE = """
import pytest

pytestmark = pytest.mark.smoke


@pytest.mark.parametrize("n", [1, 2, 3])
def test_step(n, greenlight_env, channel):
    pass
"""


def _no_go(result: pytest.RunResult, pytester: pytest.Pytester) -> dict[str, Any]:
    verdict = verdict_of(pytester)
    assert verdict["decision"] == "no-go", verdict["reasons"]
    assert result.ret != 0
    assert "NO-GO" in last_line(result)
    return verdict


def test_an_internal_error_halfway_is_a_no_go(shop_project: pytest.Pytester) -> None:
    shop_project.makepyfile(test_smoke=THREE)
    shop_project.makeconftest(
        "seen = []\n\n"
        "def pytest_runtest_logfinish(nodeid, location):\n"
        "    seen.append(nodeid)\n"
        "    if len(seen) == 2:\n"
        "        raise RuntimeError('a plugin broke')\n"
    )
    result = shop_project.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.INTERNAL_ERROR
    verdict = _no_go(result, shop_project)
    reasons = " ".join(map(str, verdict["reasons"]))
    assert "internal error" in reasons and "a plugin broke" in reasons, reasons


def test_a_run_stopped_after_one_scenario_is_a_no_go(shop_project: pytest.Pytester) -> None:
    shop_project.makepyfile(test_smoke=THREE)
    shop_project.makeconftest(
        "def pytest_runtest_teardown(item):\n"
        "    item.session.shouldstop = 'a plugin had seen enough'\n"
    )
    result = shop_project.runpytest_subprocess()
    verdict = _no_go(result, shop_project)
    assert any("1 of the 3 selected" in reason for reason in verdict["reasons"]), verdict["reasons"]


def test_a_scenario_whose_call_never_reported_is_not_a_pass(shop_project: pytest.Pytester) -> None:
    shop_project.makepyfile(test_smoke=THREE)
    # A plugin that runs only the setup of the last test, then claims the protocol done.
    shop_project.makeconftest(
        "import pytest\n"
        "from _pytest.runner import call_and_report\n\n"
        "@pytest.hookimpl(tryfirst=True)\n"
        "def pytest_runtest_protocol(item, nextitem):\n"
        "    if not item.name.endswith('[api-3]') and not item.name.endswith('[3-api]'):\n"
        "        return None\n"
        "    item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)\n"
        "    call_and_report(item, 'setup', log=True)\n"
        "    return True\n"
    )
    result = shop_project.runpytest_subprocess()
    verdict = _no_go(result, shop_project)
    assert any("never finished" in reason for reason in verdict["reasons"]), verdict["reasons"]


def test_a_second_interrupt_during_the_first_is_still_an_interruption(
    shop_project: pytest.Pytester,
) -> None:
    shop_project.makepyfile(
        test_stop="import pytest\n\n@pytest.mark.smoke\n"
        "def test_ctrl_c(channel):\n    raise KeyboardInterrupt\n"
    )
    # The second Ctrl-C arrives while pytest handles the first.
    shop_project.makeconftest(
        "import os, signal\n\n"
        "def pytest_keyboard_interrupt(excinfo):\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
    )
    result = shop_project.runpytest_subprocess()
    verdict = _no_go(result, shop_project)
    assert "The run was interrupted before it finished." in verdict["reasons"]


def test_a_sigterm_leaves_a_no_go_not_nothing(shop_project: pytest.Pytester) -> None:
    shop_project.makepyfile(
        test_stop="import os, signal, pytest\n\n@pytest.mark.smoke\n"
        "def test_terminated(channel):\n    os.kill(os.getpid(), signal.SIGTERM)\n"
    )
    result = shop_project.runpytest_subprocess()
    verdict = _no_go(result, shop_project)
    assert "The run was interrupted before it finished." in verdict["reasons"]


def test_a_hook_that_raises_at_the_end_still_leaves_a_no_go_verdict(
    shop_project: pytest.Pytester,
) -> None:
    shop_project.makeconftest(
        "def pytest_sessionfinish(session):\n    raise OSError('the report disk is full')\n"
    )
    result = shop_project.runpytest_subprocess()
    verdict = _no_go(result, shop_project)
    assert any("the report disk is full" in reason for reason in verdict["reasons"]), verdict[
        "reasons"
    ]


def test_a_usage_error_leaves_no_old_go_behind(shop_project: pytest.Pytester) -> None:
    assert shop_project.runpytest_subprocess().ret == 0
    path = shop_project.path / "reports" / "local" / "verdict.json"
    assert read_verdict(path)["decision"] == "go"
    result = shop_project.runpytest_subprocess("--channel=mobile")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert not path.exists()
    checked = subprocess.run(
        [sys.executable, "-m", "greenlight.cli", "verdict", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode != 0


def test_a_system_that_fails_to_start_leaves_no_old_go_behind(
    shop_project: pytest.Pytester,
) -> None:
    assert shop_project.runpytest_subprocess().ret == 0
    path = shop_project.path / "reports" / "local" / "verdict.json"
    (shop_project.path / "environments.toml").write_text(
        '[local]\nsensitive = false\nchannels = ["api"]\n'
        '[local.embedded]\ncommand = "{python} -c \\"raise SystemExit(3)\\""\nservice = "shop"\n'
    )
    result = shop_project.runpytest_subprocess()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert not path.exists()


@pytest.mark.parametrize(("suite", "hook"), [("passing", "promote"), ("failing", "rollback")])
def test_the_hooks_read_this_runs_verdict(
    shop_project: pytest.Pytester, suite: str, hook: str
) -> None:
    # The hook records what the verdict file says while it runs.
    shop_project.makepyfile(
        seen="import json, sys\n"
        "document = json.load(open(sys.argv[1]))\n"
        "open('seen.json', 'w').write(json.dumps([document['decision'], document['run_id']]))\n"
    )
    reader = f"{sys.executable} seen.py {{verdict}}"
    shop_project.makefile(
        ".toml",
        environments=(
            '[local]\nsensitive = false\nchannels = ["api"]\nmode = "deployment"\n'
            f'promote = "{reader}"\nrollback = "{reader}"\n'
            '[local.embedded]\ncommand = "{python} -m sut --host 127.0.0.1 --port 0 '
            '--db {workdir}/shop.db --version 2.1.0"\nservice = "shop"\n'
        ),
    )
    if suite == "failing":
        shop_project.makepyfile(
            test_fails="import pytest\n\n@pytest.mark.smoke\ndef test_no(channel):\n    assert False\n"
        )
    shop_project.runpytest_subprocess()
    verdict = verdict_of(shop_project)
    seen = json.loads((shop_project.path / "seen.json").read_text())
    assert seen == [verdict["decision"], verdict["run_id"]]
    assert verdict["decision"] == ("go" if suite == "passing" else "no-go")
    assert hook in verdict["hooks"]
