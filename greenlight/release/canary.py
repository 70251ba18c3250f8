"""Canary: the new version takes a growing share of traffic, judged at every step.

    deploy canary 2.0.0
    weight canary 5   -> wait interval -> smoke the canary (and its probes)
    weight canary 25  -> wait interval -> smoke ...
    weight canary 100 -> promote (optional)
    (no-go at any step) -> weight canary 0

The smoke run aims at the canary target (``--target``); the environment's probes run
with it, so a canary that answers correctly but slowly or with errors is stopped too.
Delivery mode stops before the final action (``promote``, or the last step when there
is none) and prints its command.
"""

from __future__ import annotations

from greenlight.release.record import RECOMMENDATION, RELEASED
from greenlight.release.steps import Steps


def release(steps: Steps) -> tuple[str, str]:
    canary = str(steps.spec.settings["canary"])
    version = steps.version
    plan = steps.spec.steps
    promote = steps.spec.has("promote")
    delivery = steps.spec.mode == "delivery"
    gated = plan[:-1] if delivery and not promote else plan
    steps.hook(f"deploy {version} to {canary}", "deploy", target=canary)
    steps.confirm_version(f"{canary} runs {version}", canary, version)
    steps.push_undo(f"take all traffic off {canary}", "weight", target=canary, weight=0)
    interval = steps.spec.number("interval", 0)
    for weight in gated:
        steps.hook(f"send {weight}% to {canary}", "weight", target=canary, weight=weight)
        steps.wait(f"observe {canary} at {weight}%", interval)
        steps.smoke(f"smoke {canary} at {weight}%", canary, expect_version=version)
    if delivery:
        final = (
            steps.render("promote", target=canary)
            if promote
            else steps.render("weight", target=canary, weight=plan[-1])
        )
        steps.record.next_commands.append(final)
        reached = gated[-1] if gated else 0
        return (
            RECOMMENDATION,
            f"{version} passed every step up to {reached}%; the last is a person's call",
        )
    if promote:
        steps.hook(f"promote {version}", "promote", target=canary)
    steps.undos.clear()
    return RELEASED, f"{version} took {plan[-1]}% of {steps.env.name}'s traffic on {canary}"
