"""The ``release`` section of an environment, checked whole before anything is deployed.

    [prod.release]
    mode = "deployment"                       # or "delivery": stop before the final switch
    suite = ["tests/acceptance"]              # what the smoke gate runs (pytest arguments)
    targets = ["blue", "green"]               # blue-green: the two targets of [prod.targets]
    live = "lb live"                          # prints the live target's name
    deploy = "deploy-shop {target} {version}"
    switch = "lb switch {target}"

    >>> spec = release_spec(env, "blue-green")
    >>> spec.command("deploy"), spec.mode
    ('deploy-shop {target} {version}', 'deployment')

Each strategy names the keys it needs (``#/$defs/strategies`` of the configuration's
schema); a missing one is a usage error that lists them all. Commands may use only the
placeholders their step provides, so a typo is caught here too: the section is checked
with the rest of the file (:mod:`greenlight.config.release`), and again here for an
environment built in code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from greenlight.config.check import section_problems
from greenlight.config.environment import Environment
from greenlight.config.messages import ordered, suggest
from greenlight.config.release import STRATEGIES, strategy_problems
from greenlight.config.schema import choices, definition
from greenlight.errors import ConfigError

MODES = choices("mode")

__all__ = ["MODES", "STRATEGIES", "ReleaseSpec", "release_spec"]


@dataclass(frozen=True)
class ReleaseSpec:
    """One environment's release settings for one strategy, validated."""

    strategy: str
    mode: str
    settings: Mapping[str, Any]
    hook_timeout: float = 60.0
    gate_timeout: float = 300.0
    suite: tuple[str, ...] = ()

    def command(self, name: str) -> str:
        return str(self.settings[name])

    def has(self, name: str) -> bool:
        return name in self.settings

    def number(self, name: str, default: float) -> float:
        return float(self.settings.get(name, default))

    def names(self, key: str) -> list[str]:
        return [str(item) for item in self.settings[key]]

    @property
    def steps(self) -> list[int]:
        return [int(step) for step in self.settings["steps"]]


def release_spec(env: Environment, strategy: str) -> ReleaseSpec:
    """The environment's ``release`` section for ``strategy``, or a ConfigError naming every problem."""
    if strategy not in STRATEGIES:
        raise ConfigError(
            [
                f"unknown strategy '{strategy}'{suggest(strategy, STRATEGIES)}; choose one of: {', '.join(STRATEGIES)}"
            ]
        )
    raw = env.settings.get("release")
    if not isinstance(raw, dict):
        needed = ", ".join(definition(f"strategies/{strategy}")["required"])
        raise ConfigError(
            [f"[{env.name}.release] is missing; the {strategy} strategy needs: {needed}"],
            source=str(env.source),
        )
    settings = dict(env.settings)
    problems = section_problems(env, "release")
    problems += ordered(strategy_problems(env.name, settings, strategy), {env.name: settings})
    if problems:
        raise ConfigError(problems, source=str(env.source))
    return ReleaseSpec(
        strategy=strategy,
        mode=str(raw.get("mode", env.settings.get("mode", "delivery"))),
        settings=raw,
        hook_timeout=float(raw.get("hook_timeout", env.settings.get("hook_timeout", 60.0))),
        gate_timeout=float(raw.get("gate_timeout", 300.0)),
        suite=tuple(str(item) for item in raw.get("suite", ())),
    )
