"""A test's HTTP exchanges are kept while it runs, for its failure's evidence, then let go.

pytest keeps every item until the session ends; the exchanges they recorded need not
stay with them. A real run against the embedded reference shop: while each test runs
its exchanges are there; at the end of the session no item holds any.
"""

from __future__ import annotations

import pytest

from tests.framework.verdict.conftest import environment

TESTS = """
import pytest

from greenlight.plugin.fixtures import EXCHANGES


@pytest.mark.parametrize("n", range(3))
def test_health(http_client, request, channel, n):
    http_client.call("GET", "/health")
    http_client.call("GET", "/api/products")
    assert len(request.node.stash[EXCHANGES]) == 2  # while it runs, for its evidence
"""

# Counts, once the session is over, the exchanges every item still holds.
CONFTEST = """
import os
from pathlib import Path

from greenlight.plugin.fixtures import EXCHANGES


def pytest_sessionfinish(session):
    kept = sum(len(item.stash.get(EXCHANGES, [])) for item in session.items)
    Path(os.environ["GL_KEPT"]).write_text(str(kept))
"""


def test_no_item_holds_its_exchanges_after_its_teardown(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makefile(".toml", environments=environment("local"))
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_health=TESTS)
    kept = pytester.path / "kept.txt"
    monkeypatch.setenv("GL_KEPT", str(kept))

    result = pytester.runpytest_subprocess()

    result.assert_outcomes(passed=3)
    assert kept.read_text() == "0"
