"""Fixtures on a scenario's Allure page only where a reader learns something from them.

allure-pytest writes a container file for every fixture of every test, listing its
setup and its finalizers: on a greenlight scenario about ten of them, most plumbing
(pytest-bdd's step fixtures, greenlight's own, pytest-playwright's autouse ones) and a
``<lambda>`` teardown entry for each, pytest's own finalizer. Greenlight leaves out of
the written results:

* the setup of an internal fixture (:func:`internal`) that passed;
* every ``<lambda>`` finalizer that passed, and the finalizers of internal fixtures;
* a container with nothing left to show, whose file is then not written at all.

A fixture that failed or broke is always kept, whatever its name: it is evidence.
The suite's own fixtures (``shop``) and greenlight's ``cleanup`` stay on the page.

    >>> internal("pytestbdd_stepdef_given_the shop"), internal("shop")
    (True, False)
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import allure_commons
import pytest
from allure_commons import hookimpl
from allure_commons.logger import AllureFileLogger

# greenlight's plumbing, pytest's and pytest-playwright's: the scenario did not ask for them.
INTERNAL = frozenset(
    {
        "aliases",
        "base_url",
        "channel",
        "delete_output_dir",
        "greenlight_env",
        "http_client",
        "http_session",
        "pytestconfig",
        "request",
    }
)
INTERNAL_PREFIXES = ("_", "pytestbdd_stepdef_")
_PASSED = "passed"


def internal(name: str) -> bool:
    return name in INTERNAL or name.startswith(INTERNAL_PREFIXES)


class ShownFixtures:
    """Stands in for allure-pytest's file writer: writes what it would, containers filtered."""

    def __init__(self, writer: AllureFileLogger) -> None:
        self.writer = writer

    @hookimpl
    def report_result(self, result: Any) -> None:
        self.writer.report_result(result)  # type: ignore[no-untyped-call]

    # Around every other listener: what is left out is never masked or written; what is
    # left is written after the secret mask (greenlight.report.secret_mask) has run.
    @hookimpl(hookwrapper=True)
    def report_container(self, container: Any) -> Generator[None, None, None]:
        container.befores = [b for b in container.befores if _shown(b.name, b.status)]
        container.afters = [a for a in container.afters if _shown_after(a.name, a.status)]
        yield
        if container.befores or container.afters:
            self.writer.report_container(container)  # type: ignore[no-untyped-call]

    @hookimpl
    def report_attached_file(self, source: Any, file_name: str) -> None:
        self.writer.report_attached_file(source, file_name)  # type: ignore[no-untyped-call]

    @hookimpl
    def report_attached_data(self, body: Any, file_name: str) -> None:
        self.writer.report_attached_data(body, file_name)  # type: ignore[no-untyped-call]

    @hookimpl
    def report_globals(self, globals_item: Any) -> None:
        # The run's global attachments (the probe charts) and errors: written as they are.
        self.writer.report_globals(globals_item)  # type: ignore[no-untyped-call]


def _shown(name: str | None, status: str | None) -> bool:
    return status not in (None, _PASSED) or not internal(name or "")


def _shown_after(name: str | None, status: str | None) -> bool:
    fixture, _, finalizer = (name or "").partition("::")
    if status not in (None, _PASSED):
        return True
    return finalizer != "<lambda>" and not internal(fixture)


def writes_all_of(writer: type) -> bool:
    """Whether :class:`ShownFixtures` passes on every hook ``writer`` implements."""
    hooks = {name for name in dir(writer) if hasattr(getattr(writer, name), "allure_impl")}
    return all(hasattr(getattr(ShownFixtures, hook, None), "allure_impl") for hook in hooks)


def install(config: pytest.Config) -> None:
    """Put :class:`ShownFixtures` in place of allure-pytest's writer, for this run only."""
    manager = allure_commons.plugin_manager
    writers = [p for p in manager.get_plugins() if type(p) is AllureFileLogger]
    if len(writers) != 1:
        return  # no Allure results (or a setup greenlight does not know): leave it be
    writer = writers[0]
    if not writes_all_of(type(writer)):
        return  # a writer with a hook the stand-in would drop: unfiltered beats lost
    name = manager.get_name(writer)
    shown = ShownFixtures(writer)
    manager.unregister(writer)
    manager.register(shown, name)

    def restore() -> None:
        # Before allure-pytest's own clean-up, which unregisters its writer by identity.
        manager.unregister(shown)
        manager.register(writer, name)

    config.add_cleanup(restore)
