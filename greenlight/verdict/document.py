"""The verdict document as a file holds it: masked, and checked against its JSON Schema.

    >>> text = json.dumps(masked(verdict.document, env.secrets))
    >>> validate(json.loads(text))        # jsonschema.ValidationError if it is no verdict

``schema.json`` (next to this module) defines and versions the document's shape.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from greenlight.secrets import Secrets


def masked(value: Any, secrets: Secrets) -> Any:
    """The document with every string masked; a credential-named key's value whole."""
    if isinstance(value, str):
        return secrets.mask(value)
    if isinstance(value, dict):
        return {
            key: secrets.mask_value(key, item)
            if isinstance(item, str) and isinstance(key, str)
            else masked(item, secrets)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [masked(item, secrets) for item in value]
    return value


@cache
def schema() -> dict[str, Any]:
    text = resources.files("greenlight.verdict").joinpath("schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def validate(document: Any) -> None:
    """Raise ``jsonschema.ValidationError`` when the document is not a verdict."""
    # Imported here: only `greenlight verdict` validates, and jsonschema (with its
    # dependencies) would otherwise add to the start-up of every pytest run.
    import jsonschema

    jsonschema.validate(document, schema())
