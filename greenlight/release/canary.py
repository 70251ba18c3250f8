"""Canary: the new version takes a growing share of traffic, judged at every step.

    deploy canary 2.0.0
    weight canary 5   -> wait interval -> smoke the canary (and its probes)
    weight canary 25  -> wait interval -> smoke ...
    weight canary 100 -> promote (optional)
    (no-go at any step) -> weight canary 0

The smoke run aims at the canary target (``--target``); the environment's probes run
with it, so a canary that answers correctly but slowly or with errors is stopped too.
With ``baseline`` and ``compare``, each step also smokes the baseline target and
compares the named metrics probes on both (see :mod:`greenlight.release.compare`): a
canary more than ``max_ratio`` times worse than the baseline is a no-go of that step.
With ``judge = "mann-whitney"`` each step samples both sides through its observation
window and both smoke runs and judges them statistically instead
(:mod:`greenlight.release.canary_analysis`); an inconclusive step pauses a delivery at
its weight and is a no-go of a deployment. At 100% the baseline takes no users'
traffic left to compare with, so that step is the canary's smoke run alone.
Delivery mode stops before the final action (``promote``, or the last step when there
is none) and prints its command.
"""

from __future__ import annotations

from greenlight.release import compare
from greenlight.release.canary_analysis import observe_and_judge
from greenlight.release.record import RECOMMENDATION, RELEASED
from greenlight.release.steps import Steps, Stop
from greenlight.verdict.words import root_cause


def release(steps: Steps) -> tuple[str, str]:
    canary = str(steps.spec.settings["canary"])
    version = steps.version
    plan = steps.spec.steps
    promote = steps.spec.has("promote")
    delivery = steps.spec.mode == "delivery"
    gated = plan[:-1] if delivery and not promote else plan
    steps.hook(f"deploy {version} to {canary}", "deploy", target=canary)
    steps.confirm_version(f"{canary} runs {version}", canary, version)
    steps.push_undo(
        f"take all traffic off {canary}",
        "weight",
        target=canary,
        weight=0,
        left=f"the canary {canary} runs {version} and may take traffic",
        fix="take the traffic off it",
    )
    interval = steps.spec.number("interval", 0)
    judged = steps.spec.settings.get("judge") == "mann-whitney"
    for weight in gated:
        steps.exposed(f"{weight}% of users may be on the canary {canary} ({version})")
        steps.hook(f"send {weight}% to {canary}", "weight", target=canary, weight=weight)
        if judged and weight < 100:
            paused = observe_and_judge(steps, canary, weight, interval)
            if paused is not None:
                steps.record.next_commands.append(_next(steps, canary, weight))
                return RECOMMENDATION, paused
            continue
        steps.wait(f"observe {canary} at {weight}%", interval)
        if steps.spec.has("baseline") and not judged:
            _smoke_and_compare(steps, canary, weight)
        else:
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
        steps.undos.clear()  # the stable target runs it too: taking traffic off undoes nothing
    else:
        steps.released()  # taking the traffic off the canary undoes it, for a watch
    return RELEASED, f"{version} took {plan[-1]}% of {steps.env.name}'s traffic on {canary}"


def _smoke_and_compare(steps: Steps, canary: str, weight: int) -> None:
    """Smoke the baseline, then the canary, each in its own window; compare the two."""
    baseline = str(steps.spec.settings["baseline"])
    specs = compare.compared(steps.env, steps.spec.settings)
    max_ratio = steps.spec.number("max_ratio", compare.DEFAULT_MAX_RATIO)
    # The baseline first, so the environment's latest verdict is the canary's.
    theirs = compare.Side.open(steps.env, baseline, specs)
    steps.smoke(f"smoke baseline {baseline} at {weight}%", baseline)
    ours = compare.Side.open(steps.env, canary, specs)
    steps.smoke(f"smoke {canary} at {weight}%", canary, expect_version=steps.version)
    comparisons = compare.compare(ours, theirs, max_ratio)
    breaches = [str(c) for c in comparisons if c.breached]
    step = f"compare {canary} with {baseline} at {weight}%"
    steps.record.note(
        step,
        "; ".join(str(c) for c in comparisons),
        ok=not breaches,
        kind="compare",
        verdict={
            "decision": "no-go" if breaches else "go",
            "reasons": breaches,
            "comparisons": [c.as_dict() for c in comparisons],
        },
    )
    if breaches:
        raise Stop(f"{step}: {root_cause(breaches)}")


def _next(steps: Steps, canary: str, weight: int) -> str:
    """What a person runs to go on from a paused step: the next weight, or the promotion."""
    higher = [step for step in steps.spec.steps if step > weight]
    if higher:
        return steps.render("weight", target=canary, weight=higher[0])
    return steps.render("promote", target=canary)
