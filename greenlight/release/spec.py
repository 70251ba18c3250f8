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

Each strategy names the keys it needs; a missing one is a usage error that lists them all.
Commands may use only the placeholders their step provides, so a typo is caught here too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from greenlight.config.environment import Environment
from greenlight.config.schema import suggest
from greenlight.errors import ConfigError
from greenlight.release.compare import KEYS as COMPARE_KEYS
from greenlight.release.compare import check as check_comparison
from greenlight.shell import placeholders

STRATEGIES = ("blue-green", "canary", "rolling", "ab")
MODES = ("delivery", "deployment")

# The placeholders each command's step fills in; {python} is the running interpreter.
COMMANDS: dict[str, frozenset[str]] = {
    "live": frozenset(),
    "deploy": frozenset({"target", "version"}),
    "switch": frozenset({"target", "version"}),
    "weight": frozenset({"target", "weight", "version"}),
    "promote": frozenset({"target", "version"}),
    "replace": frozenset({"instance", "target", "version"}),
    "restore": frozenset({"instance", "target", "version"}),
    "metric": frozenset({"target", "version"}),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "blue-green": ("targets", "live", "deploy", "switch"),
    "canary": ("canary", "deploy", "weight", "steps", "interval"),
    "rolling": ("instances", "replace"),
    "ab": ("variants", "deploy", "weight", "window", "metric"),
}
OPTIONAL: dict[str, tuple[str, ...]] = {
    "blue-green": (),
    "canary": ("promote", *COMPARE_KEYS),
    "rolling": ("restore",),
    "ab": ("share", "alpha"),
}
COMMON = ("mode", "hook_timeout", "gate_timeout", "suite")
NUMBERS = ("interval", "window", "hook_timeout", "gate_timeout", "share", "alpha")


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
    where = f"[{env.name}.release]"
    if strategy not in STRATEGIES:
        raise ConfigError(
            [
                f"unknown strategy '{strategy}'{suggest(strategy, STRATEGIES)}; choose one of: {', '.join(STRATEGIES)}"
            ]
        )
    raw = env.settings.get("release")
    if not isinstance(raw, dict):
        needed = ", ".join(REQUIRED[strategy])
        raise ConfigError(
            [f"{where} is missing; the {strategy} strategy needs: {needed}"], source=str(env.source)
        )
    problems = _check(raw, strategy, env, where)
    if problems:
        raise ConfigError(problems, source=str(env.source))
    mode = str(raw.get("mode", env.settings.get("mode", "delivery")))
    return ReleaseSpec(
        strategy=strategy,
        mode=mode,
        settings=raw,
        hook_timeout=float(raw.get("hook_timeout", env.settings.get("hook_timeout", 60.0))),
        gate_timeout=float(raw.get("gate_timeout", 300.0)),
        suite=tuple(str(item) for item in raw.get("suite", ())),
    )


def _check(raw: Mapping[str, Any], strategy: str, env: Environment, where: str) -> list[str]:
    known = {key for keys in (*REQUIRED.values(), *OPTIONAL.values()) for key in keys}
    known |= set(COMMON)
    problems = [
        f"{where}.{key}: unknown key{suggest(key, known)}" for key in raw if key not in known
    ]
    missing = [key for key in REQUIRED[strategy] if key not in raw]
    if missing:
        problems.append(
            f"{where}: the {strategy} strategy needs {', '.join(missing)}; add them (see docs/release.md)"
        )
    mode = raw.get("mode", env.settings.get("mode", "delivery"))
    if mode not in MODES:
        problems.append(f"{where}.mode: must be one of: {', '.join(MODES)} (got {mode!r})")
    for key in (*REQUIRED[strategy], *OPTIONAL[strategy]):
        if key in raw and key in COMMANDS:
            problems += _check_command(raw[key], COMMANDS[key], f"{where}.{key}")
    for key in NUMBERS:
        if key not in raw:
            continue
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(f"{where}.{key}: must be a number (got {value!r})")
        elif value < 0:
            problems.append(f"{where}.{key}: must not be negative (got {value!r})")
    if "suite" in raw and not _strings(raw["suite"]):
        problems.append(f'{where}.suite: must be a list of pytest arguments, e.g. ["tests/smoke"]')
    problems += _check_targets(raw, strategy, env, where)
    problems += _check_run_hooks(env)
    if strategy == "canary" and "steps" in raw:
        problems += _check_steps(raw["steps"], f"{where}.steps")
    if strategy == "canary":
        problems += check_comparison(raw, env, where)
    return problems


def _check_run_hooks(env: Environment) -> list[str]:
    """Each smoke check is a pytest run: it must not promote or roll back on its own."""
    hooks = [key for key in ("promote", "rollback") if key in env.settings]
    if env.settings.get("mode") != "deployment" or not hooks:
        return []
    return [
        f'[{env.name}] has mode = "deployment" with {" and ".join(hooks)}, which every pytest run '
        f"carries out, so each smoke check of the release would too; put mode in [{env.name}.release] "
        "instead, or release through an environment without them"
    ]


def _check_command(value: Any, allowed: frozenset[str], where: str) -> list[str]:
    if not isinstance(value, str) or not value.strip():
        return [f"{where}: must be a shell command (a non-empty string)"]
    unknown = placeholders(value) - allowed - {"python"}
    if unknown:
        known = ", ".join(f"{{{name}}}" for name in sorted(allowed | {"python"}))
        shown = ", ".join(f"{{{name}}}" for name in sorted(unknown))
        return [f"{where}: unknown placeholder(s) {shown} (this command may use {known})"]
    return []


def _check_targets(
    raw: Mapping[str, Any], strategy: str, env: Environment, where: str
) -> list[str]:
    counts = {"targets": 2, "variants": 2}
    problems: list[str] = []
    for key in ("targets", "variants", "instances", "canary", "baseline"):
        if key not in raw or key not in (*REQUIRED[strategy], *OPTIONAL[strategy]):
            continue
        names = [raw[key]] if key in ("canary", "baseline") else raw[key]
        if not _strings(names) or not names:
            problems.append(f"{where}.{key}: must name targets of [{env.name}.targets]")
            continue
        if key in counts and len(names) != counts[key]:
            problems.append(f"{where}.{key}: must name exactly two targets (got {len(names)})")
        for name in names:
            if name not in env.targets:
                known = ", ".join(sorted(env.targets)) or "none defined"
                problems.append(
                    f"{where}.{key}: '{name}' is not a target of [{env.name}.targets]{suggest(name, env.targets)} (known: {known})"
                )
    return problems


def _check_steps(steps: Any, where: str) -> list[str]:
    if (
        not isinstance(steps, list)
        or not steps
        or not all(isinstance(s, int) and not isinstance(s, bool) for s in steps)
    ):
        return [f"{where}: must be a list of whole percentages, e.g. [5, 25, 50, 100]"]
    if any(not 0 < step <= 100 for step in steps) or steps != sorted(set(steps)):
        return [f"{where}: must rise strictly between 1 and 100 (got {steps})"]
    return []


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)
