"""Laying the project templates out in a folder, never over a file that is there.

    >>> written = write_project(Path("my-system"))
    >>> [str(path) for path in written][:2]
    ['.github/workflows/release.yml', '.gitignore']

A template ``a/b.py.tmpl`` becomes ``a/b.py``; a leading ``dot-`` becomes ``.`` (so the
package data holds no hidden folders, which packaging globs skip). ``{{name}}`` is the
folder's name and ``{{requirement}}`` the greenlight release to depend on.
"""

from __future__ import annotations

import importlib.metadata
import re
from collections.abc import Iterator, Mapping
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

from greenlight.errors import ConfigError

SUFFIX = ".tmpl"
DOT = "dot-"


def templates() -> dict[PurePosixPath, str]:
    """Every file of the project, by its path in the project, with its template text."""
    root = files("greenlight.scaffold") / "templates"
    return {path: node.read_text(encoding="utf-8") for path, node in _walk(root, PurePosixPath())}


def _walk(node: Traversable, at: PurePosixPath) -> Iterator[tuple[PurePosixPath, Traversable]]:
    for child in sorted(node.iterdir(), key=lambda child: child.name):
        name = "." + child.name[len(DOT) :] if child.name.startswith(DOT) else child.name
        if child.is_dir():
            yield from _walk(child, at / name)
        elif name.endswith(SUFFIX):
            yield at / name[: -len(SUFFIX)], child


def render(text: str, values: Mapping[str, str]) -> str:
    # Only the names we know: ``${{ vars.X }}`` in the workflow stays as GitHub reads it.
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def requirement() -> str:
    """``greenlight>=X.Y``: at least the release that wrote the project."""
    try:
        version = importlib.metadata.version("greenlight")
    except importlib.metadata.PackageNotFoundError:  # run from a checkout, not installed
        return "greenlight"
    major_minor = ".".join(version.split(".")[:2])
    return f"greenlight>={major_minor}"


def project_name(folder: Path) -> str:
    """The folder's name as a package name: ``My System`` -> ``my-system``."""
    name = re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-")
    return name or "system"


def write_project(folder: Path) -> list[Path]:
    """Write every template into ``folder``; nothing at all if any file is there already."""
    if folder.exists() and not folder.is_dir():
        raise ConfigError([f"{folder} is a file; name a folder for the new project"])
    planned = templates()
    taken = sorted(str(path) for path in planned if (folder / path).exists())
    if taken:
        raise ConfigError(
            [
                f"{folder} already has {', '.join(taken)}; greenlight init writes nothing "
                "over existing files (move them away, or init another folder)"
            ]
        )
    values = {"name": project_name(folder), "requirement": requirement()}
    written = []
    for path, text in planned.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(text, values), encoding="utf-8")
        written.append(Path(path))
    return written
