"""The greenlight command's own surface: bare, --version, and each subcommand's help."""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from importlib import metadata

import pytest

from greenlight.cli import COMMANDS, EXAMPLES, main, parser


def _greenlight(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "greenlight.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_bare_greenlight_lists_its_commands_and_succeeds() -> None:
    done = _greenlight()
    assert done.returncode == 0, done.stderr
    assert "arguments are required" not in done.stderr
    for name in ("init", "envs", "release", "serve", "clean", "report", "verdict"):
        assert f"    {name} " in done.stdout


def test_version_prints_the_installed_version() -> None:
    done = _greenlight("--version")
    assert (done.returncode, done.stdout.strip()) == (
        0,
        f"greenlight {metadata.version('greenlight')}",
    )


def test_every_subcommand_help_opens_with_a_description(capsys: pytest.CaptureFixture[str]) -> None:
    action = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert len(action.choices) == len(COMMANDS)
    for name, sub in action.choices.items():
        assert sub.description, f"greenlight {name} --help has no description"
        with pytest.raises(SystemExit) as done:
            main([name, "--help"])
        assert done.value.code == 0
        assert " ".join(sub.description.split()) in " ".join(capsys.readouterr().out.split())


def test_every_subcommand_help_ends_with_an_example_that_parses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    top = parser()
    action = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    assert set(EXAMPLES) == set(action.choices)
    for name, example in EXAMPLES.items():
        with pytest.raises(SystemExit):
            main([name, "--help"])
        assert f"example:\n  $ {example}" in capsys.readouterr().out
        words = shlex.split(example, comments=True)
        assert words[:2] == ["greenlight", name]
        assert top.parse_args(words[1:]).command == name  # the example is a valid command
