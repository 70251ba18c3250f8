"""The Mann-Whitney judge's statistics and Kayenta-style scoring, on known samples."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from greenlight.release.mann_whitney import Metric, MetricResult, classify, score
from tests.framework.release.conftest import ROOT

SLOW = [0.31, 0.33, 0.30, 0.35, 0.32, 0.34, 0.31, 0.36]
FAST = [0.010, 0.012, 0.011, 0.013, 0.009, 0.012, 0.010, 0.011]
SETTINGS = {"confidence": 0.95, "effect": 0.2, "min_samples": 5}


def judged(canary: list[float], baseline: list[float], **metric: object) -> MetricResult:
    return classify(Metric("latency-p95", **metric), canary, baseline, **SETTINGS)  # type: ignore[arg-type]


def test_a_slower_canary_is_high_with_its_u_p_value_and_effect() -> None:
    result = judged(SLOW, FAST)
    assert result.klass == "high" and result.failed
    assert result.u == 64.0  # every canary sample above every baseline sample
    assert result.p_value is not None and result.p_value < 0.005
    assert result.effect is not None and result.effect > 25
    assert str(result).startswith(
        "latency-p95: high (canary median 0.325 vs baseline 0.011 over 8 and 8 samples, U=64, p="
    )


def test_a_faster_canary_is_low_and_fails_only_where_lower_hurts() -> None:
    assert judged(FAST, SLOW).klass == "low"
    assert not judged(FAST, SLOW).failed  # direction = "increase": faster is fine
    assert judged(FAST, SLOW, direction="decrease").failed
    assert judged(SLOW, FAST, direction="either").failed


def test_a_significant_difference_within_the_effect_tolerance_passes() -> None:
    baseline = [0.0100, 0.0101, 0.0102, 0.0103, 0.0104, 0.0105]
    canary = [value * 1.1 for value in baseline]  # 10% slower, every time: significant
    result = judged(canary, baseline)
    assert result.p_value is not None and result.p_value < 0.05
    assert result.klass == "pass"


def test_no_difference_passes_and_identical_samples_need_no_test() -> None:
    assert judged(FAST, list(reversed(FAST))).klass == "pass"
    same = judged([0.0] * 6, [0.0] * 6)
    assert (same.klass, same.p_value, same.effect) == ("pass", 1.0, 1.0)


def test_too_few_samples_is_nodata_and_the_step_inconclusive_never_a_pass() -> None:
    quiet = judged(SLOW, FAST[:4])
    assert quiet.klass == "nodata" and quiet.p_value is None
    step = score([quiet, judged(FAST, FAST)], pass_score=95, marginal_score=75)
    assert (step.decision, step.score) == ("inconclusive", None)
    assert step.why == "too few samples of latency-p95 to judge; never a pass"


def test_the_score_weighs_metrics_and_a_critical_failure_fails_alone() -> None:
    slow = judged(SLOW, FAST, weight=1)
    fine = classify(Metric("error-ratio", weight=3), FAST, FAST, **SETTINGS)  # type: ignore[arg-type]
    step = score([slow, fine], pass_score=95, marginal_score=75)
    assert (step.decision, step.score) == ("marginal", 75.0)
    assert score([slow, fine], pass_score=95, marginal_score=80).decision == "fail"
    critical = judged(SLOW, FAST, critical=True, weight=1)
    heavy = classify(Metric("error-ratio", weight=99), FAST, FAST, **SETTINGS)  # type: ignore[arg-type]
    step = score([critical, heavy], pass_score=95, marginal_score=75)
    assert (step.decision, step.score) == ("fail", 99.0)
    assert step.why == "critical latency-p95 failed"
    passed = score([fine], pass_score=95, marginal_score=75)
    assert (passed.decision, passed.score) == ("pass", 100.0)


def test_the_record_shows_samples_medians_u_p_value_effect_and_class() -> None:
    shown = judged(SLOW, FAST).as_dict()
    assert shown["samples"] == {"canary": SLOW, "baseline": FAST}
    assert shown["medians"] == {"canary": 0.325, "baseline": 0.011}
    assert {"u", "p_value", "effect", "class"} <= set(shown)


def test_without_scipy_the_release_is_a_usage_error_naming_the_extra(tmp_path: Path) -> None:
    blocker = tmp_path / "no-scipy"
    (blocker / "scipy").mkdir(parents=True)
    (blocker / "scipy" / "__init__.py").write_text("raise ImportError('scipy is not installed')\n")
    environments = tmp_path / "environments.toml"
    environments.write_text(
        "[shop]\nsensitive = false\nservices = { shop = 'http://127.0.0.1:9' }\n"
        "[shop.targets]\nblue = { shop = 'http://127.0.0.1:9' }\ncanary = { shop = 'http://127.0.0.1:9' }\n"
        "[[shop.probes]]\nname = 'p95'\nkind = 'metrics'\nexpression = 'fulfilment_queue_depth'\nfail_above = 1\n"
        "[shop.release]\ncanary = 'canary'\ndeploy = 'touch deployed'\nweight = 'true'\nsteps = [50, 100]\n"
        "interval = 0\njudge = 'mann-whitney'\nbaseline = 'blue'\ncompare = ['p95']\n"
    )
    path = os.pathsep.join([str(blocker), str(ROOT), os.environ.get("PYTHONPATH", "")])
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "greenlight.cli",
            "release",
            "--env",
            "shop",
            "--strategy",
            "canary",
            "--version",
            "2.0.0",
            "--environments",
            str(environments),
            "--reports",
            str(tmp_path / "reports"),
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 4, done.stdout + done.stderr
    assert 'judge = "mann-whitney" needs scipy' in done.stderr
    assert "pip install 'greenlight[stats]'" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "deployed").exists()  # nothing was deployed


@pytest.mark.parametrize(
    ("release", "problem"),
    [
        ({"judge": "mann-whitney"}, "mann-whitney needs baseline and compare"),
        (
            {"baseline": "blue", "compare": ["p95"], "metrics": {"p99": {"weight": 2}}},
            "'p99' is not in compare",
        ),
        ({"pass_score": 50, "marginal_score": 80}, "must not be above pass_score (50)"),
    ],
)
def test_judge_settings_that_contradict_themselves_are_refused(
    release: dict[str, object], problem: str
) -> None:
    from greenlight.config.release import release_problems

    env = {
        "probes": [{"name": "p95", "kind": "metrics"}],
        "release": {"canary": "canary", **release},
    }
    found = [str(p) for p in release_problems("shop", env, ["blue", "canary"])]
    assert any(problem in text for text in found), found
