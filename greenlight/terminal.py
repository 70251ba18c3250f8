"""Terminal-safe text: every line greenlight prints shows control characters, never obeys them.

    >>> printable("shop 1.0\\ngreenlight: GO")
    'shop 1.0\\\\ngreenlight: GO'
    >>> printable("red \\x1b[31m alert\\r")
    'red \\\\x1b[31m alert\\\\r'

Text from the system under test (a version, an error message, a hook's output) reaches
the summary lines greenlight prints. A newline in it would start a line of its own (a
forged ``greenlight: GO`` after the real NO-GO), a carriage return would overwrite the
line, an escape sequence would recolour or clear the terminal. :func:`printable` shows
each such character as its escape (``\\n``, ``\\r``, ``\\x1b``, ``\\u2028``) instead, so
one call is one line on the screen. Other text passes unchanged (backslashes too); the
function is idempotent, so a line escaped twice reads the same.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Unicode's own line breaks and the bidirectional overrides that reorder what is shown.
_FORMAT = frozenset("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(text: str) -> str:
    """``text`` with every control character (C0, DEL, C1, line separators) escaped."""
    if text.isprintable():  # the common case: nothing to do
        return text
    return "".join(_escaped(char) for char in text)


def printable_lines(lines: Iterable[str]) -> list[str]:
    """Each line made :func:`printable`: still exactly one screen line each."""
    return [printable(line) for line in lines]


def _escaped(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    if unicodedata.category(char) == "Cc" or char in _FORMAT:
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char
