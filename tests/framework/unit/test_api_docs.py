"""docs/api.md covers the public surface, and the public surface explains itself.

Every name in ``greenlight.__all__``, ``greenlight.dsl.__all__`` and
``greenlight.drivers.__all__``, and every fixture a suite builds on, has a ``### name``
heading; every public class and function has its own docstring (a dataclass's generated
signature does not count), and so does each public method of the toolkit and drivers.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import greenlight
import greenlight.drivers
import greenlight.dsl
from greenlight.plugin import channels, fixtures

DOCS = Path(__file__).resolve().parents[3] / "docs" / "api.md"
FIXTURES = ("channel", "greenlight_env", "http_session", "http_client", "aliases", "cleanup")
MODULES = (greenlight, greenlight.dsl, greenlight.drivers)
PUBLIC = sorted({name for module in MODULES for name in module.__all__})


def _public(name: str) -> object:
    return next(getattr(module, name) for module in MODULES if name in module.__all__)


def _own_docstring(obj: object) -> str:
    doc = vars(obj).get("__doc__") if inspect.isclass(obj) else getattr(obj, "__doc__", None)
    doc = (doc or "").strip()
    # @dataclass writes "Name(field: type, ...)" when the class has no docstring.
    if inspect.isclass(obj) and doc.startswith(f"{obj.__name__}("):
        return ""
    return doc


HEADINGS = set(re.findall(r"^### (\S+)\s*$", DOCS.read_text(), flags=re.MULTILINE))


@pytest.mark.parametrize("name", [*PUBLIC, *FIXTURES])
def test_every_public_name_and_fixture_has_a_heading(name: str) -> None:
    assert name in HEADINGS, f"docs/api.md has no '### {name}' heading"


@pytest.mark.parametrize("name", FIXTURES)
def test_each_fixture_is_the_plugins_with_the_scope_the_table_gives(name: str) -> None:
    fixture = getattr(fixtures, name, None) or getattr(channels, name)
    scope = fixture._fixture_function_marker.scope  # pytest keeps the declared scope here
    row = re.search(rf"^\| `{name}` \| (\w+)", DOCS.read_text(), flags=re.MULTILINE)
    assert row is not None, f"the fixtures table has no row for {name}"
    assert row.group(1) == scope
    assert _own_docstring(fixture._fixture_function), f"fixture {name} has no docstring"


@pytest.mark.parametrize(
    "name",
    PUBLIC,
)
def test_every_public_class_and_function_has_a_docstring(name: str) -> None:
    assert _own_docstring(_public(name)), f"{name} has no docstring"


TOOLKIT_CLASSES = [
    name
    for name in PUBLIC
    if inspect.isclass(_public(name))
    and _public(name).__module__.startswith(("greenlight.dsl", "greenlight.drivers"))
]


@pytest.mark.parametrize("name", TOOLKIT_CLASSES)
def test_every_public_method_of_the_toolkit_and_drivers_has_a_docstring(name: str) -> None:
    cls = _public(name)
    missing = [
        member
        for member, value in vars(cls).items()
        if not member.startswith("_")
        and (inspect.isfunction(value) or isinstance(value, property))
        and not (value.__doc__ or "").strip()
    ]
    assert missing == [], f"{name}: no docstring on {', '.join(missing)}"


def test_the_documented_signatures_are_the_real_ones() -> None:
    text = DOCS.read_text()
    for name in ("HttpClient", "PageDriver", "Aliases", "CleanupFailed", "ConfigError"):
        parameters = inspect.signature(_public(name)).parameters  # type: ignore[arg-type]
        section = text.split(f"### {name}\n", 1)[1].split("\n### ", 1)[0]
        for parameter in parameters:
            assert parameter in section, f"### {name} does not mention its parameter {parameter}"
    visit = inspect.signature(greenlight.PageDriver.visit).parameters
    assert "allow_error" in visit and "allow_error" in text
