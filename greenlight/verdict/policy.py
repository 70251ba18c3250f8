"""An environment's release policy: retries, flaky scenarios, required scenarios, mode, hooks.

Read from the environment's table in ``environments.toml``::

    [prod]
    reruns = 1                      # pytest-rerunfailures retries (unless --reruns is given)
    flaky_blocks = true             # default: true on a sensitive environment
    required = ["Checking out places an order for the basket's total"]
    mode = "deployment"             # or "delivery" (the default): only recommend
    promote = "deploy/promote.sh {version} {target}"
    rollback = "deploy/rollback.sh {env} {version}"
    hook_timeout = 300

    >>> policy = ReleasePolicy.of(env)
    >>> policy.mode, policy.flaky_blocks
    ('deployment', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from greenlight.config.environment import Environment
from greenlight.errors import ConfigError
from greenlight.shell import placeholders

DELIVERY = "delivery"
DEPLOYMENT = "deployment"
MODES = (DELIVERY, DEPLOYMENT)
HOOK_PLACEHOLDERS = ("env", "target", "version", "base_url", "verdict")
DEFAULT_HOOK_TIMEOUT = 300.0


@dataclass(frozen=True)
class ReleasePolicy:
    mode: str = DELIVERY
    flaky_blocks: bool = True
    reruns: int | None = None
    required: tuple[str, ...] = ()
    promote: str | None = None
    rollback: str | None = None
    hook_timeout: float = DEFAULT_HOOK_TIMEOUT

    @staticmethod
    def of(env: Environment) -> ReleasePolicy:
        """The environment's policy, or a :class:`ConfigError` naming every problem."""
        raw: dict[str, Any] = dict(env.settings)
        where = f"[{env.name}]"
        problems: list[str] = []
        mode = raw.get("mode", DELIVERY)
        if mode not in MODES:
            problems.append(f"{where}.mode: must be delivery or deployment (got {mode!r})")
        reruns = raw.get("reruns")
        if reruns is not None and reruns < 0:
            problems.append(f"{where}.reruns: must be 0 or more (got {reruns})")
        timeout = raw.get("hook_timeout", DEFAULT_HOOK_TIMEOUT)
        if timeout <= 0:
            problems.append(f"{where}.hook_timeout: must be more than 0 seconds (got {timeout})")
        hooks = {name: raw.get(name) for name in ("promote", "rollback")}
        for name, command in hooks.items():
            if command is not None and not command.strip():
                problems.append(f"{where}.{name}: must not be empty")
            unknown = sorted(placeholders(command or "") - set(HOOK_PLACEHOLDERS))
            if unknown:
                known = ", ".join(f"{{{p}}}" for p in HOOK_PLACEHOLDERS)
                shown = ", ".join(f"{{{p}}}" for p in unknown)
                problems.append(f"{where}.{name}: unknown placeholder(s) {shown} (known: {known})")
        if mode == DEPLOYMENT:
            missing = [name for name, command in hooks.items() if not command]
            if missing:
                needs = (
                    "promote and rollback commands"
                    if len(missing) == 2
                    else f"a {missing[0]} command"
                )
                problems.append(
                    f'{where}: mode = "deployment" needs {needs} '
                    f'(e.g. {missing[0]} = "deploy/{missing[0]}.sh {{version}}"); '
                    'or use mode = "delivery"'
                )
        required = tuple(raw.get("required", ()))
        if len(set(required)) != len(required):
            problems.append(f"{where}.required: lists a scenario more than once")
        if problems:
            raise ConfigError(problems, source=str(env.source))
        return ReleasePolicy(
            mode=mode,
            flaky_blocks=bool(raw.get("flaky_blocks", env.sensitive)),
            reruns=reruns,
            required=required,
            promote=hooks["promote"],
            rollback=hooks["rollback"],
            hook_timeout=float(timeout),
        )
