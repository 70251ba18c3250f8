"""Acting on the verdict: Continuous Delivery recommends, Continuous Deployment acts.

In ``mode = "delivery"`` (the default) the verdict is a recommendation and a person
makes the business decision; greenlight says what would be promoted. In
``mode = "deployment"`` greenlight runs the environment's ``promote`` command on go and
its ``rollback`` command on no-go. A promote that fails turns the verdict into no-go,
so the rollback runs after it::

    >>> lines = carry_out(verdict, policy, env, verdict_path)
    >>> lines
    ['greenlight: deployment mode: promoted shop 2.1.0 on prod (`deploy/promote.sh 2.1.0` exited with 0)']

Placeholders in the commands: {env}, {target}, {version}, {base_url}, {verdict}; the
hook also gets each as an environment variable (``GREENLIGHT_VERSION``...), the way a
command in shell syntax reads them (:mod:`greenlight.shell`). The version is the one the
system reports when it is a plain version string, else the expected one (the same
rule), else ``unknown``: a version the health endpoint made up never reaches a hook.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from greenlight.config.environment import Environment
from greenlight.probes.health import plain_version
from greenlight.shell import CommandResult, render, run_command
from greenlight.verdict.decision import Verdict
from greenlight.verdict.policy import DEPLOYMENT, ReleasePolicy

UNKNOWN_VERSION = "unknown"
INTERRUPTED = 130  # the shell's exit code for Ctrl-C


def hook_values(verdict: Verdict, env: Environment, verdict_path: Path) -> dict[str, str]:
    """The placeholder values; a version only when it is a plain version string."""
    return values_of(verdict.document, env, verdict_path)


def values_of(document: Mapping[str, Any], env: Environment, verdict_path: Path) -> dict[str, str]:
    """The placeholder values for a verdict document (its file, or one still being made)."""
    version = (
        plain_version(document["system_version"])
        or plain_version(document["expected_version"])
        or UNKNOWN_VERSION
    )
    return {
        "env": env.name,
        "target": env.target or "",
        "version": str(version),
        "base_url": env.base_url,
        "verdict": str(verdict_path),
    }


def carry_out(
    verdict: Verdict,
    policy: ReleasePolicy,
    env: Environment,
    verdict_path: Path,
    *,
    shard: bool = False,
) -> list[str]:
    """Run the hooks the mode asks for, record them in the verdict; lines for the summary.

    One shard of a split suite runs none: only the merge of every shard decides.
    """
    values = hook_values(verdict, env, verdict_path)
    release = f"{env.primary_service} {values['version']} on {_where(env)}"
    if shard:
        return [
            f"greenlight: one shard of the suite: {release} is decided by the merge of "
            "every shard's verdict (greenlight verdict SHARD... --out PATH); no hook runs here"
        ]
    if policy.mode != DEPLOYMENT:
        return [_recommendation(verdict, policy, env, values)]
    lines = []
    if verdict.go and policy.promote:
        result = _run(policy.promote, values, policy, env)
        verdict.record_hook("promote", result)
        done = "promoted" if result.ok else "FAILED to promote"
        lines.append(f"greenlight: deployment mode: {done} {release} ({result.summary})")
    if not verdict.go and policy.rollback:
        result = _run(policy.rollback, values, policy, env)
        verdict.record_hook("rollback", result)
        done = "rolled back" if result.ok else "FAILED to roll back"
        lines.append(f"greenlight: deployment mode: {done} {release} ({result.summary})")
    return lines


def _recommendation(
    verdict: Verdict, policy: ReleasePolicy, env: Environment, values: dict[str, str]
) -> str:
    release = f"{env.primary_service} {values['version']} on {_where(env)}"
    if not verdict.go:
        return f"greenlight: delivery mode: recommend NOT promoting {release}; a person decides"
    line = f"greenlight: delivery mode: recommend promoting {release}; a person decides"
    if policy.promote:
        # Shown, not run: the person promoting sees exactly what deployment mode would do.
        line += f" (promote command: {env.secrets.mask(render(policy.promote, values))})"
    return line


def _run(
    template: str, values: dict[str, str], policy: ReleasePolicy, env: Environment
) -> CommandResult:
    try:
        return run_command(
            template,
            values,
            timeout=policy.hook_timeout,
            secrets=env.secrets,
            cwd=env.source.parent,
        )
    except OSError as error:  # the shell itself could not start
        return CommandResult(
            command=env.secrets.mask(template), exit_code=-1, duration_s=0.0, tail=str(error)
        )
    except KeyboardInterrupt:
        # run_command has stopped the hook; a stopped promote is a no-go, so rollback follows.
        return CommandResult(
            command=env.secrets.mask(template),
            exit_code=INTERRUPTED,
            duration_s=0.0,
            tail="interrupted",
        )


def _where(env: Environment) -> str:
    return f"{env.name} (target {env.target})" if env.target else env.name
