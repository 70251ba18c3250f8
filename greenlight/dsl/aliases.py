"""Aliases: the test says "alice", the system sees "alice-k3f9x2ab7q".

Each test gets its own :class:`Aliases`, so scenarios sharing one environment (and
parallel workers sharing one system) never see each other's data. On a sensitive
environment the environment's ``alias_prefix`` (e.g. ``gl-smoke-``) marks every name
the suite creates, so leftovers can be found and removed.

    >>> aliases = Aliases(prefix="gl-smoke-")
    >>> aliases.real("alice")
    'gl-smoke-alice-k3f9x2ab7q'
    >>> aliases.real("alice")          # stable within the test
    'gl-smoke-alice-k3f9x2ab7q'
    >>> aliases.shown("alice")
    'alice (gl-smoke-alice-k3f9x2ab7q)'
"""

from __future__ import annotations

import re
import secrets
import string

_ALPHABET = string.ascii_lowercase + string.digits
# 36**10 (about 3.7e15) suffixes: 10_000 tests naming "alice" at once on one system meet
# with odds of about 1 in 70 million (and each test removes its names when it ends), while
# "alice-k3f9x2ab7q" still reads at a glance in a report.
_SUFFIX_LENGTH = 10
# Names are used as user names, SKUs and the like: keep them to what any system accepts.
_ALLOWED = re.compile(r"[^a-z0-9-]+")


class Aliases:
    """One test's aliases and the real names made for them, each with ``prefix`` first.

    >>> Aliases(prefix="gl-smoke-").real("alice")
    'gl-smoke-alice-k3f9x2ab7q'
    """

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self._real: dict[str, str] = {}

    def real(self, alias: str) -> str:
        """The name the system sees for ``alias``, made on first use."""
        if alias not in self._real:
            self._real[alias] = self._fresh(alias)
        return self._real[alias]

    def alias_of(self, real: str) -> str:
        """The alias behind a real name, or the name itself when it is not an alias."""
        for alias, name in self._real.items():
            if name == real:
                return alias
        return real

    def shown(self, alias: str) -> str:
        """How messages and reports show an alias: both names."""
        return f"{alias} ({self.real(alias)})"

    def known(self) -> dict[str, str]:
        """Every alias made so far, with its real name (a copy)."""
        return dict(self._real)

    def _fresh(self, alias: str) -> str:
        base = _ALLOWED.sub("-", alias.lower()).strip("-") or "x"
        taken = set(self._real.values())
        while True:
            suffix = "".join(secrets.choice(_ALPHABET) for _ in range(_SUFFIX_LENGTH))
            name = f"{self.prefix}{base}-{suffix}"
            if name not in taken:
                return name
