"""Gherkin steps as Allure steps, so the DSL calls a step makes nest under it.

    Given "erin" is logged in
        ensure logged in: customer=erin (erin-k3f9)
    When "erin" checks out
        check out: customer=erin (erin-k3f9)

pytest-bdd announces each step (``pytest_bdd_before_step``) and its end (after or
error); the step is opened on the first and closed on the second with the error, so
Allure marks it failed (an assertion) or broken (anything else). The scenario's name,
with its channel, becomes the test's title.
"""

from __future__ import annotations

from typing import Any

import allure
import pytest

from greenlight.plugin.fixtures import step_started

_OPEN_STEP = pytest.StashKey[Any]()


def before_scenario(request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
    # The channel in the title tells the api and ui runs of one scenario apart in lists.
    params = getattr(getattr(request.node, "callspec", None), "params", {})
    channel = params.get("channel")
    title = f"{scenario.name} [{channel}]" if channel else scenario.name
    allure.dynamic.title(title)  # type: ignore[no-untyped-call]
    # pytest-bdd's own description names the feature file by its absolute path.
    description = f"Feature: {feature.name}\n\n{feature.description}".strip()
    allure.dynamic.description(description)  # type: ignore[no-untyped-call]


def before_step(request: pytest.FixtureRequest, step: Any) -> None:
    title = f"{step.keyword.strip()} {step.name}"
    context = allure.step(title)
    context.__enter__()  # type: ignore[no-untyped-call]
    request.node.stash[_OPEN_STEP] = context
    step_started(request.node)
    if step.datatable is not None:
        rows = step.datatable.raw()
        allure.attach(
            "\n".join(" | ".join(row) for row in rows),
            name="table",
            attachment_type=allure.attachment_type.TEXT,
        )


def after_step(request: pytest.FixtureRequest) -> None:
    _close(request, None)


def step_error(request: pytest.FixtureRequest, exception: BaseException) -> None:
    _close(request, exception)


def _close(request: pytest.FixtureRequest, error: BaseException | None) -> None:
    context = request.node.stash.get(_OPEN_STEP, None)
    if context is None:
        return
    del request.node.stash[_OPEN_STEP]
    if error is None:
        context.__exit__(None, None, None)
    else:
        context.__exit__(type(error), error, error.__traceback__)
