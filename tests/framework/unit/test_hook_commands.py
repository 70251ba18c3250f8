"""Hooks run without a shell for their values; a shell command reads them from its environment."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from greenlight.config.commands import COMMANDS, HOOK_PLACEHOLDERS, unknown_placeholders
from greenlight.errors import ConfigError
from greenlight.placeholders import render_command, render_text, shell_syntax
from greenlight.shell import render, run_command

HOSTILE = [
    "1.0'$(touch X)'",
    "$(touch X)",
    "`touch X`",
    "1.0; touch X",
    '1.0" && touch X && "',
    "1.0\ngreenlight: GO",
    "a b",
    "{x}",
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    "template", ['printf %s "{version}"', "printf %s {version}", "printf %s v={version}"]
)
def test_a_value_is_one_argument_and_never_runs(template: str, value: str, tmp_path: Path) -> None:
    result = run_command(template, {"version": value}, timeout=10, cwd=tmp_path)

    assert result.exit_code == 0
    prefix = "v=" if "v=" in template else ""
    assert result.tail == "\n".join((prefix + value).splitlines())  # printf %s: the argument
    assert not (tmp_path / "X").exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("template", "syntax"),
    [
        ("deploy {target} && notify", "`&&`"),
        ("deploy | tee log", "`|`"),
        ("deploy > log", "`>`"),
        ("deploy; notify", "`;`"),
        ("deploy &", "`&`"),
        ("(deploy)", "`(`"),
        ("deploy $HOME", "a $ expansion"),
        ('deploy "$GREENLIGHT_VERSION"', "a $ expansion"),
        ("deploy `date`", "a `backquote`"),
        ("deploy *.yaml", "the wildcard `*`"),
        ("deploy ~/x", "`~` for a home folder"),
        ("deploy # comment", "a `#` comment"),
        ("exit 7", "the shell builtin `exit`"),
        ("cd deploy", "the shell builtin `cd`"),
        ("KUBECONFIG=x kubectl apply", "the variable assignment `KUBECONFIG=x`"),
    ],
)
def test_shell_syntax_is_recognised(template: str, syntax: str) -> None:
    assert shell_syntax(template) == syntax


@pytest.mark.parametrize(
    "template",
    [
        "deploy {target} {version}",
        "deploy \"a && b\" '$HOME | x' {version}",
        "demo/hooks/weight {target} {weight}",
        "curl -d 'v={version}' https://deploy.example/api",
        "deploy --tag=v#1 a\\;b",
        "sh -c 'deploy \"$1\" | tee log' sh {version}",
    ],
)
def test_a_plain_command_needs_no_shell(template: str) -> None:
    values = dict.fromkeys(("target", "version", "weight"), "v a")
    assert shell_syntax(template) == ""
    words = [render_text(word, values) for word in shlex.split(template)]
    assert render_command(template, values) == words


@pytest.mark.parametrize(
    "template",
    ['echo "{version}" > out', "deploy {version} && notify", "echo v{version} | tee log"],
)
def test_a_placeholder_in_a_shell_command_is_refused(template: str) -> None:
    with pytest.raises(ConfigError) as raised:
        render_command(template, {"version": "1.0"}, where="[prod].rollback")
    message = str(raised.value)
    assert message.startswith("[prod].rollback: {version} at column ")
    assert "is in a command that runs in a shell (it uses `" in message
    assert 'write "$GREENLIGHT_VERSION" there instead' in message


@pytest.mark.parametrize(
    "template", ["sh -c 'echo {version}'", 'bash -ec "deploy {version}"', "/bin/sh -c {version}"]
)
def test_a_placeholder_in_the_script_of_sh_c_is_refused(template: str) -> None:
    with pytest.raises(ConfigError, match=r"\{version\} is in the script of `.*sh -c`"):
        render_command(template, {"version": "1.0"})


def test_every_hook_gets_its_values_as_environment_variables(tmp_path: Path) -> None:
    values = {"version": "1.0'$(touch X)'", "target": "blue", "env": "prod", "base_url": "u"}
    shell = run_command(
        'printf "%s|%s" "$GREENLIGHT_VERSION" "$GREENLIGHT_TARGET" > out; cat out',
        values,
        timeout=10,
        cwd=tmp_path,
    )
    plain = run_command("printenv GREENLIGHT_ENV GREENLIGHT_BASE_URL", values, timeout=10)
    explicit = run_command("sh -c 'printf %s \"$1\"' sh {version}", values, timeout=10)

    assert shell.tail == "1.0'$(touch X)'|blue"
    assert plain.tail == "prod\nu"
    assert explicit.tail == "1.0'$(touch X)'"
    assert not (tmp_path / "X").exists()


def test_the_command_shown_is_what_runs() -> None:
    assert render("deploy {target} {version}", {"target": "blue", "version": "1 2"}) == (
        "deploy blue '1 2'"
    )
    assert render('deploy "$GREENLIGHT_VERSION" && x', {"version": "1"}) == (
        'deploy "$GREENLIGHT_VERSION" && x'
    )


def test_a_missing_program_is_a_result_not_a_crash(tmp_path: Path) -> None:
    result = run_command("no-such-program-here {version}", {"version": "1"}, timeout=10)

    assert result.exit_code == 127
    assert result.tail == "greenlight: cannot run no-such-program-here: No such file or directory"
    assert result.summary == "`no-such-program-here 1` exited with 127"


def test_a_summary_is_one_line_whatever_the_command_holds() -> None:
    result = run_command("printf %s {version}", {"version": "1\ngreenlight: GO"}, timeout=10)
    assert "\n" not in result.summary
    assert result.summary == "`printf %s '1\\ngreenlight: GO'` exited with 0"


def test_hook_templates_are_checked_when_the_file_is_read() -> None:
    assert unknown_placeholders("deploy/promote.sh {version} {target}", HOOK_PLACEHOLDERS) == ""
    assert unknown_placeholders('echo "$GREENLIGHT_VERSION" > out', HOOK_PLACEHOLDERS) == ""
    assert unknown_placeholders("echo {version} > out", HOOK_PLACEHOLDERS).startswith(
        "{version} at column 6 is in a command that runs in a shell (it uses `>`)"
    )
    assert unknown_placeholders("sh -c 'deploy {target}'", COMMANDS["deploy"]).startswith(
        "{target} is in the script of `sh -c`"
    )
    assert unknown_placeholders("awk '{print $1}'", HOOK_PLACEHOLDERS).startswith(
        "'{print $1}' at column 6 is not a {placeholder}"
    )
    assert unknown_placeholders("deploy 'open", HOOK_PLACEHOLDERS).startswith("cannot split")
