"""The pytest plugin's entry point: options always, everything else only in a project that uses greenlight.

Installed into a virtual environment, greenlight loads in every pytest run there, so it
stays inert unless the project asks for it (see :func:`greenlight.plugin.context.in_use`):
an ``environments.toml`` at the rootdir, ``--env``/``--environments``/``--target`` given,
or the ``greenlight_environments`` ini setting. An inert run gets no fixtures, no
verdict, no ``reports/`` folder and no error.

When in use, :mod:`greenlight.plugin.run` is registered: its hooks and fixtures are the
run's wiring, each delegating to the module that owns the concern.
"""

from __future__ import annotations

import pytest

from greenlight.errors import ConfigError
from greenlight.plugin import channels, context


def pytest_addoption(parser: pytest.Parser) -> None:
    # Imported here: the verdict's modules know what a scenario is through this package.
    from greenlight.verdict import plugin as verdict_plugin

    context.add_options(parser)
    from greenlight.plugin import scenario_lines

    channels.add_options(parser)
    verdict_plugin.add_options(parser)
    scenario_lines.add_options(parser)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    if config.option.help or not context.in_use(config):
        return
    from greenlight.plugin import run
    from greenlight.verdict import plugin as verdict_plugin

    try:
        # Before anything else can fail: a run that never decides leaves no stale verdict.
        verdict_plugin.remove_stale(config, config.getoption("env") or context.DEFAULT_ENV)
        run.configure(config)
    except ConfigError as error:
        raise pytest.UsageError(str(error)) from None
    config.pluginmanager.register(run, "greenlight-run")
