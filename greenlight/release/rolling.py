"""Rolling: replace instances one at a time, smoke-checking each before the next.

    one: 1.0.0 -> replace one 2.0.0 -> smoke one directly
    two: 1.0.0 -> replace two 2.0.0 -> smoke two directly   (no-go here)
                  restore two 1.0.0, restore one 1.0.0

Each instance is a target of the environment, so the gate reaches it directly. The
version an instance ran before comes from its health endpoint, read before anything
changes; restoring runs ``restore`` (or ``replace``) with that version. Delivery mode
stops before the last instance and prints its command.
"""

from __future__ import annotations

from greenlight.release.record import RECOMMENDATION, RELEASED
from greenlight.release.steps import Steps, Stop


def release(steps: Steps) -> tuple[str, str]:
    instances = steps.spec.names("instances")
    version = steps.version
    before = {instance: steps.version_of(instance) for instance in instances}
    unknown = [instance for instance, seen in before.items() if seen is None]
    steps.record.note(
        "versions before the release",
        ", ".join(f"{instance}={seen}" for instance, seen in before.items()),
        ok=not unknown,
    )
    if unknown:
        raise Stop(f"cannot tell what {', '.join(unknown)} run(s), so they could not be restored")
    restore = "restore" if steps.spec.has("restore") else "replace"
    delivery = steps.spec.mode == "delivery"
    gated = instances[:-1] if delivery else instances
    for instance in gated:
        previous = before[instance]
        steps.push_undo(
            f"restore {instance} to {previous}",
            restore,
            instance=instance,
            target=instance,
            version=previous,
            left=f"{instance} may run {version} instead of {previous}",
            fix=f"restore it to {previous}",
        )
        steps.hook(
            f"replace {instance} with {version}", "replace", instance=instance, target=instance
        )
        steps.confirm_version(f"{instance} runs {version}", instance, version)
        steps.smoke(f"smoke {instance} directly", instance, expect_version=version)
    if delivery:
        last = instances[-1]
        steps.record.next_commands.append(steps.render("replace", instance=last, target=last))
        return (
            RECOMMENDATION,
            f"{version} passed on {', '.join(gated) or 'no instance yet'}; the last instance is a person's call",
        )
    steps.released()  # the old versions' undo is kept for a watch
    return RELEASED, f"{version} runs on {', '.join(instances)}"
