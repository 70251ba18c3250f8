"""The one ``{name}`` dialect: names, hook commands, argument vectors and plain text."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from greenlight import placeholders as dialect
from greenlight import shell
from greenlight.errors import ConfigError
from greenlight.placeholders import placeholders, render_argv, render_command, render_text


def test_names_are_listed_and_doubled_braces_are_literal() -> None:
    assert placeholders("deploy {target} {version} {{not}} {target}") == {"target", "version"}
    assert render_text("{{literal}} {name}", {"name": "x"}) == "{literal} x"


def test_shell_keeps_the_one_implementation_for_its_importers() -> None:
    assert shell.placeholders is dialect.placeholders
    assert shell.render_command is dialect.render_command


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("echo {", "'{' at column 6 is not a {placeholder}"),
        ("awk '{print $1}'", "'{print $1}' at column 6 is not a {placeholder}"),
        ("echo }", "a lone '}' at column 6"),
        ("echo {a.b}", "'{a.b}' at column 6 is not a {placeholder}"),
    ],
)
def test_a_brace_that_is_no_placeholder_says_where_and_how_to_escape(
    template: str, problem: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        placeholders(template, where="release.deploy")
    assert (
        str(raised.value) == f"release.deploy: {problem}; write {{{{ and }}}} for a literal brace"
    )


def test_an_unknown_placeholder_names_the_known_ones() -> None:
    with pytest.raises(
        ConfigError,
        match=r"release.switch: unknown placeholder\(s\) \{taget\} "
        r"\(known: \{target\}, \{version\}\)",
    ):
        render_command("lb {taget}", {"target": "blue", "version": "1"}, where="release.switch")


@pytest.mark.parametrize(
    "value",
    ["1.0.0", "1.0 beta", "$(touch pwned)", "`touch pwned`", "a'b", "{x}", "}{", ";touch pwned"],
)
def test_a_hook_value_stays_one_argument_and_never_runs(value: str, tmp_path: Path) -> None:
    argv = render_command('printf %s {version} "--v={version}"', {"version": value})

    done = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, check=True)

    assert done.stdout == f"{value}--v={value}"  # printf %s prints each argument in turn
    assert argv[1:] == ["%s", value, f"--v={value}"]
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize(
    "template",
    [
        'echo "{version}" > out',
        "echo 'v{version}' | cat",
        "echo {version}; true",
        "echo ${version}",
    ],
)
def test_a_placeholder_where_a_shell_would_read_the_value_is_refused(template: str) -> None:
    with pytest.raises(ConfigError, match=r"release.deploy: \{version\} at column \d+ is "):
        render_command(template, {"version": "$(touch pwned)"}, where="release.deploy")


def test_quotes_in_a_shell_command_are_kept() -> None:
    template = """echo "it's" 'a "b"' \\" "$GREENLIGHT_VERSION" >&2"""
    assert render_command(template, {"version": "1 2"}) == ["sh", "-c", template]


def test_an_argument_vector_is_split_before_values_go_in() -> None:
    values = {"python": "/usr/bin/python3", "workdir": "/tmp/my {run}"}

    argv = render_argv('{python} -m sut --db {workdir}/shop.db --name "a b" {{x}}', values)

    assert argv == [
        "/usr/bin/python3",
        "-m",
        "sut",
        "--db",
        "/tmp/my {run}/shop.db",
        "--name",
        "a b",
        "{x}",
    ]


def test_an_argument_vector_with_an_unclosed_quote_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"\[local.embedded\].command: cannot split"):
        render_argv('{python} -m "sut', {"python": "p"}, where="[local.embedded].command")
