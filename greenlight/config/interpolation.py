"""``${NAME}`` and ``${NAME:-default}`` references to process environment variables.

    >>> expand("${SHOP_URL:-http://127.0.0.1:8000}/", {"SHOP_URL": "https://shop.example"})
    'https://shop.example/'

A reference to an unset variable without a default is reported, not silently emptied:
:func:`expand` raises :class:`UnsetVariable` naming it.

A command line (the embedded command) is split into its arguments first, and each
value goes into the argument it was written in, as plain text: spaces in a value add
no argument, and braces in it are no ``{placeholder}`` (they are doubled for
:mod:`greenlight.placeholders`, which splits the line the same way again)::

    >>> expand_arguments("sut --version ${V}", {"V": "1.0 --fault {x}"})
    "sut --version '1.0 --fault {{x}}'"
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping

_REFERENCE = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?P<default>[^}]*))?\}")
_HELD = "\x00"  # never in a command line: no program argument can hold a NUL
_TOKEN = re.compile(f"{_HELD}([0-9]+){_HELD}")


class UnsetVariable(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def expand(text: str, environ: Mapping[str, str]) -> str:
    """Replace every ``${...}`` reference in ``text`` with its value from ``environ``."""
    return _REFERENCE.sub(lambda match: _value(match, environ), text)


def expand_arguments(command: str, environ: Mapping[str, str]) -> str:
    """``command`` with each reference's value inside its one argument, braces doubled."""
    found: list[re.Match[str]] = []

    def hold(match: re.Match[str]) -> str:
        # A token with no space, quote or brace: a default such as ${V:-a b} splits whole.
        found.append(match)
        return f"{_HELD}{len(found) - 1}{_HELD}"

    held = _REFERENCE.sub(hold, command)
    if not found:
        return command
    try:
        words = shlex.split(held)
    except ValueError:  # an unclosed quote: the embedded system's start names it
        return _REFERENCE.sub(lambda match: _escaped(_value(match, environ)), command)
    return shlex.join(
        _TOKEN.sub(lambda token: _escaped(_value(found[int(token[1])], environ)), word)
        for word in words
    )


def _value(match: re.Match[str], environ: Mapping[str, str]) -> str:
    name, default = match.group("name"), match.group("default")
    value = environ.get(name)
    if value:
        return value
    if default is not None:
        return default
    raise UnsetVariable(name)


def _escaped(text: str) -> str:
    """Braces doubled, so the ``{name}`` dialect reads them as text."""
    return text.replace("{", "{{").replace("}", "}}")
