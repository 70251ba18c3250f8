"""The one reader of ``verdict.json``: a verdict checked against the schema, or one clear error.

    >>> document = read_verdict(Path("reports/prod/verdict.json"))
    >>> document["decision"], document["reasons"]
    ('no-go', ['1 of 14 scenarios failed: Checkout (api).'])

Every reader of a verdict (``greenlight verdict``, the smoke gate of a release, the
report's verdict page) goes through :func:`read_verdict`, so a missing, unreadable or
invalid file is reported in the same words everywhere, and never read as a go: the
document must match ``schema.json`` (:func:`~greenlight.verdict.decision.validate`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from greenlight.errors import ConfigError
from greenlight.verdict.decision import GO, validate

__all__ = ["GO", "MissingVerdict", "UnreadableVerdict", "read_verdict"]


class UnreadableVerdict(ConfigError):
    """No usable verdict at the path; the message says why, with the path."""


class MissingVerdict(UnreadableVerdict):
    """No file at all at the path: a run that did not get to write one."""


def read_verdict(path: Path) -> dict[str, Any]:
    """The verdict at ``path``, valid by the schema; :class:`UnreadableVerdict` otherwise."""
    # Imported here: jsonschema is only needed when a verdict is read (see validate).
    import jsonschema

    try:
        document: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MissingVerdict(
            ["no such verdict file; a smoke run writes one (see --verdict)"], source=str(path)
        ) from None
    except OSError as error:
        raise UnreadableVerdict(
            [f"cannot read the verdict: {error.strerror}"], source=str(path)
        ) from None
    except ValueError as error:  # also a file that is not UTF-8
        raise UnreadableVerdict([f"not JSON: {error}"], source=str(path)) from None
    try:
        validate(document)
    except jsonschema.ValidationError as error:
        where = "/".join(str(part) for part in error.absolute_path) or "the document"
        raise UnreadableVerdict(
            [f"not a greenlight verdict: {where}: {error.message}"], source=str(path)
        ) from None
    verdict: dict[str, Any] = document  # the schema says it is an object
    return verdict
