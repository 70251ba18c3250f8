"""The schema of ``environments.toml`` (``environments.schema.json``) and its validators.

    >>> [problem.message for problem in structure({"prod": {"sensitve": True}})]
    ["[prod].sensitve: unknown key (did you mean 'sensitive'?)"]
    >>> choices("strategies")
    ('blue-green', 'canary', 'rolling', 'ab')

One JSON Schema describes every key of the file: environments, ``[defaults]``, probes
(a branch per ``kind``), the release section and the release policy. It is validated
with ``iter_errors``, so every structural problem is found in one pass; what a schema
cannot say (an expression that does not parse, a placeholder a command may not use)
is checked by :mod:`greenlight.config.check`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from greenlight.config.messages import Path, Problem, suggest, translate

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

__all__ = ["SCHEMA", "choices", "definition", "keys_of", "structure", "suggest", "validate"]

SCHEMA: dict[str, Any] = json.loads(
    resources.files(__package__).joinpath("environments.schema.json").read_text("utf-8")
)


def definition(name: str) -> dict[str, Any]:
    """The schema of ``#/$defs/<name>``; ``/`` reaches into branches, as in ``strategies/canary``."""
    found: dict[str, Any] = SCHEMA["$defs"]
    for part in name.split("/"):
        found = found[part]
    return found


def choices(name: str) -> tuple[str, ...]:
    """The names a definition allows: an ``enum``'s values, or a table of branches' keys."""
    found = definition(name)
    return tuple(found.get("enum", found))


def structure(document: Any) -> list[Problem]:
    """Every structural problem of a whole environments file, with where it is."""
    return translate(_validator(None).iter_errors(document), document, SCHEMA["$defs"])


def validate(instance: Any, name: str, path: Path, document: Any) -> list[Problem]:
    """Every problem of ``instance`` (found at ``path`` in ``document``) against ``#/$defs/<name>``.

    ``name`` may reach into a table of branches with ``/``, as in ``strategies/canary``.
    """
    return translate(_validator(name).iter_errors(instance), document, SCHEMA["$defs"], path)


@cache
def _validator(name: str | None) -> Draft202012Validator:
    # Imported here: an xdist worker takes the configuration the controller checked.
    from jsonschema import Draft202012Validator

    schema = SCHEMA if name is None else {"$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{name}"}
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def keys_of(name: str) -> Sequence[str]:
    """The keys a table definition allows, in the schema's order."""
    return tuple(definition(name)["properties"])
