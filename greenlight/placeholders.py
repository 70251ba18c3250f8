"""The one ``{name}`` placeholder dialect: listing names, and rendering for each use.

Two dialects live in ``environments.toml``, resolved at different times:

``${VAR}`` and ``${VAR:-default}``
    process environment variables, replaced when the file is read
    (:mod:`greenlight.config.interpolation`). In the embedded command each value lands
    inside the one argument it is written in, braces and all, as plain text.
``{name}``
    values known only at run time (``{version}``, ``{target}``, ``{python}``,
    ``{workdir}``), replaced here, each time a command runs or a path is needed.
    ``{{`` and ``}}`` are a literal ``{`` and ``}``; a name is letters, digits and
    ``_``. A lone brace or ``{not a name}`` is a :class:`~greenlight.errors.ConfigError`
    that says where. Values are inserted as they are: braces in a value are text.

Renderings, one per kind of setting::

    >>> render_command("deploy.sh {target} --version={version}", {"target": "blue", "version": "1.0 x"})
    ['deploy.sh', 'blue', '--version=1.0 x']
    >>> render_command('deploy.sh "$GREENLIGHT_VERSION" && notify', {"version": "1.0"})
    ['sh', '-c', 'deploy.sh "$GREENLIGHT_VERSION" && notify']
    >>> render_argv("{python} -m sut --db {workdir}/shop.db", {"python": "py", "workdir": "/my run"})
    ['py', '-m', 'sut', '--db', '/my run/shop.db']
    >>> render_text("{workdir}/system.log", {"workdir": "/tmp/run"})
    '/tmp/run/system.log'

No value is ever read by a shell. :func:`render_argv` splits the template like a shell
line first and substitutes into each argument, so a value with spaces, quotes or
``$(...)`` stays one argument and the program runs without a shell. A template that
needs a shell (:func:`shell_syntax`: ``&&``, a pipe, a redirection...) runs as
``sh -c TEMPLATE``, and a placeholder in it is refused: the shell would read its value
as code. Such a command reads the values from environment variables instead
(``"$GREENLIGHT_VERSION"``, :func:`variable`), and so does the script of an explicit
``sh -c '...'``.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator, Mapping
from pathlib import Path

from greenlight.errors import ConfigError

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_ESCAPE_HINT = "write {{ and }} for a literal brace"
_OPERATORS = "|&;<>()"
_SPECIAL = {
    "*": "the wildcard `*`",
    "?": "the wildcard `?`",
    "[": "the wildcard `[`",
    "\n": "a line break",
}
_WORD_START = {"#": "a `#` comment", "~": "`~` for a home folder"}
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "mksh", "ash"})
# Commands that exist only inside a shell: as a first word they need one.
_BUILTINS = frozenset(
    [
        "!",
        ".",
        ":",
        "alias",
        "break",
        "case",
        "cd",
        "continue",
        "eval",
        "exec",
        "exit",
        "export",
        "for",
        "function",
        "if",
        "local",
        "read",
        "readonly",
        "return",
        "set",
        "shift",
        "source",
        "trap",
        "ulimit",
        "umask",
        "unalias",
        "unset",
        "until",
        "wait",
        "while",
    ]
)


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


def render_command(
    template: str, values: Mapping[str, object], *, where: str = "command"
) -> list[str]:
    """The argument vector a hook runs: its words, or ``sh -c`` for a template in shell syntax.

    No value is ever part of shell code: in a template that needs the shell (see
    :func:`shell_syntax`) a placeholder is refused, and the hook reads the value from
    its environment variable (:func:`variable`) instead.
    """
    syntax = shell_syntax(template, where=where)
    if not syntax:
        return render_argv(template, values, where=where)
    _check_known(template, values, where)
    for _, name, column in _parts(template, where):
        if name:
            raise ConfigError(
                [
                    f"{where}: {{{name}}} at column {column} is in a command that runs in a "
                    f"shell (it uses {syntax}), which would read the value as code; write "
                    f'"${variable(name)}" there instead, or drop the shell syntax'
                ]
            )
    return ["sh", "-c", render_text(template, {}, where=where)]


def render_argv(
    template: str, values: Mapping[str, object], *, where: str = "command"
) -> list[str]:
    """An argument vector: the template split like a shell line, then each part rendered."""
    _check_known(template, values, where)
    try:
        arguments = shlex.split(template)
    except ValueError as error:  # an unclosed quote
        raise ConfigError([f"{where}: cannot split {template!r} into arguments: {error}"]) from None
    script = _script_index(arguments)
    if script is not None and placeholders(arguments[script], where=where):
        name = sorted(placeholders(arguments[script], where=where))[0]
        raise ConfigError(
            [
                f"{where}: {{{name}}} is in the script of `{arguments[0]} -c`, which would read "
                f'the value as code; write "${variable(name)}" in the script, or pass the value '
                f"as an argument after it: {arguments[0]} -c 'deploy \"$1\"' sh {{{name}}}"
            ]
        )
    return [render_text(argument, values, where=where) for argument in arguments]


def variable(name: str) -> str:
    """The environment variable that carries placeholder ``name``'s value: ``GREENLIGHT_NAME``."""
    return f"GREENLIGHT_{name.upper()}"


def shell_syntax(template: str, *, where: str = "command") -> str:
    """The first shell syntax ``template`` uses, in words (``'`&&`'``), or ``''`` for none.

    Shell syntax is what only a shell gives meaning to: an operator outside quotes
    (``| & ; < > ( )``), a ``$`` expansion or a backquote (also inside double quotes),
    a wildcard (``* ? [``), ``~`` or ``#`` starting a word, a line break, a leading
    ``NAME=value``, or a shell builtin such as ``exit`` or ``cd`` as the first word.
    """
    # A placeholder is word text here: its value never reaches a shell either way.
    text = "".join(literal + ("_" if name else "") for literal, name, _ in _parts(template, where))
    quote: str | None = None
    escaped, word_start = False, True
    for index, char in enumerate(text):
        if escaped or (quote == "'" and char != "'"):
            escaped, word_start = False, False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote is not None and char == quote:
            quote = None
        elif char in "$`":
            return "a $ expansion" if char == "$" else "a `backquote`"
        elif quote is not None:
            continue
        elif char in "'\"":
            quote, word_start = char, False
        elif char in " \t":
            word_start = True
        elif char in _OPERATORS:
            run = re.match(f"[{re.escape(_OPERATORS)}]+", text[index:])
            return f"`{run.group() if run else char}`"
        elif char in _SPECIAL or (word_start and char in _WORD_START):
            return _SPECIAL.get(char) or _WORD_START[char]
        else:
            word_start = False
    try:
        first = shlex.split(text)[:1]
    except ValueError:  # an unclosed quote: render_argv says so
        return ""
    if first and _ASSIGNMENT.match(first[0]):
        return f"the variable assignment `{first[0]}`"
    if first and first[0] in _BUILTINS:
        return f"the shell builtin `{first[0]}`"
    return ""


def _script_index(arguments: list[str]) -> int | None:
    """Where the script of ``sh -c SCRIPT`` (or ``bash -ec SCRIPT``) is, if this is one."""
    if not arguments or Path(arguments[0]).name not in _SHELLS:
        return None
    given_c = False
    for index, argument in enumerate(arguments[1:], start=1):
        if argument.startswith(("-", "+")) and argument not in ("-", "--"):
            given_c = given_c or (not argument.startswith("--") and "c" in argument)
        elif given_c:
            return index
        else:
            return None  # sh SCRIPT-FILE ...: a file, not code in an argument
    return None


def _check_known(template: str, values: Mapping[str, object], where: str) -> None:
    missing = sorted(placeholders(template, where=where) - set(values))
    if missing:
        known = ", ".join(f"{{{name}}}" for name in sorted(values)) or "none"
        unknown = ", ".join(f"{{{name}}}" for name in missing)
        raise ConfigError([f"{where}: unknown placeholder(s) {unknown} (known: {known})"])
