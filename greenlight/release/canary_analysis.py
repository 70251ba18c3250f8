"""One canary step judged by the Mann-Whitney judge: sample both sides, classify, score.

    weight canary 10 -> sample canary and baseline every second through:
        the observation window (users' traffic), the baseline's smoke run, the canary's
    -> classify each compared metric, score the step (:mod:`greenlight.release.mann_whitney`)
    pass: the next step; fail: no-go (rolled back); inconclusive or marginal: a delivery
    pauses at this weight for a person, a deployment is a no-go.

The record gets a ``compare`` entry per step whose ``verdict`` holds, per metric, the
samples, medians, U, p-value, effect and class, and ``canary_analysis`` lists every
step's judgement. The canary's own smoke verdict still counts: a canary that fails its
smoke run is a no-go even when the statistics pass; the judge's no-go is said first.
"""

from __future__ import annotations

from collections.abc import Mapping

from greenlight.probes.metrics import MetricsProbe
from greenlight.release import compare
from greenlight.release.mann_whitney import (
    DEFAULTS,
    StepJudgement,
    classify,
    metrics_of,
    score,
)
from greenlight.release.samples import Sampler, Series
from greenlight.release.steps import Steps, Stop


def observe_and_judge(steps: Steps, canary: str, weight: int, interval: float) -> str | None:
    """Judge one step; why the release pauses (delivery), or None to go on. Stop on a no-go."""
    spec = steps.spec
    baseline = str(spec.settings["baseline"])
    specs = compare.compared(steps.env, spec.settings)
    sides = {
        "canary": _metrics(compare.probes_at(steps.env, canary, specs)),
        "baseline": _metrics(compare.probes_at(steps.env, baseline, specs)),
    }
    sampler = Sampler(sides, every=spec.number("sample_interval", DEFAULTS["sample_interval"]))
    sampler.start()
    smoke_failed: Stop | None = None
    try:
        steps.wait(f"observe {canary} at {weight}%", interval)
        steps.smoke(f"smoke baseline {baseline} at {weight}%", baseline)
        try:
            steps.smoke(f"smoke {canary} at {weight}%", canary, expect_version=steps.version)
        except Stop as stop:
            smoke_failed = stop  # judged all the same: the record says what the numbers showed
    finally:
        series = sampler.stop()
    step = f"judge {canary} against {baseline} at {weight}%"
    judgement = judge(steps, series)
    _record(steps, step, weight, judgement)
    if judgement.decision == "fail":
        failing = [str(r) for r in judgement.results if r.failed]
        raise Stop(
            f"{step}: no-go by the Mann-Whitney test, {judgement.why} ({'; '.join(failing)})"
        )
    if smoke_failed is not None:
        raise smoke_failed
    if judgement.decision == "pass":
        return None
    why = f"{step}: {judgement.decision}, {judgement.why}"
    if spec.mode == "delivery":
        return f"{why}; paused at {weight}% for a person to decide"
    raise Stop(f"{why}; a deployment goes on only on a pass")


def judge(steps: Steps, series: Series) -> StepJudgement:
    settings = {key: steps.spec.number(key, default) for key, default in DEFAULTS.items()}
    results = [
        classify(
            metric,
            series["canary"][metric.probe],
            series["baseline"][metric.probe],
            confidence=settings["confidence"],
            effect=settings["effect"],
            min_samples=int(settings["min_samples"]),
        )
        for metric in metrics_of(steps.spec.settings)
    ]
    return score(
        results, pass_score=settings["pass_score"], marginal_score=settings["marginal_score"]
    )


def _metrics(probes: Mapping[str, object]) -> dict[str, MetricsProbe]:
    # The configuration allows only metrics probes in compare (greenlight.config.release).
    return {name: probe for name, probe in probes.items() if isinstance(probe, MetricsProbe)}


def _record(steps: Steps, step: str, weight: int, judgement: StepJudgement) -> None:
    passed = judgement.decision == "pass"
    decision = {"pass": "go", "fail": "no-go"}.get(judgement.decision, judgement.decision)
    details = "; ".join(str(result) for result in judgement.results)
    steps.record.note(
        step,
        f"mann-whitney: {judgement.decision}, {judgement.why}: {details}",
        ok=passed,
        kind="compare",
        verdict={
            "decision": decision,
            "reasons": [] if passed else [judgement.why],
            **judgement.as_dict(),
        },
    )
    steps.record.extra.setdefault("canary_analysis", []).append(
        {"weight": weight, **judgement.as_dict()}
    )
