"""The one ``{name}`` placeholder dialect: listing names, and rendering for each use.

Two dialects live in ``environments.toml``, resolved at different times:

``${VAR}`` and ``${VAR:-default}``
    process environment variables, replaced when the file is read
    (:mod:`greenlight.config.interpolation`); ``$${`` is a literal ``${``. The value
    goes into the setting as it is, so a variable holding ``{`` or ``}`` makes a
    placeholder of it: such a variable is an error of the second dialect, not a crash.
``{name}``
    values known only at run time (``{version}``, ``{target}``, ``{python}``,
    ``{workdir}``), replaced here, each time a command runs or a path is needed.
    ``{{`` and ``}}`` are a literal ``{`` and ``}``; a name is letters, digits and
    ``_``. A lone brace or ``{not a name}`` is a :class:`~greenlight.errors.ConfigError`
    that says where. Values are inserted as they are: braces in a value are text.

Three renderings, one per kind of setting::

    >>> render_shell("deploy.sh {target} --version={version}", {"target": "blue", "version": "1.0 x"})
    "deploy.sh blue --version='1.0 x'"
    >>> render_argv("{python} -m sut --db {workdir}/shop.db", {"python": "py", "workdir": "/my run"})
    ['py', '-m', 'sut', '--db', '/my run/shop.db']
    >>> render_text("{workdir}/system.log", {"workdir": "/tmp/run"})
    '/tmp/run/system.log'

:func:`render_shell` quotes each value for ``sh``, so a version string cannot add a
command. Quoting is only safe outside quotes (inside ``"..."`` the shell would still
expand ``$(...)`` in the value), so a placeholder inside quotes in the template is
refused with a message saying to remove the quotes. :func:`render_argv` splits the
template like a shell line first and substitutes into each argument, so a value with
spaces stays one argument and no shell ever sees it.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator, Mapping

from greenlight.errors import ConfigError

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_ESCAPE_HINT = "write {{ and }} for a literal brace"


def _parts(template: str, where: str) -> Iterator[tuple[str, str | None, int]]:
    """(literal text, placeholder name or None, column) in order; the one parser."""
    literal: list[str] = []
    at = 0
    while at < len(template):
        char = template[at]
        if template.startswith(("{{", "}}"), at):
            literal.append(char)
            at += 2
        elif char == "{":
            end = template.find("}", at)
            name = template[at + 1 : end] if end != -1 else ""
            if end == -1 or not _NAME.match(name):
                shown = template[at : end + 1] if end != -1 else template[at:]
                raise ConfigError(
                    [
                        f"{where}: {shown!r} at column {at + 1} is not a {{placeholder}}; {_ESCAPE_HINT}"
                    ]
                )
            yield "".join(literal), name, at + 1
            literal = []
            at = end + 1
        elif char == "}":
            raise ConfigError([f"{where}: a lone '}}' at column {at + 1}; {_ESCAPE_HINT}"])
        else:
            literal.append(char)
            at += 1
    yield "".join(literal), None, len(template) + 1


def placeholders(template: str, *, where: str = "setting") -> set[str]:
    """The names of the ``{placeholders}`` in ``template``."""
    return {name for _, name, _ in _parts(template, where) if name}


def render_text(template: str, values: Mapping[str, object], *, where: str = "setting") -> str:
    """The template with each ``{name}`` replaced by its value as it is (paths, URLs)."""
    _check_known(template, values, where)
    return "".join(
        literal + (str(values[name]) if name else "")
        for literal, name, _ in _parts(template, where)
    )


def render_shell(template: str, values: Mapping[str, object], *, where: str = "command") -> str:
    """A shell command with each ``{name}`` replaced by its value quoted for ``sh``."""
    _check_known(template, values, where)
    shown: list[str] = []
    state = _Shell()
    for literal, name, column in _parts(template, where):
        state.read(literal)
        shown.append(literal)
        if name is None:
            continue
        if state.problem:
            raise ConfigError([f"{where}: {{{name}}} at column {column} is {state.problem}"])
        shown.append(shlex.quote(str(values[name])))
    return "".join(shown)


def render_argv(
    template: str, values: Mapping[str, object], *, where: str = "command"
) -> list[str]:
    """An argument vector: the template split like a shell line, then each part rendered."""
    _check_known(template, values, where)
    try:
        arguments = shlex.split(template)
    except ValueError as error:  # an unclosed quote
        raise ConfigError([f"{where}: cannot split {template!r} into arguments: {error}"]) from None
    return [render_text(argument, values, where=where) for argument in arguments]


def _check_known(template: str, values: Mapping[str, object], where: str) -> None:
    missing = sorted(placeholders(template, where=where) - set(values))
    if missing:
        known = ", ".join(f"{{{name}}}" for name in sorted(values)) or "none"
        unknown = ", ".join(f"{{{name}}}" for name in missing)
        raise ConfigError([f"{where}: unknown placeholder(s) {unknown} (known: {known})"])


class _Shell:
    """Just enough of ``sh``'s quoting to tell whether a quoted value stays one word."""

    def __init__(self) -> None:
        self.quote: str | None = None  # the quote the template is inside of, if any
        self.after = ""  # an unescaped \ or $ just before: it would change the value's quotes

    def read(self, text: str) -> None:
        for char in text:
            if self.after == "\\":
                self.after = ""  # this character is escaped
            elif char in "\\$" and self.quote != "'":
                self.after = char
            elif self.quote is None and char in "'\"":
                self.quote, self.after = char, ""
            else:
                self.quote = None if char == self.quote else self.quote
                self.after = ""

    @property
    def problem(self) -> str:
        if self.quote is not None:
            return (
                f"inside {self.quote}quotes{self.quote}; remove the quotes: "
                "greenlight quotes every value itself"
            )
        if self.after:
            return f"right after {self.after!r}; put a space or other text between them"
        return ""
