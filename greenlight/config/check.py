"""Every problem of an environments file in one list: its structure, then what it means.

    >>> file_problems(tomllib.loads('[prod]\\nsensitve = true\\n[prod.release]\\ndeploy = "d {taget}"'))
    ['[prod] needs either services = { name = "URL" } or an [prod.embedded] table',
     "[prod].sensitve: unknown key (did you mean 'sensitive'?)",
     '[prod.release].deploy: unknown placeholder(s) {taget} (known: {python}, {target}, {version})']

The structure is the schema's (:mod:`greenlight.config.schema`), checked on each table
as written, ``[defaults]`` included. The meaning (URLs, expressions, placeholders,
targets a section names, thresholds that contradict) is checked on each environment
with its defaults merged in, since that is what a run uses. Nothing here depends on
the process environment: unset variables are the loader's (:mod:`greenlight.config.load`).

:func:`section_problems` checks one section the same way for the objects built from an
:class:`Environment` (probes, a release, the release policy), so an environment made
in code is held to the same rules as one read from the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from greenlight.config.environment import Environment, environment_names, merged, written_urls
from greenlight.config.messages import Problem, ordered
from greenlight.config.policy import policy_problems
from greenlight.config.probes import probe_problems
from greenlight.config.release import release_problems
from greenlight.config.schema import structure
from greenlight.config.sensitivity import file_rules
from greenlight.config.watch import watch_problems
from greenlight.urls import check_url

# The keys of an environment each object built from it reads.
SECTIONS: dict[str, tuple[str, ...]] = {
    "probes": ("probes", "probe_interval"),
    "release": ("release",),
    "policy": (
        "mode",
        "promote",
        "rollback",
        "hook_timeout",
        "reruns",
        "flaky_blocks",
        "fail_fast",
        "required",
    ),
    "watch": ("watch", "slos", "notify"),
}


def file_problems(tables: Mapping[str, Any]) -> list[str]:
    """Every problem of a whole environments file, in the order of the file."""
    found = structure(tables) + file_rules(tables)
    for name in environment_names(tables):
        env = merged(tables, name)
        targets = env.get("targets")
        found += _system(name, env)
        found += probe_problems(name, env)
        found += release_problems(name, env, list(targets) if isinstance(targets, dict) else [])
        found += policy_problems(name, env)
        found += watch_problems(name, env)
    return ordered(found, tables)


def section_problems(env: Environment, section: str) -> list[str]:
    """Every problem of one section (``probes``, ``release``, ``policy``, ``watch``) of ``env``.

    None when the whole file's check already passed these very settings.
    """
    if env.checked is not None and env.checked is env.settings:
        return []
    keys = SECTIONS[section]
    settings = dict(env.settings)
    document = {env.name: settings}
    found = [
        problem for problem in structure(document) if problem.path[1:2] in [(k,) for k in keys]
    ]
    if section == "probes":
        found += probe_problems(env.name, settings)
    elif section == "release":
        found += release_problems(env.name, settings, list(env.targets))
    elif section == "watch":
        found += watch_problems(env.name, settings)
    else:
        found += policy_problems(env.name, settings)
    return ordered(found, document)


def _system(name: str, env: Mapping[str, Any]) -> list[Problem]:
    """Where the system is: services or an embedded one, at URLs that are well formed."""
    found: list[Problem] = []
    if "services" not in env and "embedded" not in env:
        found.append(
            Problem(
                (name,),
                f'[{name}] needs either services = {{ name = "URL" }} or an [{name}.embedded] table',
            )
        )
    for parts, url in written_urls(env):
        if "${" not in url:  # with a variable: checked once expanded
            found += [
                Problem((name, *parts), problem)
                for problem in check_url(url, f"[{name}]." + ".".join(parts))
            ]
    return found
