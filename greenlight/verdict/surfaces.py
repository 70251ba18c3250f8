"""The verdict where other tools read it: Allure's results, the JUnit file, the CI job summary.

    >>> problem = write_release_checks(config, verdict, secrets, selected, finished)
    >>> lines = write_ci_surfaces(config, verdict, secrets)

Called by the verdict's plugin once the decision (and its hooks) are final. The release
checks go where allure-pytest writes the run's results (:mod:`greenlight.report.release_checks`);
the JUnit case goes into the file pytest just wrote (:mod:`greenlight.verdict.junit`); the
Markdown summary goes to ``$GITHUB_STEP_SUMMARY`` when a CI set it
(:mod:`greenlight.verdict.job_summary`). Every one reads the masked document.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path

import pytest

from greenlight.report import release_checks
from greenlight.secrets import Secrets
from greenlight.verdict import job_summary, junit
from greenlight.verdict.decision import Verdict
from greenlight.verdict.document import masked


def write_release_checks(
    config: pytest.Config,
    verdict: Verdict,
    secrets: Secrets,
    selected: list[str] | None,
    finished: Collection[str],
) -> str | None:
    """The checks as Allure results, when the run writes any; a reason when they cannot be."""
    results = getattr(config.option, "allure_report_dir", None)
    if not results:
        return None
    reported = None
    if selected is not None:
        reported = (sum(1 for nodeid in selected if nodeid in finished), len(selected))
    try:
        release_checks.write(Path(results), masked(verdict.document, secrets), reported=reported)
    except OSError as error:  # the report would say less than the verdict: say so
        return f"The release checks could not be written to {results}: {error}."
    return None


def write_ci_surfaces(config: pytest.Config, verdict: Verdict, secrets: Secrets) -> list[str]:
    """The JUnit case and the job summary; a line for the terminal when the summary failed."""
    document = masked(verdict.document, secrets)
    xmlpath = config.option.xmlpath
    if xmlpath:
        junit.add_verdict(Path(xmlpath), document)
    summary_path = os.environ.get(job_summary.VARIABLE)
    if not summary_path:
        return []
    try:
        job_summary.append(Path(summary_path), document)
    except OSError as error:  # the summary is a view; the verdict file stands
        return [f"greenlight: no job summary written to {summary_path}: {error}"]
    return []
