"""No credential reaches any output: not the ones declared, nor the ones the system hands out.

A project against an embedded shop registers a customer with a planted password, logs
in (the shop hands out a bearer token), and then fails in ways that put both, and an
admin token holding a backslash, into tracebacks, URLs and error messages. The token
is written to a file outside ``reports`` so the test knows what to look for.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.framework.report.conftest import ENVIRONMENTS, files_containing, run_pytest

pytestmark = pytest.mark.timeout(240)

REPO = Path(__file__).parents[3]

BACKSLASH_SECRET = "planted\\admin-7f3k9q"
PASSWORD = "planted-password-2b8d"

TESTS = """
import json
from pathlib import Path

import pytest

PASSWORD = "planted-password-2b8d"


def log_in(http, name):
    http.call("POST", "/api/customers", json={"username": name, "password": PASSWORD}, expect=(201, 409))
    token = http.call("POST", "/api/login", json={"username": name, "password": PASSWORD}).json()["token"]
    Path("token.txt").write_text(token)  # outside reports/: what the test searches for
    return token


def see_basket(http, token, password):
    # Fails: the shop answers 200, and the URL, the arguments and the message hold the token.
    http.call("GET", "/api/basket", params={"session": token}, headers={"Authorization": "Bearer " + token}, expect=(418,))


def test_a_customer_sees_the_basket(http_client):
    token = log_in(http_client, "masked-ada")
    see_basket(http_client, token, PASSWORD)


def test_the_token_turns_up_in_a_message(http_client):
    token = log_in(http_client, "masked-bob")
    assert token == "something else", f"customer logged in as {token!r}"


def test_the_admin_token_is_refused(http_client, greenlight_env):
    admin = greenlight_env.secrets["admin_token"]
    http_client.call("GET", "/api/admin/customers", params={"prefix": admin}, headers={"Authorization": "Bearer " + admin})
    raise RuntimeError(f"admin refused: {admin!r} {json.dumps(admin)}")
"""


@pytest.fixture(scope="module")
def masked_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One failing run and its report built; the project folder and the terminal output."""
    folder = tmp_path_factory.mktemp("masked")
    (folder / "pytest.ini").write_text("[pytest]\naddopts = -p no:cacheprovider\n")
    (folder / "environments.toml").write_text(ENVIRONMENTS)
    (folder / "test_masked.py").write_text(TESTS)
    done = run_pytest(
        folder,
        "--junitxml=reports/junit.xml",
        "-rA",
        "--tb=long",
        SHOP_ADMIN_TOKEN=BACKSLASH_SECRET,
    )
    assert "3 failed" in done.stdout, done.stdout[-3000:] + done.stderr[-2000:]
    reports = folder / "reports" / "local"
    built = subprocess.run(
        [
            str(Path(sys.executable).with_name("greenlight")),
            "report",
            "--env=local",
            f"--environments={folder / 'environments.toml'}",
            f"--results={reports / 'allure-results'}",
            f"--output={reports / 'allure-report'}",
        ],
        cwd=REPO,  # where node_modules/.bin/allure is
        env={**os.environ, "SHOP_ADMIN_TOKEN": BACKSLASH_SECRET},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    return folder, done.stdout + done.stderr + built.stdout + built.stderr


def forms(secret: str) -> list[str]:
    """The secret as written literally, in JSON and in a Python repr."""
    return sorted({secret, json.dumps(secret)[1:-1], repr(secret)[1:-1]})


def test_no_planted_credential_is_in_any_output(masked_run: tuple[Path, str]) -> None:
    folder, terminal = masked_run
    token = (folder / "token.txt").read_text()
    reports = folder / "reports"
    assert (reports / "junit.xml").is_file() and any(reports.rglob("*-attachment*"))
    assert any(reports.rglob("index.html")), "the report was not built"
    for secret in (token, PASSWORD, BACKSLASH_SECRET):
        for form in forms(secret):
            assert form not in terminal, f"{form} in the terminal output"
            assert files_containing(reports, form) == [], f"{form} written under reports"


def test_the_exchanges_still_show_where_the_mask_is(masked_run: tuple[Path, str]) -> None:
    folder, _ = masked_run
    shown = "\n".join(path.read_text() for path in (folder / "reports").rglob("*-attachment.txt"))
    assert '"password": "***"' in shown
    assert '"token": "***"' in shown
    assert "Authorization: ***" in shown
    assert "session=***" in shown


def test_the_failures_still_explain_themselves(masked_run: tuple[Path, str]) -> None:
    _, terminal = masked_run
    assert "answered 200 (expected 418)" in terminal
    assert "customer logged in as '***'" in terminal
    assert "admin refused: '***'" in terminal
