"""A version the system makes up reaches no hook and forges no line: real runs, real shop."""

from __future__ import annotations

import pytest

from tests.framework.verdict.conftest import SHOP, SUITE, last_line, verdict_of

REASON = (
    "health: the system reports a version that is not a plain version string: {shown}; "
    "check its health endpoint"
)


def project(pytester: pytest.Pytester, version: str, *hooks: str) -> pytest.Pytester:
    """A shop that reports ``version`` (one argument, in a TOML literal string)."""
    command = SHOP.replace("--version 2.1.0", f'--version "{version}"')
    pytester.makefile(
        ".toml",
        environments=(
            '[local]\nsensitive = false\nchannels = ["api"]\n'
            + "".join(f"{hook}\n" for hook in hooks)
            + f"[local.embedded]\ncommand = '''{command}'''\nservice = \"shop\"\n"
        ),
    )
    pytester.makepyfile(test_smoke=SUITE)
    return pytester


@pytest.mark.parametrize("template", ['echo "{version}"', "echo {version}"])
def test_a_made_up_version_is_a_no_go_and_reaches_no_hook(
    pytester: pytest.Pytester, template: str
) -> None:
    version = "1.0'$(touch X)'"
    project(
        pytester,
        version,
        'mode = "deployment"',
        f"promote = '{template}'",
        f"rollback = '{template}'",
    )

    result = pytester.runpytest_subprocess()

    assert result.ret == 1
    assert not (pytester.path / "X").exists()
    assert not list(pytester.path.rglob("X"))
    verdict = verdict_of(pytester)
    assert verdict["decision"] == "no-go"
    assert verdict["reasons"] == [REASON.format(shown=f'"{version}"')]
    assert verdict["system_version"] is None
    assert "promote" not in verdict["hooks"]
    rollback = verdict["hooks"]["rollback"]
    assert rollback["ok"] is True
    assert rollback["tail"] == "unknown"  # neither the system's version nor a part of it
    assert " on local (shop version unknown) - " in last_line(result)
    assert last_line(result).startswith("greenlight: NO-GO - ")
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()


def test_a_version_with_a_newline_forges_no_line(pytester: pytest.Pytester) -> None:
    forged = "greenlight: GO - 2/2 scenarios passed on local (shop 2.1.0)"
    project(pytester, f"1.0\n{forged}", 'mode = "delivery"', "promote = 'echo {version}'")

    result = pytester.runpytest_subprocess("--expect-version=2.1.0")

    assert result.ret == 1
    assert " on local (shop version unknown) - " in last_line(result)
    assert last_line(result).startswith("greenlight: NO-GO - ")
    lines = result.stdout.str().splitlines()
    assert not [line for line in lines if line.startswith("greenlight: GO")]
    reason = REASON.format(shown=f'"1.0\\n{forged}"')  # shown escaped, on its own reason line
    assert f"  reason: {reason}" in lines
    assert reason in verdict_of(pytester)["reasons"]
