"""greenlight's public surface is exactly what its ``__all__`` names."""

from __future__ import annotations

import subprocess
import sys

import greenlight

PUBLIC = {
    "Aliases",
    "Cleanup",
    "CleanupFailed",
    "ConfigError",
    "Environment",
    "HttpClient",
    "HttpError",
    "PageDriver",
    "SystemUnreachable",
    "eventually",
    "money",
    "one_of",
    "show_money",
    "table_rows",
    "verb",
    "whole_number",
}


def test_all_is_the_public_surface() -> None:
    assert set(greenlight.__all__) == PUBLIC
    assert all(hasattr(greenlight, name) for name in PUBLIC)
    assert {name for name in vars(greenlight) if name[0].isupper()} <= PUBLIC


def test_greenlight_never_imports_the_reference_suite_or_system() -> None:
    code = "import sys, greenlight, greenlight.plugin, greenlight.cli; print(sorted({m.split('.')[0] for m in sys.modules} & {'dsl', 'drivers', 'sut'}))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_importing_the_plugin_does_not_import_playwright() -> None:
    code = "import sys, greenlight.plugin; print('playwright' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
