"""Problems of the environments file, each saying where, what, and what to do.

    >>> where(("prod", "probes", 1, "kind"), {"prod": {"probes": [{}, {"name": "p95"}]}})
    "[[prod.probes]] 'p95'.kind"
    >>> str(Problem(("prod", "sensitve"), "[prod].sensitve: unknown key (did you mean 'sensitive'?)"))
    "[prod].sensitve: unknown key (did you mean 'sensitive'?)"

:func:`translate` turns ``jsonschema`` errors into problems in words. The schema's own
annotations shape them: ``title`` is the subject of a message about a table ("the
canary strategy needs ..."), ``x-expect`` says in words what a value must be, and
``x-hint`` says what to do. :func:`ordered` sorts problems in the order of the file.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only its errors pass through here; the validator imports it
    from jsonschema import ValidationError

Path = tuple[str | int, ...]
# Sections written as tables of their own: [prod.release], [local.embedded], [[prod.probes]].
_TABLES = ("embedded", "release", "watch", "notify")
_TOML_TYPES = {str: "string", int: "integer", float: "float", bool: "boolean"}
_TOML_TYPES |= {list: "array", dict: "table", datetime: "date-time", date: "date", time: "time"}
_TYPE_WORDS = {
    "string": "a string",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "object": "a table",
    "array": "a list",
}


@dataclass(frozen=True)
class Problem:
    path: Path  # where in the document the problem is, for ordering
    message: str

    def __str__(self) -> str:
        return self.message


def suggest(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate, or nothing."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def where(path: Path, document: Any) -> str:
    """The place of ``path`` as a reader finds it in the TOML file."""
    if not path:
        return "the file"
    env, rest = f"{path[0]}", list(path[1:])
    if rest and rest[0] == "probes" and len(rest) > 1 and isinstance(rest[1], int):
        probe = _lookup(document, path[:3])
        name = probe.get("name") if isinstance(probe, dict) else None
        head = (
            f"[[{env}.probes]] '{name}'"
            if isinstance(name, str)
            else f"[[{env}.probes]] #{rest[1] + 1}"
        )
        rest = rest[2:]
    elif rest and rest[0] in _TABLES:
        head, rest = f"[{env}.{rest[0]}]", rest[1:]
    else:
        head = f"[{env}]"
    # List items count from 1, as a reader counts them: steps #3 is the third step.
    return head + "".join(f" #{part + 1}" if isinstance(part, int) else f".{part}" for part in rest)


def ordered(problems: Iterable[Problem], document: Any) -> list[str]:
    """Problem messages in the order their places appear in the file, each once."""
    unique = {problem.message: problem for problem in problems}
    ranked = sorted(unique.values(), key=lambda problem: _position(document, problem.path))
    return [problem.message for problem in ranked]


def translate(
    errors: Iterable[ValidationError],
    document: Any,
    defs: Mapping[str, Any],
    prefix: Path = (),
) -> list[Problem]:
    """Problems in words for ``jsonschema`` errors of the instance found at ``prefix``."""
    found: list[Problem] = []
    for error in errors:
        path = (*prefix, *error.absolute_path)
        found += _problems(error, path, document, defs)
    return found


def _problems(
    error: ValidationError, path: Path, document: Any, defs: Mapping[str, Any]
) -> list[Problem]:
    keyword, schema, value = error.validator, error.schema, error.instance
    if "propertyNames" in error.absolute_schema_path and isinstance(value, str):
        # A table name the file may not use; jsonschema reports it at the file's root.
        return [
            Problem(
                (value,), f"[{value}]: not a valid environment name: {schema.get('x-hint', '')}"
            )
        ]
    place = where(path, document)
    if keyword == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        kind = f" for {schema['title']}" if "title" in schema else ""
        return [
            Problem(
                (*path, key),
                f"{where((*path, key), document)}: unknown key{kind}{suggest(str(key), allowed) or _known(allowed)}",
            )
            for key in value
            if key not in allowed
        ]
    if keyword == "type" and len(path) == 1:
        return [
            Problem(
                path,
                f"'{path[0]}' must be a table like [{path[0]}] (got {_shown(value)}); "
                "keys above the first [table] belong to no environment",
            )
        ]
    if keyword in ("required", "anyOf", "oneOf") and _requirements(error):
        return [Problem(path, f"{place}: {_needs(error, defs)}{_hint(schema)}")]
    return [Problem(path, f"{place}: {_what(error, defs)}{_hint(schema)}")]


def _what(error: ValidationError, defs: Mapping[str, Any]) -> str:
    keyword, schema, value, bound = (
        error.validator,
        error.schema,
        error.instance,
        error.validator_value,
    )
    got = f" (got {_short(value)})"
    if keyword == "enum":
        options = [str(option) for option in bound]
        listed = " or ".join(options) if len(options) == 2 else "one of " + ", ".join(options)
        hint = suggest(value, options) if isinstance(value, str) else ""
        return f"must be {listed} (got {value!r}{'; ' + hint.strip(' ()') if hint else ''})"
    if keyword == "format":
        return f"not a regular expression ({error.cause})" if bound == "regex" else error.message
    if keyword == "uniqueItems":
        twice = next(item for index, item in enumerate(value) if item in value[:index])
        return f"lists {twice!r} more than once"
    if "x-expect" in schema:
        shown = _shown(value) if keyword == "type" else _short(value)
        return f"must be {schema['x-expect']} (got {shown})"
    if keyword == "type":
        return f"must be {_describe(schema, defs)} (got {_shown(value)})"
    unit = f" {schema['x-unit']}" if "x-unit" in schema else ""
    if keyword == "minimum":
        integer = schema.get("type") == "integer"
        at_least = f"{bound}{unit} or more" if integer else f"a number of at least {bound}{unit}"
        return f"must be {at_least}{got}"
    if keyword == "exclusiveMinimum":
        return f"must be more than {bound}{unit}{got}"
    if keyword == "maximum":
        return f"must be at most {bound}{unit}{got}"
    if keyword in ("minItems", "maxItems"):
        return f"must list {'at least' if keyword == 'minItems' else 'at most'} {bound} (got {len(value)})"
    if keyword == "pattern":
        return f"must match {bound}{got}"
    return str(error.message)


def _requirements(error: ValidationError) -> list[str]:
    """The keys a ``required`` error, or an anyOf/oneOf of ``required`` branches, asks for."""
    if error.validator == "required":
        return [key for key in error.validator_value if key not in error.instance]
    branches = error.validator_value
    if all(set(branch) == {"required"} for branch in branches):
        return [key for branch in branches for key in branch["required"]]
    return []


def _needs(error: ValidationError, defs: Mapping[str, Any]) -> str:
    properties = error.schema.get("properties", {})
    keys = ", ".join(
        _example(key, _resolved(properties.get(key, {}), defs)) for key in _requirements(error)
    )
    subject = f"{error.schema['title']} " if "title" in error.schema else ""
    if error.validator == "required":
        return f"{subject}needs {keys}"
    if error.validator == "anyOf":
        return f"{subject}needs one of {keys}"
    return f"{subject}needs exactly one of {keys}"


def _describe(schema: Mapping[str, Any], defs: Mapping[str, Any]) -> str:
    schema = _resolved(schema, defs)
    if "x-expect" in schema:
        return str(schema["x-expect"])
    kind = schema.get("type")
    if kind == "array":
        items = _resolved(schema.get("items", {}), defs)
        inner = {"string": "strings", "object": "tables ([[...]])"}.get(items.get("type", ""))
        return f"a list of {inner}" if inner else "a list"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        inner = str(_resolved(schema["additionalProperties"], defs).get("type"))
        return {"string": "a table of strings", "object": "a table of tables"}.get(inner, "a table")
    return _TYPE_WORDS.get(str(kind), f"a {kind}")


def _resolved(schema: Mapping[str, Any], defs: Mapping[str, Any]) -> Mapping[str, Any]:
    """``schema`` with its local ``$ref`` followed; its own keys (examples...) win."""
    while "$ref" in schema and str(schema["$ref"]).startswith("#/$defs/"):
        found: Any = defs
        for part in str(schema["$ref"]).removeprefix("#/$defs/").split("/"):
            found = found[part]
        schema = {**found, **{key: value for key, value in schema.items() if key != "$ref"}}
    return schema


def _example(key: str, schema: Mapping[str, Any]) -> str:
    """``name = "error-ratio"`` from the key's first example, or just the key."""
    examples = schema.get("examples")
    return f"{key} = {json.dumps(examples[0])}" if examples else key


def _hint(schema: Mapping[str, Any]) -> str:
    return f"; {schema['x-hint']}" if "x-hint" in schema else ""


def _known(allowed: list[str]) -> str:
    return f" (known keys: {', '.join(allowed)})" if allowed else ""


def _shown(value: Any) -> str:
    """A value with its TOML type, for a value of the wrong type: ``string 'api'``."""
    return f"{_TOML_TYPES.get(type(value), type(value).__name__)} {_short(value)}"


def _short(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _lookup(document: Any, path: Path) -> Any:
    for part in path:
        try:
            document = document[part]
        except (KeyError, IndexError, TypeError):
            return None
    return document


def _position(document: Any, path: Path) -> tuple[int, ...]:
    """Where ``path`` is in the file: tables keep the order TOML read them in."""
    rank: list[int] = []
    for part in path:
        if isinstance(document, dict) and part in document:
            rank.append(list(document).index(part))
        elif isinstance(document, list) and isinstance(part, int) and part < len(document):
            rank.append(part)
        else:
            rank.append(1 << 30)  # merged in from [defaults], or missing: last in its table
            break
        document = document[part]
    return tuple(rank)
