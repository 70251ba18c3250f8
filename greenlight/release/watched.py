"""``greenlight release ... --watch 10m``: the released version watched, undone by its own strategy.

    >>> code = watch_release(steps, spec, notifier)     # after the strategy said released
    >>> steps.record.extra["watch"]["outcome"]
    'passed'

The watch (:mod:`greenlight.watch.rounds`) runs against the public URL, expecting the
released version; its record goes into the release's own folder
(``releases/<stamp>/watch/``) and ``reports/<env>/watch.json``, and the release record
holds its outcome. A no-go round undoes the release with the strategy's own undo (the
blue-green switch back, the rolling restore, the canary's traffic taken off); a
strategy that keeps none (an A/B split, a promoted canary) rolls back with the watch's
``rollback`` command.
"""

from __future__ import annotations

from dataclasses import replace

from greenlight.notify import Notifier
from greenlight.release.steps import Steps
from greenlight.watch.record import WatchRecord
from greenlight.watch.rounds import Watch
from greenlight.watch.spec import WatchSpec

# Strategies whose released version their own undo takes back.
UNDONE_BY_THEMSELVES = ("blue-green", "rolling", "canary")


def undoes_itself(steps: Steps) -> bool:
    if steps.spec.strategy == "canary":
        return not steps.spec.has("promote")
    return steps.spec.strategy in UNDONE_BY_THEMSELVES


def watch_release(steps: Steps, spec: WatchSpec, notifier: Notifier) -> int:
    """Watch what was just released; the watch's exit code (0 passed, 1 undone, 2 undo failed)."""
    record = steps.record
    watch_record = WatchRecord(
        record.path.parent / "watch.json",
        environment=steps.env.name,
        target=None,
        mode=spec.mode,
        lasting=spec.lasting,
        every=spec.every,
        folder=record.folder / "watch",
        out=record.out,
        secrets=steps.env.secrets,
        version=steps.version,
    )
    undo = steps.undo_release if steps.kept else None
    code = Watch(
        steps.env.aimed_at(None),
        spec,
        watch_record,
        replace(steps.gate, suite=spec.suite),
        notifier,
        expect_version=steps.version,
        undo=undo,
    ).run()
    if undo is None and watch_record.rollback is not None:
        record.rollback = "complete" if watch_record.rollback["ok"] else "failed"
    record.extra["watch"] = {
        "outcome": watch_record.outcome,
        "rounds": len(watch_record.rounds),
        "summary": watch_record.summary,
        "record": str(watch_record.folder / "watch.json" if watch_record.folder else ""),
    }
    record.write()
    return code
