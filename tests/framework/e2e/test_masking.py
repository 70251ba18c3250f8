"""The reference suite, failing, on a shop reached through a URL with a password in it.

The URL's password, an admin token holding a backslash, the customers' passwords the
suite registers with (``open-sesame``) and the bearer tokens the shop hands out must
appear in no output: terminal, JUnit XML, Allure results, verdict.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from urllib.parse import quote

from tests.framework.e2e.conftest import run_suite, start_shop

URL_PASSWORD = "pw-4f7c9e"
BACKSLASH_TOKEN = "planted\\admin-4f7c9e"
CUSTOMER_PASSWORD = "open-sesame"  # the DSL's ensure_logged_in
# The shop's bearer tokens are secrets.token_urlsafe(32): 43 URL-safe characters.
BEARER = re.compile(rb"Bearer [A-Za-z0-9_-]{43}|\"token\": \"[A-Za-z0-9_-]{43}\"")


def test_no_credential_reaches_any_output(tmp_path: Path) -> None:
    shop = start_shop(token=BACKSLASH_TOKEN)
    host = shop.url.split("://", 1)[1]
    try:
        done = run_suite(
            "--env=staging",
            "--channel=api",
            "-k",
            "checking_out",
            "--tb=long",
            f"--junitxml={tmp_path / 'junit.xml'}",
            f"--alluredir={tmp_path / 'allure'}",
            f"--verdict={tmp_path / 'verdict.json'}",
            env={
                "SHOP_STAGING_URL": f"http://deploy:{URL_PASSWORD}@{host}",
                "SHOP_ADMIN_TOKEN": BACKSLASH_TOKEN,
            },
        )
    finally:
        shop.process.terminate()
        shop.process.wait(10)
    terminal = done.stdout + done.stderr
    # requests sends the URL's userinfo as Basic auth in place of the admin's bearer
    # token, so the shop refuses the back office: a failure, with tracebacks.
    assert "1 failed" in terminal and "answered 403" in terminal, terminal[-3000:]
    assert f"shop=http://deploy:***@{host}" in terminal  # the header names the URL, masked
    basic = base64.b64encode(f"deploy:{URL_PASSWORD}".encode()).decode()
    planted = [
        URL_PASSWORD,
        basic,
        BACKSLASH_TOKEN,
        BACKSLASH_TOKEN.replace("\\", "\\\\"),  # JSON and repr() double the backslash
        quote(BACKSLASH_TOKEN, safe=""),
        CUSTOMER_PASSWORD,
    ]
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    attachments = [path for path in files if path.name.endswith("-attachment.txt")]
    assert attachments, "no HTTP exchange was attached"
    for secret in planted:
        assert secret not in terminal, f"{secret} in the terminal output"
        leaks = [path.name for path in files if secret.encode() in path.read_bytes()]
        assert leaks == [], f"{secret} written to {leaks}"
    assert not BEARER.search(terminal.encode())
    assert [path.name for path in files if BEARER.search(path.read_bytes())] == []
    shown = "\n".join(path.read_text() for path in attachments)
    assert '"token": "***"' in shown and '"password": "***"' in shown
    assert "Authorization: ***" in shown
