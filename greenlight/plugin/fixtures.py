"""The fixtures greenlight gives a suite's composition root (its ``conftest.py``).

    @pytest.fixture
    def shop(channel, http_client, aliases, cleanup, request) -> Shop:
        driver = ApiShop(http_client) if channel == "api" else UiShop(request.getfixturevalue("page"), ...)
        return Shop(driver, aliases=aliases, cleanup=cleanup)

``http_session`` is one keep-alive session per worker; ``http_client`` wraps it per
test with the environment's URL, timeout and secrets, records every exchange, and marks
every request as synthetic on a trace of the test's own (:func:`synthetic_marks`).
"""

from __future__ import annotations

from collections.abc import Iterator

import allure
import allure_commons
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

    def record(exchange: Exchange) -> None:
        exchanges.append(exchange)
        if not _attachments_kept():
            return
        allure.attach(
            exchange.render(greenlight_env.secrets),
            name=greenlight_env.secrets.mask(exchange.title),
            attachment_type=allure.attachment_type.TEXT,
        )

    return HttpClient(
        http_session,
        greenlight_env.base_url,
        env_name=greenlight_env.name,
        timeout=greenlight_env.request_timeout,
        secrets=greenlight_env.secrets,
        record=record,
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


def _attachments_kept() -> bool:
    """Whether anything keeps Allure attachments (no Allure results, nothing does)."""
    # Rendering an exchange (its JSON bodies re-indented, secrets masked) is the costly
    # part of attaching it; when no one listens, ``allure.attach`` would drop it anyway.
    return bool(allure_commons.plugin_manager.hook.attach_data.get_hookimpls())


def unreported_exchanges(item: pytest.Item) -> list[Exchange]:
    """The test's exchanges since its last report (setup, call and teardown each make one)."""
    exchanges = item.stash.get(EXCHANGES, [])
    new = exchanges[item.stash.get(_REPORTED, 0) :]
    item.stash[_REPORTED] = len(exchanges)
    return new


def last_exchange(item: pytest.Item) -> Exchange | None:
    exchanges = item.stash.get(EXCHANGES, [])
    return exchanges[-1] if exchanges else None
