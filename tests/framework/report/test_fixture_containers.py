"""A scenario's Allure page lists the fixtures a reader cares about, not the plumbing."""

from __future__ import annotations

import json
from pathlib import Path

from allure_commons import _hooks, model2
from allure_commons.logger import AllureFileLogger
from pluggy import PluginManager

from greenlight.report.allure_fixtures import ShownFixtures, writes_all_of
from greenlight.report.secret_mask import AllureMask
from greenlight.secrets import Secrets

RESULTS = Path("reports", "local", "allure-results")


def containers(folder: Path) -> list[dict[str, list[dict[str, str]]]]:
    return [json.loads(path.read_text()) for path in folder.glob("*-container.json")]


def test_a_run_writes_no_plumbing_fixture_and_no_lambda_teardown(one_run: Path) -> None:
    found = containers(one_run / RESULTS)
    befores = {b["name"] for c in found for b in c.get("befores", [])}
    afters = {a["name"] for c in found for a in c.get("afters", [])}
    # The suite's own fixture (the operator) and greenlight's cleanup; nothing else.
    assert befores == {"operator"}, befores
    assert not any(name.endswith("::<lambda>") for name in afters), afters
    assert all(c.get("befores") or c.get("afters") for c in found)  # no empty file


def listeners(folder: Path, secrets: Secrets) -> PluginManager:
    """Allure's listener hooks, with greenlight's secret mask and its fixture filter."""
    manager = PluginManager("allure")
    manager.add_hookspecs(_hooks.AllureUserHooks)
    manager.add_hookspecs(_hooks.AllureDeveloperHooks)
    manager.register(AllureMask(secrets))
    manager.register(ShownFixtures(AllureFileLogger(folder)))
    return manager


def test_a_fixture_that_broke_is_kept_whatever_its_name_and_masked(tmp_path: Path) -> None:
    manager = listeners(tmp_path, Secrets({"token": "tok-4f7c9e1b"}))
    for status in ("passed", "broken"):
        container = model2.TestResultContainer(uuid=status, children=["test"])
        container.befores = [
            model2.TestBeforeResult(name="http_client", status=status, description="tok-4f7c9e1b")
        ]
        container.afters = [model2.TestAfterResult(name="http_client::<lambda>", status=status)]
        manager.hook.report_container(container=container)
    written = containers(tmp_path)
    assert [c["befores"][0]["status"] for c in written] == ["broken"]
    assert written[0]["afters"][0]["name"] == "http_client::<lambda>"
    assert written[0]["befores"][0]["description"] == "***"


def test_the_stand_in_passes_on_every_hook_of_allures_writer() -> None:
    # A writer hook it did not pass on (the run's globals, say) would be lost from the
    # results; greenlight then leaves allure-pytest's writer in place.
    assert writes_all_of(AllureFileLogger)

    class Newer(AllureFileLogger):
        @_hooks.hookimpl
        def report_something_new(self) -> None: ...

    assert not writes_all_of(Newer)
