"""greenlight history: delivery metrics from the records real releases and watches leave."""

from __future__ import annotations

import json
import subprocess

from greenlight.report import verdict_page
from greenlight.secrets import Secrets
from greenlight.verdict.file import read_verdict
from tests.framework.release.conftest import GREENLIGHT, ROOT, Platform
from tests.framework.watch.test_release_watch import REQUESTS_PER_SMOKE_RUN
from tests.framework.watch.test_watch import watch


def history(platform: Platform, *more: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*GREENLIGHT, "history", "--env", "shop", "--environments", str(platform.environments),
         "--reports", str(platform.reports), *more],
        cwd=ROOT, env=platform.environ, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_history_counts_deployments_failures_and_the_time_to_restore(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    platform.build("1.2.0", "--fault", "checkout-error")
    platform.build("1.4.0", "--fault", f"errors-after={2 * REQUESTS_PER_SMOKE_RUN}")
    assert platform.release("blue-green", "1.1.0").returncode == 0
    # Stopped on the idle target: it never reached users, so it is no deployment.
    assert platform.release("blue-green", "1.2.0").returncode == 1
    # Passes its smoke runs, fails its watch, switched back: a failed deployment, restored.
    degrading = platform.release("blue-green", "1.4.0", "--watch", "10s", "--watch-every", "1s")
    assert degrading.returncode == 1, degrading.stdout + degrading.stderr
    assert watch(platform, lasting="2s").returncode == 0  # 1.1.0 again, watched on its own

    result = history(platform)
    as_json = history(platform, "--json")

    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == "greenlight history: shop over the last 30d (3 release(s), 1 separate watch(es))"
    )
    assert lines[1] == "  deployment frequency   2 deployment(s) in 30d, 0.067 per day"
    assert lines[2].split(None, 3)[3] == (
        "50% (1 of 2 deployment(s) rolled back or failing their watch)"
    )
    assert (
        lines[3].startswith("  time to restore") and "mean over 1 restored failure(s)" in lines[3]
    )
    assert lines[4].startswith("  lead time")
    metrics = json.loads(as_json.stdout)
    assert (metrics["deployments"], metrics["failures"], metrics["restored"]) == (2, 1, 1)
    assert metrics["change_failure_rate"] == 0.5
    # From the watch's first no-go round to the end of the switch back: seconds, not minutes.
    assert 0 <= metrics["mean_time_to_restore_s"] < 60
    # The smoke runs ran from this checkout: their verdicts name its commit, git knows its time.
    assert metrics["lead_times"] == 2 and metrics["mean_lead_time_s"] > 0
    # The report's front page carries the same metrics under the verdict's banner.
    report = platform.root / "allure-report"
    report.mkdir()
    (report / "index.html").write_text("<html><body></body></html>", encoding="utf-8")
    folder = platform.reports / "shop"
    verdict = read_verdict(folder / "verdict.json")
    verdict_page.add_to_report(report, verdict, Secrets(), release=folder / "release.json")
    front = (report / "index.html").read_text(encoding="utf-8")
    assert f'id="{verdict_page.DELIVERY_ID}"' in front
    assert "change failure rate    50% (1 of 2" not in front  # one line each, spaces folded
    assert "change failure rate 50% (1 of 2 deployment(s)" in " ".join(front.split())


def test_history_without_records_is_a_usage_error(platform: Platform) -> None:
    platform.configure()

    result = history(platform)

    assert result.returncode == 4
    assert "no release or watch records of shop" in result.stderr
    assert "Traceback" not in result.stderr
