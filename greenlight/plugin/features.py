"""Feature files: every one under the features folder is read, bound and has steps.

A release check that never runs proves nothing, yet pytest-bdd runs only the feature
files a test module binds, and a scenario whose steps a keyword typo turned into
description (``Givn a shop``) has no steps and passes. This module makes each of these
a reason against the release, and a feature file that cannot be parsed one line with
its file and line:

    specs/refunds.feature: no test binds this feature file, so none of its scenarios ran; bind it with scenarios(...)
    specs/orders.feature:12: Scenario 'Refund' has no steps: check the keywords at line 13
    specs/broken.feature:3: expected: #TagLine, #RuleLine, #Comment, #Empty, got 'Scenari: x'

The features folder is pytest-bdd's ``bdd_features_base_dir`` (the rootdir when unset).
Unbound files are judged where the test modules were imported: in the process itself,
or in each pytest-xdist worker, which reports them through ``workeroutput``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from greenlight.verdict.evidence import Evidence, Reason

SOURCE = "specs"
_WORKER_KEY = "greenlight_unbound_features"
# Folders that hold tools, not a project's specifications.
_SKIPPED = {".git", ".venv", "venv", "node_modules", "__pycache__", ".tox", "reports"}


def features_dir(config: pytest.Config) -> Path:
    configured = config.getini("bdd_features_base_dir")
    return (config.rootpath / configured) if configured else config.rootpath


def feature_files(base: Path) -> list[Path]:
    return sorted(
        path
        for path in base.rglob("*.feature")
        if not _SKIPPED & set(path.relative_to(base).parts[:-1])
    )


def parse_problem(path: Path, shown: str) -> str | None:
    """One line saying why pytest-bdd cannot read ``path``, or None when it can."""
    from pytest_bdd.exceptions import GherkinParseError
    from pytest_bdd.parser import FeatureParser

    try:
        feature = FeatureParser(str(path.parent), path.name).parse()
    except GherkinParseError as error:
        detail = getattr(error.__cause__, "errors", None)
        message = str(detail[0]) if detail else error.message
        return f"{shown}:{error.line}: {_one_line(message)}"
    except UnicodeDecodeError as error:
        return f"{shown}: not UTF-8 text (byte {error.object[error.start]:#04x} at offset {error.start}); save it as UTF-8"
    except Exception as error:  # pytest-bdd's parser fails on some files with plain errors
        if not path.read_text(encoding="utf-8", errors="replace").strip():
            return f"{shown}: the file is empty; write a Feature in it or remove it"
        return f"{shown}: cannot be read as a feature ({type(error).__name__}: {_one_line(str(error))})"
    if not feature.scenarios:
        return f"{shown}: has no scenarios, so it checks nothing; write one or remove the file"
    return None


def bound_files() -> set[Path]:
    """Feature files some imported test module bound to scenarios."""
    from pytest_bdd.scenario import scenario_wrapper_template_registry

    return {
        Path(template.feature.filename).resolve()
        for template in scenario_wrapper_template_registry.values()
    }


class FeatureCheck:
    """Registered by the plugin; adds its reasons to the run's evidence."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.base = features_dir(config)
        self.unbound: set[str] = set()
        self._problems: dict[Path, str | None] | None = None

    def problems(self) -> dict[Path, str | None]:
        """Each feature file and why it cannot be read (None: it can); walked and parsed once."""
        if self._problems is None:
            self._problems = {
                path: parse_problem(path, self._shown(path)) for path in feature_files(self.base)
            }
        return self._problems

    def _shown(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.config.rootpath))
        except ValueError:
            return str(path)

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        if hasattr(self.config, "workerinput") or not self.base.is_dir():
            return
        evidence = Evidence.of(self.config)
        for problem in self.problems().values():
            if problem:
                evidence.add_reason(Reason(problem, source=SOURCE))

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        if not self.base.is_dir() or _names_files(self.config):
            return
        bound = bound_files()
        unbound = {
            self._shown(path)
            for path, problem in self.problems().items()
            if problem is None and path.resolve() not in bound
        }
        if hasattr(self.config, "workerinput"):
            self.config.workeroutput[_WORKER_KEY] = sorted(unbound)  # type: ignore[attr-defined]
        self.unbound |= unbound

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any) -> None:
        self.unbound |= set(getattr(node, "workeroutput", {}).get(_WORKER_KEY, ()))

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if hasattr(self.config, "workerinput"):
            return
        evidence = Evidence.of(self.config)
        for shown in sorted(self.unbound):
            evidence.add_reason(
                Reason(
                    f"{shown}: no test binds this feature file, so none of its scenarios ran; "
                    "bind it with scenarios(...)",
                    source=SOURCE,
                )
            )

    @pytest.hookimpl(optionalhook=True)
    def pytest_bdd_before_scenario(self, request: Any, feature: Any, scenario: Any) -> None:
        if scenario.steps:
            return
        line = scenario.line_number
        # The typo'd lines follow the scenario's title as its description.
        hint = f"check the keywords at line {line + 1}" if scenario.description else "add its steps"
        pytest.fail(
            f"{feature.rel_filename}:{line}: Scenario '{scenario.name}' has no steps: {hint}",
            pytrace=False,
        )


def _names_files(config: pytest.Config) -> bool:
    """Whether the run was given test files or node ids: then other files bind the rest."""
    return any(arg.split("::")[0].endswith(".py") or "::" in arg for arg in config.args)


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip())
