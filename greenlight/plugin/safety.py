"""Safety on sensitive runs, after pytest-selenium's sensitive-URL guard.

On a sensitive run only ``@smoke`` scenarios run; a ``@destructive`` one never does,
however it was picked (node id, ``-k``, ``-m``); a scenario marked both is a
collection error, since it cannot be both safe and not. A run is sensitive when its
environment is (the default), or when it points at a sensitive host, whatever its
environment's name (:mod:`greenlight.config.sensitivity`); the header and the summary
say why.

    $ pytest --env=staging --base-url=https://shop.example.com
    WARNING: THIS RUN OF STAGING IS SENSITIVE: only @smoke scenarios run, never @destructive
    greenlight: sensitive because staging points at shop.example.com, a host of sensitive environment prod ([prod].services.shop)
"""

from __future__ import annotations

from typing import Any

import pytest

from greenlight.plugin.context import RunContext
from greenlight.plugin.scenarios import CHECK, is_check, where

SMOKE = "smoke"
DESTRUCTIVE = "destructive"
_DESELECTED = pytest.StashKey[dict[str, int]]()
_WORKER_KEY = "greenlight_sensitive_deselected"


def configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{SMOKE}: safe to run against production after a deploy")
    config.addinivalue_line(
        "markers", f"{DESTRUCTIVE}: changes shared state; never runs on a sensitive environment"
    )
    config.addinivalue_line(
        "markers",
        f"{CHECK}: a plain pytest test that counts in the release verdict, as a scenario does",
    )
    env = RunContext.of(config).env
    # The environment's default selection applies only when the user chose none.
    if env.select and not config.getoption("markexpr"):
        config.option.markexpr = env.select


def guard(config: pytest.Config, items: list[pytest.Item]) -> None:
    env = RunContext.of(config).env
    # One line per scenario, not per channel it would run through.
    conflicting = {
        where(item): item
        for item in items
        if item.get_closest_marker(SMOKE) and item.get_closest_marker(DESTRUCTIVE)
    }
    if conflicting:
        names = "\n".join(f"  - {name}" for name in conflicting)
        raise pytest.UsageError(
            f"{len(conflicting)} scenario(s) tagged both @smoke and @destructive; a smoke scenario must be "
            f"safe to run in production, so remove one of the tags:\n{names}"
        )
    if not env.sensitive:
        return
    kept, destructive, unsafe = [], [], []
    for item in items:
        if item.get_closest_marker(DESTRUCTIVE):
            destructive.append(item)
        elif not item.get_closest_marker(SMOKE):
            unsafe.append(item)
        else:
            kept.append(item)
    if destructive or unsafe:
        config.hook.pytest_deselected(items=destructive + unsafe)
        items[:] = kept
    config.stash[_DESELECTED] = {
        "destructive": sum(map(is_check, destructive)),
        "not smoke": sum(map(is_check, unsafe)),
        "other tests": sum(not is_check(item) for item in destructive + unsafe),
    }
    # An xdist worker collects and deselects; the controller, which prints the line, does not.
    output = getattr(config, "workeroutput", None)
    if output is not None:
        output[_WORKER_KEY] = config.stash[_DESELECTED]


def worker_down(config: pytest.Config, node: Any) -> None:
    """In the controller: every worker deselected the same; any one of them says how many."""
    counts = getattr(node, "workeroutput", {}).get(_WORKER_KEY)
    if isinstance(counts, dict) and _DESELECTED not in config.stash:
        config.stash[_DESELECTED] = {key: int(value) for key, value in counts.items()}


def summary(config: pytest.Config) -> str | None:
    counts = config.stash.get(_DESELECTED, None)
    run = RunContext.find(config)
    if counts is None or run is None or not any(counts.values()):
        return None
    others = (
        f", and {counts['other tests']} test(s) that are not release checks"
        if counts["other tests"]
        else ""
    )
    return (
        f"greenlight: {run.env.name} is sensitive{_because(run)}: deselected {counts['not smoke']} scenario(s) "
        f"not tagged @smoke and {counts['destructive']} tagged @destructive{others} "
        "(only @smoke scenarios run on a sensitive environment)"
    )


def header(config: pytest.Config) -> list[str]:
    run = RunContext.find(config)
    if run is None:
        return []
    env = run.env
    target = env.target or "default"
    urls = (
        ", ".join(f"{name}={url or '(embedded)'}" for name, url in env.services.items())
        or "(embedded)"
    )
    lines = [f"greenlight: environment {env.name}, target {target}, {urls}"]
    judged = run.sensitivity
    rule = "only @smoke scenarios run, never @destructive"
    if judged is None or judged.own:
        if env.sensitive:
            lines.append(f"WARNING: {env.name.upper()} IS A SENSITIVE ENVIRONMENT: {rule}")
        return lines
    if env.sensitive:
        lines.append(f"WARNING: THIS RUN OF {env.name.upper()} IS SENSITIVE: {rule}")
    lines += [f"greenlight: sensitive because {reason}" for reason in judged.reasons]
    lines += [f"greenlight: note: {note}" for note in judged.notes]
    return lines


def _because(run: RunContext) -> str:
    # Why a run of an environment that is not sensitive itself is sensitive.
    judged = run.sensitivity
    return f" ({'; '.join(judged.reasons)})" if judged and not judged.own else ""
