"""The fixtures greenlight gives a suite's composition root (its ``conftest.py``).

    @pytest.fixture
    def shop(channel, http_client, aliases, cleanup, request) -> Shop:
        driver = ApiShop(http_client) if channel == "api" else UiShop(request.getfixturevalue("page"), ...)
        return Shop(driver, aliases=aliases, cleanup=cleanup)

``http_session`` is one keep-alive session per worker; ``http_client`` wraps it per
test with the environment's URL, timeout and secrets, marks every request as synthetic
on a trace of the test's own (:func:`synthetic_marks`), and records every exchange in
memory: nothing is rendered or written for a scenario that passes; one that fails gets
its exchanges attached (:mod:`greenlight.report.failure_attachments`).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from greenlight.config.environment import Environment
from greenlight.drivers.exchanges import Exchange
from greenlight.drivers.http import HttpClient
from greenlight.drivers.synthetic import SyntheticMarks
from greenlight.dsl import cleanup as cleanups
from greenlight.dsl.aliases import Aliases
from greenlight.dsl.cleanup import Cleanup, CleanupFailed
from greenlight.plugin.context import RunContext

EXCHANGES = pytest.StashKey[list[Exchange]]()
_REPORTED = pytest.StashKey[int]()  # how many of the test's exchanges a report carried
_ATTEMPT_START = pytest.StashKey[int]()  # the first exchange of the current attempt
_STEP_START = pytest.StashKey[int]()  # the first exchange of the current step


@pytest.fixture(scope="session")
def greenlight_env(pytestconfig: pytest.Config) -> Environment:
    """The environment this run is aimed at, with its resolved URLs and secrets."""
    return RunContext.of(pytestconfig).env


@pytest.fixture(scope="session")
def http_session() -> Iterator[requests.Session]:
    """One keep-alive HTTP session for the whole worker."""
    with requests.Session() as session:
        yield session


@pytest.fixture
def http_client(
    request: pytest.FixtureRequest, http_session: requests.Session, greenlight_env: Environment
) -> HttpClient:
    """An HTTP client on the environment's primary service, recording its exchanges."""
    # The session is shared by the worker's tests; cookies must not carry over.
    http_session.cookies.clear()
    exchanges = request.node.stash.setdefault(EXCHANGES, [])
    # A retried test (pytest-rerunfailures) keeps its item: this attempt starts here.
    request.node.stash[_ATTEMPT_START] = request.node.stash[_STEP_START] = len(exchanges)
    return HttpClient(
        http_session,
        greenlight_env.base_url,
        env_name=greenlight_env.name,
        timeout=greenlight_env.request_timeout,
        secrets=greenlight_env.secrets,
        record=exchanges.append,
        marks=synthetic_marks(greenlight_env),
    )


def synthetic_marks(env: Environment) -> SyntheticMarks:
    """The marks of the run's requests, on a trace of their own (the environment's header)."""
    header, value = env.synthetic_header
    return SyntheticMarks(header=header, value=value)


@pytest.fixture
def aliases(greenlight_env: Environment) -> Aliases:
    """This test's aliases, prefixed as the environment says."""
    return Aliases(prefix=greenlight_env.alias_prefix)


@pytest.fixture
def cleanup(greenlight_env: Environment, request: pytest.FixtureRequest) -> Iterator[Cleanup]:
    """Undo actions for what this test created, run at teardown; a failure is kept for the verdict."""
    actions = Cleanup(secrets=greenlight_env.secrets)
    yield actions
    try:
        actions.run()
    except CleanupFailed as failed:
        # On the item, not the report: every later report of the test carries it, also
        # when pytest-rerunfailures drops the teardown report of an attempt it retries.
        attempt = int(getattr(request.node, "execution_count", 1))  # set by rerunfailures
        failures = "; ".join(failed.failures)
        request.node.user_properties.append((cleanups.PROPERTY, (attempt, failures)))
        raise


def unreported_exchanges(item: pytest.Item) -> list[Exchange]:
    """The test's exchanges since its last report (setup, call and teardown each make one)."""
    exchanges = item.stash.get(EXCHANGES, [])
    new = exchanges[item.stash.get(_REPORTED, 0) :]
    item.stash[_REPORTED] = len(exchanges)
    return new


def forget_exchanges(item: pytest.Item) -> None:
    """The test's protocol is over: its exchanges were attached (on a failure) and reported."""
    item.stash.get(EXCHANGES, []).clear()  # the same list the client records into
    for key in (_REPORTED, _ATTEMPT_START, _STEP_START):
        item.stash[key] = 0


def step_started(item: pytest.Item) -> None:
    """A Gherkin step begins: the exchanges from here on are its own."""
    item.stash[_STEP_START] = len(item.stash.get(EXCHANGES, []))


def attempt_exchanges(item: pytest.Item) -> list[Exchange]:
    """Every exchange of the test's current attempt, in order."""
    return item.stash.get(EXCHANGES, [])[item.stash.get(_ATTEMPT_START, 0) :]


def step_exchanges(item: pytest.Item) -> list[Exchange]:
    """The exchanges of the current (or failing) step; of the setup before any step."""
    return item.stash.get(EXCHANGES, [])[item.stash.get(_STEP_START, 0) :]
