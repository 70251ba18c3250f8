"""Text from the system: versions are plain or refused, lines are printable, ${VAR} is text."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from greenlight.config.interpolation import UnsetVariable, expand_arguments
from greenlight.placeholders import render_argv
from greenlight.probes.health import Reading, plain_version, read_version, system_version
from greenlight.terminal import printable, printable_lines
from tests.framework.unit.test_one_reader import HealthServer


@pytest.fixture
def health() -> Iterator[HealthServer]:
    server = HealthServer()
    yield server
    server.http.shutdown()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1.0\ngreenlight: GO", "1.0\\ngreenlight: GO"),
        ("over\rwrite", "over\\rwrite"),
        ("\x1b[2Jclear", "\\x1b[2Jclear"),
        ("nul\x00 del\x7f c1\x9b", "nul\\x00 del\\x7f c1\\x9b"),
        ("line\u2028sep \u202eevil", "line\\u2028sep \\u202eevil"),
        ("tab\there", "tab\\there"),
        ("plain é ü 日本 \\n", "plain é ü 日本 \\n"),
    ],
)
def test_control_characters_are_shown_not_obeyed(text: str, shown: str) -> None:
    assert printable(text) == shown
    assert printable(printable(text)) == shown  # escaping twice changes nothing
    assert printable_lines([text, "ok"]) == [shown, "ok"]


@pytest.mark.parametrize("version", ["1.0.0", "2.1.0-rc.1+build.7", "v3", "20240101_1", "a" * 64])
def test_a_plain_version_is_a_version(version: str) -> None:
    assert plain_version(version) == version


@pytest.mark.parametrize(
    "version", ["", "1.0'$(touch X)'", "1.0\n", "1.0 --fault x", "{x}", "a" * 65, "1.0\x1b", "é"]
)
def test_anything_else_is_no_version(version: str) -> None:
    assert plain_version(version) is None


def test_the_reader_says_what_is_wrong_with_a_version_that_is_none(health: HealthServer) -> None:
    health.body = json.dumps(
        {"status": "ok", "version": "1.0'$(touch X)'\ngreenlight: GO"}
    ).encode()

    reading = read_version(health.url, "/health", timeout=5)

    assert reading.version is None
    assert system_version(health.url, "/health") is None
    assert reading.problem == (
        "the system reports a version that is not a plain version string: "
        "\"1.0'$(touch X)'\\ngreenlight: GO\"; check its health endpoint"
    )


def test_a_plain_version_has_no_problem(health: HealthServer) -> None:
    health.body = json.dumps({"version": "2.1.0"}).encode()
    assert read_version(health.url, "/health") == Reading("2.1.0", "")


@pytest.mark.parametrize(
    ("value", "argument"),
    [
        ("1.0.0 --fault checkout-error", "1.0.0 --fault checkout-error"),
        ("{workdir}", "{workdir}"),
        ("}{", "}{"),
        ("a'b\"c $(x)", "a'b\"c $(x)"),
    ],
)
def test_a_variable_stays_inside_its_one_argument_as_text(value: str, argument: str) -> None:
    command = expand_arguments(
        "{python} -m sut --version ${V:-1.0.0} --db {workdir}/x", {"V": value}
    )

    argv = render_argv(command, {"python": "py", "workdir": "/w"})

    assert argv == ["py", "-m", "sut", "--version", argument, "--db", "/w/x"]


def test_a_variable_inside_quotes_and_a_default_with_spaces_stay_in_their_argument() -> None:
    command = expand_arguments('run "--name=a ${N}" ${D:-two words}', {"N": "{b} c"})
    assert render_argv(command, {}) == ["run", "--name=a {b} c", "two words"]


def test_an_unset_variable_is_still_reported_and_no_reference_is_left_alone() -> None:
    with pytest.raises(UnsetVariable, match="MISSING"):
        expand_arguments("run ${MISSING}", {})
    assert expand_arguments("{python} -m sut", {}) == "{python} -m sut"
