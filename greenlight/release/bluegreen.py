"""Blue-green: deploy to the idle target, smoke it directly, switch, smoke the public URL.

    live = "lb live"              -> blue
    deploy green 2.0.0            -> smoke green directly (--target green)
    switch green                  -> smoke through the public URL
    (no-go after the switch)      -> switch blue

Users see the new version only after it passed the gate on its own target; a no-go
after the switch sends them straight back. In delivery mode the release stops before
the switch and prints the command that would make it.
"""

from __future__ import annotations

from greenlight.release.record import RECOMMENDATION, RELEASED
from greenlight.release.steps import Steps, Stop


def release(steps: Steps) -> tuple[str, str]:
    first, second = steps.spec.names("targets")
    live = _last_line(steps.hook("find the live target", "live"))
    if live not in (first, second):
        raise Stop(f"the live command printed {live!r}; expected {first} or {second}")
    idle = second if live == first else first
    version = steps.version
    steps.hook(f"deploy {version} to {idle}", "deploy", target=idle)
    steps.confirm_version(f"{idle} runs {version}", idle, version)
    steps.smoke(f"smoke {idle} directly", idle, expect_version=version)
    if steps.spec.mode == "delivery":
        steps.record.next_commands.append(steps.render("switch", target=idle))
        return RECOMMENDATION, f"{version} passed on {idle}; switching traffic is a person's call"
    steps.push_undo(
        f"switch back to {live}",
        "switch",
        target=live,
        left=f"users may still be on {idle} ({version})",
        fix=f"switch them back to {live}",
    )
    steps.hook(f"switch traffic to {idle}", "switch", target=idle)
    steps.confirm_version("the public URL serves it", None, version)
    steps.smoke("smoke through the public URL", None, expect_version=version)
    steps.released()  # the old target stays as it is, ready for the next one (or a watch)
    return RELEASED, f"{version} serves {steps.env.name} through {idle} ({live} is idle)"


def _last_line(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return lines[-1] if lines else ""
