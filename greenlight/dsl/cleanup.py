"""Cleanup: undo what a scenario created, at teardown, best effort but never silent.

    cleanup.add("delete customer alice (gl-smoke-alice-x7k2)", lambda: admin.delete_customer(name))

Actions run last-in first-out. A failing action does not stop the others; when any
fail, teardown raises :class:`CleanupFailed` listing each, which pytest reports as an
error of the test (so a passing scenario does not read as clean, and a failed one
stays failed: the original failure is kept and the cleanup error is added to it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from greenlight.secrets import Secrets


class CleanupFailed(RuntimeError):
    """One or more cleanup actions failed; the entities they named may be left behind."""


@dataclass
class Cleanup:
    secrets: Secrets = field(default_factory=Secrets)
    _actions: list[tuple[str, Callable[[], object]]] = field(default_factory=list)

    def add(self, description: str, action: Callable[[], object]) -> None:
        self._actions.append((description, action))

    def run(self) -> None:
        failures = []
        while self._actions:
            description, action = self._actions.pop()
            try:
                action()
            except Exception as error:
                failures.append(f"{description}: {type(error).__name__}: {error}")
        if failures:
            listed = "\n".join(f"  - {self.secrets.mask(failure)}" for failure in failures)
            raise CleanupFailed(
                f"{len(failures)} cleanup action(s) failed; data may be left behind:\n{listed}"
            )
