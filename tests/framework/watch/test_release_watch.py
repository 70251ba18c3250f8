"""greenlight release --watch: the released version watched, and undone by its own strategy."""

from __future__ import annotations

import json
from pathlib import Path

from tests.framework.release.conftest import Platform
from tests.framework.watch.receiver import receiving

# The release tests' smoke slice makes ten requests of the shop's API per run.
REQUESTS_PER_SMOKE_RUN = 10


def test_a_good_release_is_watched_and_its_record_holds_the_window(platform: Platform) -> None:
    platform.up(blue="1.0.0")
    with receiving() as hook:
        platform.configure(
            "[shop.watch]",  # a smaller slice for the rounds than the release's smoke runs
            'suite = ["tests/acceptance", "-k", "healthy"]',
            "[shop.notify]",
            f'webhook = "{hook.url}/hook"',
        )
        result = platform.release("blue-green", "1.1.0", "--watch", "3s", "--watch-every", "1s")

    assert result.returncode == 0, result.stdout + result.stderr
    watched, done = (body["text"].splitlines() for body in hook.bodies)
    assert watched[0] == "greenlight: GO - the watch of shop passed"
    assert done[0].startswith("greenlight release: released - 1.1.0 serves shop through green")
    assert done[-1] == f"Report: {platform.reports / 'shop' / 'release.json'}"
    record = platform.record()
    assert record["outcome"] == "released"
    assert record["watch"]["outcome"] == "passed" and record["watch"]["rounds"] >= 1
    assert "its watch passed" in record["summary"]
    watch = json.loads(Path(record["watch"]["record"]).read_text())
    assert watch["version"] == "1.1.0"
    assert all(r["decision"] == "go" for r in watch["rounds"])
    first = json.loads(Path(watch["rounds"][0]["verdict"]).read_text())
    assert first["counts"]["ran"] == 1  # the watch section's suite, not the release's two
    assert platform.public_versions() == {"1.1.0"}


def test_a_version_that_degrades_after_its_smoke_runs_is_switched_back_by_the_watch(
    platform: Platform,
) -> None:
    # Its two smoke runs (green directly, then the public URL) pass; the third run fails.
    platform.build("1.4.0", "--fault", f"errors-after={2 * REQUESTS_PER_SMOKE_RUN}")
    platform.up(blue="1.0.0")

    result = platform.release("blue-green", "1.4.0", "--watch", "10s", "--watch-every", "1s")

    assert result.returncode == 1, result.stdout + result.stderr
    assert platform.public_versions() == {"1.0.0"}
    record = platform.record()
    assert record["outcome"] == "rolled-back"
    assert record["rollback"] == "complete"
    assert "then its watch failed" in record["summary"]
    steps = [(entry["step"], entry["ok"]) for entry in record["timeline"]]
    assert steps[-2:] == [("smoke through the public URL", True), ("switch back to blue", True)]
    watch = json.loads((platform.reports / "shop" / "watch.json").read_text())
    assert watch["outcome"] == "failed"
    assert watch["rounds"][0]["decision"] == "no-go"
    assert watch["rollback"]["ok"] is True and watch["restored"]
