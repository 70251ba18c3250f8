"""``${NAME}`` and ``${NAME:-default}`` references to process environment variables.

    >>> expand("${SHOP_URL:-http://127.0.0.1:8000}/", {"SHOP_URL": "https://shop.example"})
    'https://shop.example/'

A reference to an unset variable without a default is reported, not silently emptied:
:func:`expand` raises :class:`UnsetVariable` naming it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_REFERENCE = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?P<default>[^}]*))?\}")


class UnsetVariable(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def expand(text: str, environ: Mapping[str, str]) -> str:
    """Replace every ``${...}`` reference in ``text`` with its value from ``environ``."""

    def substitute(match: re.Match[str]) -> str:
        name, default = match.group("name"), match.group("default")
        value = environ.get(name)
        if value:
            return value
        if default is not None:
            return default
        raise UnsetVariable(name)

    return _REFERENCE.sub(substitute, text)
