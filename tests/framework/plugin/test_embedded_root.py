"""The embedded command runs from the folder of ``environments.toml``, wherever pytest starts."""

from __future__ import annotations

import pytest

ENVIRONMENTS = """
[local]
sensitive = false
[local.embedded]
command = "{command}"
service = "shop"
ready_timeout = 15
"""
# A launcher next to environments.toml, named by a path relative to that folder.
SERVE = "import runpy\nrunpy.run_module('sut', run_name='__main__', alter_sys=True)\n"
USES_THE_SHOP = """
def test_the_shop_answers(http_client):
    assert http_client.call("GET", "/health").json()["status"] == "ok"
"""


@pytest.mark.parametrize(
    "command",
    [
        "{python} serve.py --port 0 --db {workdir}/shop.db",
        "{python} {root}/serve.py --port 0 --db {workdir}/shop.db",
    ],
)
@pytest.mark.parametrize("args", [(), ("..",)])
def test_pytest_started_in_a_subfolder_starts_the_embedded_system(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, command: str, args: tuple[str, ...]
) -> None:
    pytester.makeini("[pytest]\n")
    pytester.makefile(".toml", environments=ENVIRONMENTS.format(command=command))
    pytester.makepyfile(serve=SERVE)
    tests = pytester.mkdir("tests")
    (tests / "test_it.py").write_text(USES_THE_SHOP)
    monkeypatch.chdir(tests)  # cd tests && pytest [..]
    result = pytester.runpytest_subprocess("-p", "no:randomly", *args)
    result.assert_outcomes(passed=1)


def test_an_unknown_placeholder_in_the_command_is_a_configuration_error(
    pytester: pytest.Pytester,
) -> None:
    pytester.makefile(".toml", environments=ENVIRONMENTS.format(command="{python} {rot}/serve.py"))
    pytester.makepyfile(test_it=USES_THE_SHOP)
    result = pytester.runpytest_subprocess()
    assert result.ret != 0
    output = result.stdout.str() + result.stderr.str()
    assert "[local.embedded].command: unknown placeholder(s) {rot}" in output
