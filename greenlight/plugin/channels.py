"""Channels: one scenario, run through each way the system can be reached.

Owns ``--channel``. Every test that uses the ``channel`` fixture is parametrised
with the chosen channels, so its id reads ``test_checkout[api]`` / ``test_checkout[ui]``.
The environment's ``channels`` list is the default; ``--channel all`` means all of it.
Every pytest-bdd scenario is parametrised too. A scenario tagged ``@api_only``
(``@<channel>_only``) runs only through that channel.

    @pytest.fixture
    def shop(channel: str) -> Shop:
        return Shop(ApiShop(...) if channel == "api" else UiShop(...))
"""

from __future__ import annotations

import pytest

from greenlight.config.schema import suggest
from greenlight.errors import ConfigError
from greenlight.plugin.context import RunContext

ALL = "all"
_CHOSEN = pytest.StashKey[tuple[str, ...]]()


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("greenlight")
    group.addoption(
        "--channel",
        action="append",
        default=None,
        metavar="NAME",
        help="channel to run scenarios through: a channel of the environment, or all (repeatable; default: the environment's channels).",
    )


def configure(config: pytest.Config) -> None:
    env = RunContext.of(config).env
    asked: list[str] = []
    for value in config.getoption("channel") or []:
        asked += [part.strip() for part in value.split(",") if part.strip()]
    if not asked or ALL in asked:
        config.stash[_CHOSEN] = env.channels
    else:
        unknown = [name for name in asked if name not in env.channels]
        if unknown:
            known = ", ".join([*env.channels, ALL])
            raise ConfigError(
                [
                    f"--channel {name}: environment '{env.name}' has no such channel"
                    f"{suggest(name, env.channels)}; choose from: {known}"
                    for name in unknown
                ]
            )
        config.stash[_CHOSEN] = tuple(dict.fromkeys(asked))
    for name in env.channels:
        config.addinivalue_line(
            "markers", f"{name}_only: run this scenario only through the {name} channel"
        )


def chosen(config: pytest.Config) -> tuple[str, ...]:
    return config.stash[_CHOSEN]


def parametrize(metafunc: pytest.Metafunc) -> None:
    # pytest-bdd steps ask for their fixtures while running, so a scenario's closure
    # does not show "channel"; every scenario runs per channel all the same.
    if "channel" not in metafunc.fixturenames:
        if "_pytest_bdd_example" not in metafunc.fixturenames:
            return
        metafunc.fixturenames.append("channel")
    channels = chosen(metafunc.config)
    only = {
        mark.name[: -len("_only")]
        for mark in metafunc.definition.iter_markers()
        if mark.name.endswith("_only")
    }
    if only:
        channels = tuple(name for name in channels if name in only)
    # No channel left means the scenario does not apply to this run: an empty
    # parametrisation makes pytest report it skipped, with the reason in the report.
    metafunc.parametrize("channel", channels, ids=list(channels), scope="function")


@pytest.fixture
def channel(request: pytest.FixtureRequest) -> str:
    """The channel this test runs through (parametrised by ``--channel``)."""
    return str(request.param)
