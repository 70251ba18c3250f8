"""The run's context: which environment, which target, the system's resolved URLs, and how sensitive the run is.

Owns ``--env``, ``--environments`` and ``--target``. The controller process resolves the
environment (starting an embedded system if the environment has one) and hands the
result to pytest-xdist workers through ``workerinput``, so a parallel run talks to
one system and reads the configuration once.

``--base-url`` (pytest-base-url's option) is held to the file's URL rules: http or
https with a host; on an embedded environment only this machine. Where the run then
points decides whether it is sensitive (:mod:`greenlight.config.sensitivity`): the
environment seen by everything downstream says ``sensitive=True`` when it is.

    >>> run = RunContext.of(config)
    >>> run.env.name, run.env.base_url
    ('local', 'http://127.0.0.1:43817')
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from greenlight.config import load_environment
from greenlight.config.environment import DEFAULT_FILE, Environment, read_tables
from greenlight.config.sensitivity import Sensitivity, judge
from greenlight.errors import ConfigError
from greenlight.plugin.embedded import EmbeddedSystem
from greenlight.secrets import Secrets
from greenlight.urls import check_url, is_loopback

DEFAULT_ENV = "local"
_KEY = pytest.StashKey["RunContext"]()
_WORKER_KEY = "greenlight"


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("greenlight", "greenlight: environments, channels and release verdict")
    group.addoption(
        "--env",
        default=None,
        metavar="NAME",
        help=f"environment to run against (default: {DEFAULT_ENV}).",
    )
    group.addoption(
        "--environments",
        default=None,
        metavar="PATH",
        help="environments file (default: the greenlight_environments ini setting, else environments.toml at the rootdir).",
    )
    group.addoption(
        "--target",
        default=None,
        metavar="NAME",
        help="named target of the environment, e.g. blue or canary.",
    )

    parser.addini(
        "greenlight_environments",
        default=None,
        help="greenlight: the environments file, relative to the rootdir; setting it turns greenlight on.",
    )


@dataclass
class RunContext:
    env: Environment
    sensitivity: Sensitivity | None = None  # set by judged()
    system: EmbeddedSystem | None = None
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="greenlight-")))

    @staticmethod
    def of(config: pytest.Config) -> RunContext:
        return config.stash[_KEY]

    @staticmethod
    def find(config: pytest.Config) -> RunContext | None:
        return config.stash.get(_KEY, None)


def environments_path(config: pytest.Config) -> Path:
    given = config.getoption("environments")
    if given:
        return Path(given)
    configured = config.getini("greenlight_environments")
    return config.rootpath / (configured or DEFAULT_FILE)


def in_use(config: pytest.Config) -> bool:
    """Whether this run uses greenlight; otherwise the plugin stays out of the way.

    A project uses it by having ``environments.toml`` at its rootdir, by naming an
    environments file in the ``greenlight_environments`` ini setting, or by giving
    ``--env``, ``--environments`` or ``--target``.
    """
    asked = any(config.getoption(name) is not None for name in ("env", "environments", "target"))
    return (
        asked
        or bool(config.getini("greenlight_environments"))
        or (config.rootpath / DEFAULT_FILE).is_file()
    )


def configure(config: pytest.Config) -> RunContext:
    """Resolve the environment (in a worker: take the controller's) and stash the context."""
    shared: dict[str, Any] | None = getattr(config, "workerinput", {}).get(_WORKER_KEY)
    env = load_environment(
        environments_path(config),
        config.getoption("env") or DEFAULT_ENV,
        os.environ,
        target=config.getoption("target"),
        checked=shared is not None,  # the controller checked the file before starting us
    )
    if shared is not None:
        env = replace(env, services=shared["services"], secrets=Secrets(shared["secrets"]))
    elif config.getoption("base_url"):
        env = env.with_url(checked_base_url(env, config.getoption("base_url")))
    if env.scenario_timeout is not None and config.getoption("timeout", None) is None:
        # pytest-timeout owns --timeout; the environment only supplies its default.
        config.option.timeout = env.scenario_timeout
    run = RunContext(env=env)
    judged(run)
    config.stash[_KEY] = run
    return run


def checked_base_url(env: Environment, url: str) -> str:
    """``--base-url`` if it is a URL greenlight may run against; else a ConfigError saying why."""
    problems = check_url(url, "--base-url")
    if not problems and env.embedded is not None and not is_loopback(url):
        # The embedded system is started here; a remote URL would skip that and
        # aim the environment's settings (sensitive = false, say) at another system.
        problems = [
            f"--base-url: {url} is not on this machine; [{env.name}] starts its own system "
            "(embedded), so --base-url may only point at this machine (localhost, 127.0.0.1 "
            "or ::1); run against a remote system with an environment that lists its services"
        ]
    if problems:
        raise ConfigError(problems)
    return url


def judged(run: RunContext) -> None:
    """Decide how sensitive the run is, from where it now points."""
    own = run.sensitivity.own if run.sensitivity else run.env.sensitive
    run.sensitivity = judge(
        replace(run.env, sensitive=own), read_tables(run.env.source), os.environ
    )
    run.env = replace(run.env, sensitive=run.sensitivity.sensitive)


def start_system(config: pytest.Config) -> None:
    """Start the embedded system, once, in the controller; the URL becomes ``--base-url``."""
    run = RunContext.of(config)
    if hasattr(config, "workerinput") or run.env.embedded is None or config.getoption("base_url"):
        _publish_base_url(config, run.env)
        return
    run.system = EmbeddedSystem.start(run.env, workdir=run.workdir)
    run.env = run.env.with_url(run.system.url)
    judged(run)  # as workers will judge it, with the URL it started on
    _publish_base_url(config, run.env)


def _publish_base_url(config: pytest.Config, env: Environment) -> None:
    # pytest-base-url's base_url fixture, and through it pytest-playwright's pages, use it.
    if env.base_url:
        config.option.base_url = env.base_url


def stop_system(config: pytest.Config) -> None:
    run = RunContext.find(config)
    if run is None:
        return
    if run.system is not None:
        run.system.stop()
        run.system = None
    # The workdir holds the embedded system's database and log; reports have copied
    # what they need by now.
    shutil.rmtree(run.workdir, ignore_errors=True)


def share_with_worker(config: pytest.Config, workerinput: dict[str, Any]) -> None:
    run = RunContext.of(config)
    workerinput[_WORKER_KEY] = {
        "services": dict(run.env.services),
        "secrets": dict(run.env.secrets),
    }
