"""Labels and links that let a reader find a scenario: feature, story, channel, environment, tags.

Set as allure-pytest markers at collection, so skipped scenarios carry them too::

    feature=Orders  story=Checking out places an order  suite=Orders
    channel=ui      environment=staging                  tag=smoke

Gherkin tags already become pytest markers, which allure-pytest reports as tags. A
tag with a colon, ``@issue:123``, is no valid marker name, so it becomes a tag label
directly; when the environment's ``links`` table has its prefix, it also becomes a
link::

    [defaults]
    links = { issue = "https://tracker.example.com/issues/{}" }
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import quote

import pytest

from greenlight.plugin.context import RunContext

LABEL_MARK = "allure_label"  # allure-pytest reads these markers (allure_pytest.utils)
LINK_MARK = "allure_link"
# Allure shows these link types with their own icons; any other prefix is a plain link.
_LINK_TYPES = {"issue": "issue", "tms": "tms", "test": "tms"}


def apply_tag(tag: str, function: Callable[..., object]) -> object:
    """pytest-bdd's hook for one Gherkin tag; only tags with a colon are ours."""
    if ":" not in tag:
        return None
    pytest.mark.allure_label(tag, label_type="tag")(function)
    return True


def label_items(config: pytest.Config, items: list[pytest.Item]) -> None:
    env = RunContext.of(config).env
    links: Mapping[str, str] = env.settings.get("links", {})
    for item in items:
        for name, value in _labels(item, env.name):
            item.add_marker(pytest.mark.allure_label(value, label_type=name))
        for tag in _colon_tags(item):
            prefix, _, value = tag.partition(":")
            if prefix in links:
                url = links[prefix].replace("{}", quote(value, safe=""))
                item.add_marker(
                    pytest.mark.allure_link(
                        url, link_type=_LINK_TYPES.get(prefix, "link"), name=tag
                    )
                )


def _labels(item: pytest.Item, env_name: str) -> Iterator[tuple[str, str]]:
    yield "environment", env_name
    params: dict[str, Any] = getattr(getattr(item, "callspec", None), "params", {})
    if "channel" in params:
        yield "channel", str(params["channel"])
    scenario = _scenario_of(item)
    if scenario is not None:
        yield "feature", scenario.feature.name
        yield "story", scenario.name
        # Grouping the suites tree by feature reads better than by test module.
        yield "suite", scenario.feature.name


def _scenario_of(item: pytest.Item) -> Any:
    try:
        from pytest_bdd.scenario import scenario_wrapper_template_registry
    except ImportError:
        return None
    function = getattr(item, "obj", None)
    return scenario_wrapper_template_registry.get(function) if function is not None else None


def _colon_tags(item: pytest.Item) -> Iterator[str]:
    for mark in item.iter_markers():
        if mark.name == LABEL_MARK and mark.kwargs.get("label_type") == "tag":
            yield from (str(arg) for arg in mark.args if ":" in str(arg))
        elif ":" in mark.name:
            yield mark.name
