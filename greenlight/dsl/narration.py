"""Narration: DSL verbs appear as nested steps in the report, with their parameters.

    class Shop:
        @verb
        def add_to_basket(self, *, product: str, quantity: int = 1) -> None: ...

In the Allure report the Gherkin step ``When alice adds 2 apples`` then holds a step
``add to basket: product=apple (apple-x7k2), quantity=2``: parameters the DSL object
lists in ``aliased_params`` are shown with the real name beside the alias, taken from
its ``aliases`` attribute. Reporting stays out of the domain verbs themselves.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import allure

from greenlight.dsl.aliases import Aliases

P = ParamSpec("P")
R = TypeVar("R")


def verb(method: Callable[P, R]) -> Callable[P, R]:
    """Report each call of a DSL method as an Allure step named after it."""
    title = method.__name__.replace("_", " ")

    @functools.wraps(method)
    def narrated(*args: P.args, **kwargs: P.kwargs) -> R:
        owner = args[0] if args else None
        aliases: Aliases | None = getattr(owner, "aliases", None)
        aliased = getattr(owner, "aliased_params", ())
        shown = ", ".join(
            f"{key}={_show(value, aliases if key in aliased else None)}"
            for key, value in kwargs.items()
        )
        with allure.step(f"{title}: {shown}" if shown else title):
            return method(*args, **kwargs)

    return narrated


def _show(value: Any, aliases: Aliases | None) -> str:
    if isinstance(value, str) and aliases is not None:
        return aliases.shown(value)
    return str(value)
