"""The keys an environment table may hold, their types, and the checks that use them.

    >>> check_table({"sensitve": True}, ENVIRONMENT_KEYS, "[prod]")
    ["[prod].sensitve: unknown key (did you mean 'sensitive'?)"]

Sections owned by other parts of greenlight (``probes``, ``release``) are only
type-checked here; their owners check what is inside.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Key:
    kind: str  # bool, str, number, int, str-list, str-table, table, table-list, url-tables
    help: str
    keys: Mapping[str, Key] | None = None  # for a table with a fixed set of keys


_KINDS: dict[str, tuple[type, ...]] = {
    "bool": (bool,),
    "str": (str,),
    "number": (int, float),
    "int": (int,),
    "str-list": (list,),
    "str-table": (dict,),
    "table": (dict,),
    "table-list": (list,),
    "url-tables": (dict,),
}
_KIND_NAMES = {
    "bool": "true or false",
    "str": "a string",
    "number": "a number",
    "int": "a whole number",
    "str-list": "a list of strings",
    "str-table": "a table of strings",
    "table": "a table",
    "table-list": "a list of tables ([[...]])",
    "url-tables": "a table of tables of URLs",
}

EMBEDDED_KEYS: dict[str, Key] = {
    "command": Key("str", "shell-style command that starts the system and prints its URL"),
    "service": Key("str", "service name the embedded system provides"),
    "ready_timeout": Key("number", "seconds to wait for the system to become healthy"),
}
TIMEOUT_KEYS: dict[str, Key] = {
    "request": Key("number", "seconds for one HTTP request or page load"),
    "step": Key("number", "seconds for one UI action or eventually() wait"),
    "scenario": Key("number", "seconds for one scenario (pytest-timeout)"),
}
ENVIRONMENT_KEYS: dict[str, Key] = {
    "services": Key("str-table", "base URL of each service, the primary first"),
    "embedded": Key("table", "start the system locally", EMBEDDED_KEYS),
    "sensitive": Key("bool", "production-like: smoke only, never destructive (default true)"),
    "channels": Key("str-list", "channels scenarios run through by default"),
    "select": Key("str", "default marker expression, as for -m"),
    "timeouts": Key("table", "request, step and scenario timeouts", TIMEOUT_KEYS),
    "health": Key("str", "path of the health endpoint (default /health)"),
    "alias_prefix": Key("str", "prefix of every name the suite creates"),
    "variables": Key("str-table", "named values scenarios may read"),
    "secrets": Key("str-table", "secret name -> process environment variable holding it"),
    "targets": Key("url-tables", "alternate service URLs, chosen with --target"),
    "reruns": Key("int", "retries of a failed scenario (pytest-rerunfailures)"),
    "flaky_blocks": Key("bool", "whether a scenario that passed only on retry blocks a go"),
    "mode": Key("str", "delivery (recommend) or deployment (promote/rollback)"),
    "promote": Key("str", "command run on go in deployment mode"),
    "rollback": Key("str", "command run on no-go in deployment mode"),
    "hook_timeout": Key("number", "seconds a promote or rollback command may take"),
    "required": Key("str-list", "scenario names that must run for a go"),
    "probes": Key("table-list", "production health probes ([[env.probes]])"),
    "probe_interval": Key("number", "seconds between probe readings during the run"),
    "release": Key("table", "release strategy settings"),
    "links": Key("str-table", "tag prefix -> URL pattern with {}, for report links"),
}


def suggest(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate, or nothing."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_table(table: Mapping[str, Any], keys: Mapping[str, Key], where: str) -> list[str]:
    problems: list[str] = []
    for name, value in table.items():
        key = keys.get(name)
        if key is None:
            problems.append(f"{where}.{name}: unknown key{suggest(name, keys)}")
            continue
        problems += check_value(value, key, f"{where}.{name}")
    return problems


def check_value(value: Any, key: Key, where: str) -> list[str]:
    expected = _KINDS[key.kind]
    # bool is an int in Python; a number key given true is still a mistake.
    if not isinstance(value, expected) or (isinstance(value, bool) and key.kind != "bool"):
        shown = f"{type(value).__name__} {value!r}"
        return [f"{where}: must be {_KIND_NAMES[key.kind]} (got {shown})"]
    if (
        key.kind == "str-list"
        and isinstance(value, list)
        and not all(isinstance(item, str) for item in value)
    ):
        return [f"{where}: must be {_KIND_NAMES[key.kind]} (got {value!r})"]
    if key.kind == "str-table" and isinstance(value, dict):
        return [
            f"{where}.{name}: must be a string (got {type(item).__name__} {item!r})"
            for name, item in value.items()
            if not isinstance(item, str)
        ]
    if key.kind == "url-tables" and isinstance(value, dict):
        problems: list[str] = []
        for name, item in value.items():
            if not isinstance(item, dict):
                problems.append(f"{where}.{name}: must be a table of service URLs")
            else:
                problems += check_value(item, Key("str-table", ""), f"{where}.{name}")
        return problems
    if key.keys is not None and isinstance(value, dict):
        return check_table(value, key.keys, where)
    return []
