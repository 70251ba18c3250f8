"""Secrets: values that come only from process environment variables and never show.

    >>> secrets = Secrets({"admin_token": "s3cr3t"})
    >>> secrets.mask("Authorization: Bearer s3cr3t")
    'Authorization: Bearer ***'
    >>> secrets
    Secrets(admin_token=***)

Anything greenlight writes (error messages, HTTP exchanges, reports) passes through
:meth:`Secrets.mask`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

MASK = "***"
# Short values would mask ordinary words; a secret this short is refused at load time.
MIN_LENGTH = 4


class Secrets(Mapping[str, str]):
    def __init__(self, values: Mapping[str, str] | None = None) -> None:
        self._values = dict(values or {})

    def __getitem__(self, name: str) -> str:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={MASK}" for name in self._values)
        return f"Secrets({shown})"

    def mask(self, text: str) -> str:
        # Longest first, so a secret that contains another is masked whole.
        for value in sorted(self._values.values(), key=len, reverse=True):
            if len(value) >= MIN_LENGTH:
                text = text.replace(value, MASK)
        return text
