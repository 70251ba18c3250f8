"""An environment's release policy: retries, flaky scenarios, required scenarios, mode, hooks.

Read from the environment's table in ``environments.toml``::

    [prod]
    reruns = 1                      # pytest-rerunfailures retries (unless --reruns is given)
    flaky_blocks = true             # default: true on a sensitive environment
    fail_fast = true                # stop at the first failure; default: true where sensitive
    required = ["Checking out places an order for the basket's total"]
    mode = "deployment"             # or "delivery" (the default): only recommend
    promote = "deploy/promote.sh {version} {target}"
    rollback = "deploy/rollback.sh {env} {version}"
    hook_timeout = 300

    >>> policy = ReleasePolicy.of(env)
    >>> policy.mode, policy.flaky_blocks
    ('deployment', True)

The keys are checked with the rest of the file (the configuration's schema and
:mod:`greenlight.config.policy`), and again here for an environment built in code.
"""

from __future__ import annotations

from dataclasses import dataclass

from greenlight.config.check import section_problems
from greenlight.config.environment import Environment
from greenlight.errors import ConfigError

DELIVERY = "delivery"
DEPLOYMENT = "deployment"
MODES = (DELIVERY, DEPLOYMENT)
DEFAULT_HOOK_TIMEOUT = 300.0


@dataclass(frozen=True)
class ReleasePolicy:
    mode: str = DELIVERY
    flaky_blocks: bool = True
    fail_fast: bool = False
    reruns: int | None = None
    required: tuple[str, ...] = ()
    promote: str | None = None
    rollback: str | None = None
    hook_timeout: float = DEFAULT_HOOK_TIMEOUT

    @staticmethod
    def of(env: Environment) -> ReleasePolicy:
        """The environment's policy, or a :class:`ConfigError` naming every problem."""
        problems = section_problems(env, "policy")
        if problems:
            raise ConfigError(problems, source=str(env.source))
        raw = env.settings
        reruns = raw.get("reruns")
        return ReleasePolicy(
            mode=raw.get("mode", DELIVERY),
            flaky_blocks=bool(raw.get("flaky_blocks", env.sensitive)),
            fail_fast=bool(raw.get("fail_fast", env.sensitive)),
            reruns=int(reruns) if reruns is not None else None,
            required=tuple(raw.get("required", ())),
            promote=raw.get("promote"),
            rollback=raw.get("rollback"),
            hook_timeout=float(raw.get("hook_timeout", DEFAULT_HOOK_TIMEOUT)),
        )
