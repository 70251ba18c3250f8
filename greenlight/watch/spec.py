"""An environment's watch settings, checked: ``[ENV.watch]``, ``[[ENV.slos]]``, ``[ENV.notify]``.

    [prod.watch]
    for = "30m"                     # how long (default for --for)
    every = "1m"                    # from one round's start to the next (--every)
    mode = "deployment"             # the first no-go round runs rollback
    rollback = "deploy/rollback.sh {version}"   # default: [prod].rollback

    [[prod.watch.window]]           # judged over the whole window as well
    probe = "memory-growth"         # a metrics or prometheus probe of [[prod.probes]]
    [[prod.watch.window]]
    probe = "error-ratio"
    last = "5m"                     # only the last five minutes

    >>> spec = watch_spec(env, lasting=None, every=None, suite=None)
    >>> spec.lasting, spec.every, spec.mode
    (1800.0, 60.0, 'deployment')

The smoke suite is resolved as ``greenlight serve`` resolves it: ``--suite``, else the
watch section's ``suite``, else the release section's. The rules are the configuration's
(the schema and :mod:`greenlight.config.watch`); a missing duration is a usage error.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from greenlight.config.check import section_problems
from greenlight.config.environment import Environment
from greenlight.durations import seconds
from greenlight.errors import ConfigError
from greenlight.probes.spec import ProbeSpec, probe_specs
from greenlight.verdict.policy import DELIVERY, DEPLOYMENT
from greenlight.watch.slo import Slo, slos_of

__all__ = ["DELIVERY", "DEPLOYMENT", "WatchSpec", "WindowProbe", "watch_spec"]

DEFAULT_HOOK_TIMEOUT = 300.0


@dataclass(frozen=True)
class WindowProbe:
    spec: ProbeSpec
    last: float | None = None  # seconds; None: the whole window
    written: str = ""  # ``last`` as the file says it

    @property
    def span(self) -> str:
        return f"over the last {self.written}" if self.last else "since the watch began"


@dataclass(frozen=True)
class WatchSpec:
    lasting: float  # seconds
    every: float  # seconds from one round's start to the next
    mode: str
    suite: tuple[str, ...]
    gate_timeout: float = 300.0
    rollback: str | None = None
    hook_timeout: float = DEFAULT_HOOK_TIMEOUT
    window: tuple[WindowProbe, ...] = ()
    slos: tuple[Slo, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)


def watch_spec(
    env: Environment,
    *,
    lasting: float | None,
    every: float | None,
    suite: Sequence[str] | None,
    mode: str | None = None,
    undo: bool = False,
) -> WatchSpec:
    """The watch of ``env`` with the command line's values first, or one :class:`ConfigError`.

    ``undo``: a release's own undo rolls back, so no rollback command is needed.
    """
    problems = section_problems(env, "watch")
    if problems:
        raise ConfigError(problems, source=str(env.source))
    raw = env.settings.get("watch", {})
    hooks = [key for key in ("promote", "rollback") if key in env.settings]
    if env.settings.get("mode") == DEPLOYMENT and hooks:
        # Each round is a pytest run: it must not promote or roll back on its own.
        raise ConfigError(
            [
                f'[{env.name}] has mode = "deployment" with {" and ".join(hooks)}, which every '
                "pytest run carries out, so each round of the watch would too; put mode and "
                f"rollback in [{env.name}.watch] instead"
            ],
            source=str(env.source),
        )
    release = env.settings.get("release", {})
    lasting = lasting if lasting is not None else _setting(raw, "for")
    every = every if every is not None else _setting(raw, "every")
    missing = [
        f'--{option} (or {option} = "..." in [{env.name}.watch])'
        for option, value in (("for", lasting), ("every", every))
        if value is None
    ]
    if missing:
        raise ConfigError(
            [
                f"how long to watch and how often: give {' and '.join(missing)}, e.g. --for 30m --every 1m"
            ]
        )
    assert lasting is not None and every is not None
    if every <= 0 or lasting <= 0 or every > lasting:
        raise ConfigError(
            [f"--every ({every:g}s) must be above 0 and at most --for ({lasting:g}s)"]
        )
    chosen_mode = mode or raw.get("mode") or env.settings.get("mode") or DELIVERY
    rollback = raw.get("rollback", env.settings.get("rollback"))
    if chosen_mode == DEPLOYMENT and not rollback and not undo:
        raise ConfigError(
            [
                f'deployment mode needs a rollback command: rollback = "..." in [{env.name}.watch] or [{env.name}]; or use --mode delivery'
            ],
            source=str(env.source),
        )
    probes = {spec.name: spec for spec in probe_specs(env, os.environ)}
    window = tuple(
        WindowProbe(probes[table["probe"]], _setting(table, "last"), str(table.get("last", "")))
        for table in raw.get("window", [])
    )
    chosen_suite = suite if suite else raw.get("suite", release.get("suite", ()))
    return WatchSpec(
        lasting=lasting,
        every=every,
        mode=str(chosen_mode),
        suite=tuple(str(item) for item in chosen_suite),
        gate_timeout=float(release.get("gate_timeout", 300.0)),
        rollback=rollback,
        hook_timeout=float(
            raw.get("hook_timeout", env.settings.get("hook_timeout", DEFAULT_HOOK_TIMEOUT))
        ),
        window=window,
        slos=tuple(slos_of(env)),
        settings=dict(raw),
    )


def _setting(table: Any, key: str) -> float | None:
    value = table.get(key) if isinstance(table, dict) else None
    return None if value is None else seconds(value)
