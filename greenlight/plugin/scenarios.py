"""What greenlight knows about a pytest-bdd scenario behind a test item.

    >>> where(item)
    'specs/orders.feature:27: Scenario: An operator restocks a sold-out product'

Plain pytest tests work too: they are named by their node id. They count in the
release verdict when the project marks them as checks (``@pytest.mark.check``, or
``smoke``/``destructive``, which only a release check carries); other tests, a team's
unit tests say, are not scenarios:

    >>> is_check(item)
    True
"""

from __future__ import annotations

from pathlib import Path

import pytest


def template_of(item: pytest.Item) -> object | None:
    """The pytest-bdd scenario template behind ``item``, or None for a plain test."""
    try:
        from pytest_bdd.scenario import scenario_wrapper_template_registry
    except ImportError:  # pytest-bdd moved it: fall back to node ids
        return None
    function = getattr(item, "obj", None)
    return scenario_wrapper_template_registry.get(function) if function is not None else None


CHECK = "check"
# Markers that only a release check carries: a test with one of them is a check.
CHECK_MARKERS = (CHECK, "smoke", "destructive")


def is_check(item: pytest.Item) -> bool:
    """Whether ``item`` is a release check: a pytest-bdd scenario or a test marked as one."""
    if "_pytest_bdd_example" in getattr(item, "fixturenames", ()) or template_of(item) is not None:
        return True
    return any(item.get_closest_marker(name) for name in CHECK_MARKERS)


def scenario_name(item: pytest.Item) -> str:
    template = template_of(item)
    return str(getattr(template, "name", None) or item.name.split("[")[0])


def where(item: pytest.Item) -> str:
    """``feature-file:line: Scenario: name`` for a scenario, the node id otherwise."""
    template = template_of(item)
    if template is None:
        return item.nodeid.split("[")[0]
    feature = getattr(template, "feature", None)
    filename = Path(getattr(feature, "filename", "?"))
    try:
        shown = filename.relative_to(item.config.rootpath)
    except ValueError:
        shown = filename
    return f"{shown}:{getattr(template, 'line_number', '?')}: Scenario: {scenario_name(item)}"
