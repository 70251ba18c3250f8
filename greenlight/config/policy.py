"""Checks of an environment's release policy the schema cannot express.

    >>> [str(p) for p in policy_problems("prod", {"mode": "deployment", "promote": "p {version}"})]
    ['[prod]: mode = "deployment" needs a rollback command (e.g. rollback = "deploy/rollback.sh {version}"); or use mode = "delivery"']

The schema checks the policy's keys and types (``mode``, ``reruns``, ``hook_timeout``,
``required``...); here: the placeholders of the promote and rollback hooks, and that
deployment mode has both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from greenlight.config.commands import CLEAN_PLACEHOLDERS, HOOK_PLACEHOLDERS, unknown_placeholders
from greenlight.config.messages import Problem

HOOKS = ("promote", "rollback")


def policy_problems(name: str, env: Mapping[str, Any]) -> list[Problem]:
    """Every problem of the environment's promote and rollback hooks beyond their structure."""
    problems = [
        Problem((name, hook), f"[{name}].{hook}: {wrong}")
        for hook in HOOKS
        if isinstance(env.get(hook), str)
        and (wrong := unknown_placeholders(env[hook], HOOK_PLACEHOLDERS))
    ]
    if isinstance(env.get("clean"), str) and (
        wrong := unknown_placeholders(env["clean"], CLEAN_PLACEHOLDERS)
    ):
        problems.append(Problem((name, "clean"), f"[{name}].clean: {wrong}"))
    missing = [hook for hook in HOOKS if not env.get(hook)]
    if env.get("mode") == "deployment" and missing:
        needs = "promote and rollback commands" if len(missing) == 2 else f"a {missing[0]} command"
        problems.append(
            Problem(
                (name, "mode"),
                f'[{name}]: mode = "deployment" needs {needs} '
                f'(e.g. {missing[0]} = "deploy/{missing[0]}.sh {{version}}"); '
                'or use mode = "delivery"',
            )
        )
    return problems
