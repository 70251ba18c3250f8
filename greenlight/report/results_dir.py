"""Where a run's Allure results go, and which Playwright artefacts a failure keeps.

allure-pytest owns ``--alluredir``; greenlight only supplies a default when none was
given, ``reports/<env>/allure-results`` under the project root, so that every run
leaves results behind::

    $ pytest --env=staging                      # reports/staging/allure-results
    $ pytest --env=staging --alluredir=out      # out, cleaned only with --clean-alluredir

The default folder holds one run: it is emptied when the run starts, since the trend
across runs is carried by ``greenlight report``'s history file, not by piling results
up. A folder the user names is emptied only with ``--clean-alluredir``. Either way only
the controller empties it, never an xdist worker.

pytest-playwright owns ``--screenshot`` and ``--tracing``; unless the command line
sets them, a failing UI scenario keeps a screenshot and a trace
(``only-on-failure``, ``retain-on-failure``) for the report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from greenlight.config.environment import checked_name
from greenlight.plugin.context import RunContext

REPORTS = "reports"
RESULTS = "allure-results"
# In every report greenlight builds: the one sign that a folder may be replaced whole.
MARKER = ".greenlight-report"
PLAYWRIGHT_DEFAULTS = {"screenshot": "only-on-failure", "tracing": "retain-on-failure"}


def reports_dir(root: Path, env_name: str) -> Path:
    """``reports/<env>``: results, history, verdict and HTML report of one environment.

    Only for a plain name (a ConfigError otherwise): ``../x`` must never leave ``reports/``.
    """
    return root / REPORTS / checked_name(env_name)


def configure(config: pytest.Config) -> None:
    """Runs before allure-pytest's ``pytest_configure`` reads ``allure_report_dir``."""
    if config.pluginmanager.hasplugin("allure_pytest"):
        if not config.option.allure_report_dir:
            env = RunContext.of(config).env
            config.option.allure_report_dir = str(reports_dir(config.rootpath, env.name) / RESULTS)
            config.option.clean_alluredir = True
        if hasattr(config, "workerinput"):
            # The controller emptied the folder before the workers started; a worker
            # emptying it again could delete what another worker already wrote.
            config.option.clean_alluredir = False
    if config.pluginmanager.hasplugin("playwright"):
        for option, value in PLAYWRIGHT_DEFAULTS.items():
            if not _given(config, f"--{option}"):
                setattr(config.option, option, value)


def _given(config: pytest.Config, flag: str) -> bool:
    return any(arg == flag or arg.startswith(flag + "=") for arg in config.invocation_params.args)
