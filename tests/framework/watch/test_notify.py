"""Notifications to a webhook receiver of the test's own: the payload, masked; a failing one logged."""

from __future__ import annotations

import json
from pathlib import Path

from greenlight.config import load_environment
from greenlight.notify import Notifier
from tests.framework.release.conftest import HOOKS, Platform
from tests.framework.watch.receiver import receiving
from tests.framework.watch.test_watch import record, watch

HOOK_TOKEN = "T0KEN-planted-in-the-webhook-url"


def test_a_failed_watch_tells_the_webhook_with_the_headline_and_no_secret(
    platform: Platform,
) -> None:
    secret = platform.environ["SHOP_ADMIN_TOKEN"]
    platform.environ["HOOK_TOKEN"] = HOOK_TOKEN
    platform.up(blue="1.0.0")
    with receiving() as hook:
        platform.configure(
            "[shop.watch]",
            'mode = "deployment"',
            f'rollback = "{HOOKS}/switch blue"',
            "[shop.notify]",
            f'webhook = "{hook.url}/services/${{HOOK_TOKEN}}"',
            'events = ["no-go", "rollback"]',
        )
        # The version expected is the planted secret: it reaches the round's reasons.
        result = watch(platform, "--expect-version", secret)

    assert result.returncode == 1, result.stdout + result.stderr
    assert hook.paths == [f"/services/{HOOK_TOKEN}"] * 2
    no_go, rollback = (body["text"] for body in hook.bodies)
    assert list(hook.bodies[0]) == ["text"]  # Slack-compatible: Teams and Mattermost take it too
    document = record(platform)
    first = document["rounds"][0]
    assert no_go.splitlines()[0] == first["headline"]
    assert no_go.splitlines()[0].startswith("greenlight: NO-GO")
    assert "- round 1 of the watch said no-go" in no_go
    assert no_go.splitlines()[-1] == f"Report: {platform.reports / 'shop' / 'watch.json'}"
    assert rollback.startswith("greenlight: shop rolled back after watch round 1")
    everything = [no_go, rollback, result.stdout, result.stderr, json.dumps(document)]
    for text in everything:
        assert secret not in text
        assert HOOK_TOKEN not in text
    assert "***" in no_go


def test_a_failing_webhook_is_logged_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "environments.toml"
    path.write_text(
        "[shop]\nsensitive = false\nsecrets = { token = 'SHOP_TOKEN' }\n"
        'services = { shop = "http://127.0.0.1:9" }\n'
        '[shop.notify]\nwebhook = "${HOOK_URL}"\nreport_url = "https://ci.example/{env}/"\n',
        encoding="utf-8",
    )
    secret = "s3cret-value-of-the-shop"
    logged: list[str] = []
    with receiving(status=500) as failing:
        environ = {"SHOP_TOKEN": secret, "HOOK_URL": f"{failing.url}/x/{HOOK_TOKEN}"}
        env = load_environment(path, "shop", environ)
        notifier = Notifier.of(env, log=logged.append, environ=environ)
        sent = notifier.send(
            "no-go", f"greenlight: NO-GO - token {secret}", details=["d"], report=Path("r")
        )
    assert sent is False
    assert failing.bodies == [
        {"text": "greenlight: NO-GO - token ***\n- d\nReport: https://ci.example/shop/"}
    ]
    assert logged == [
        "greenlight: the no-go notification to 127.0.0.1 was answered HTTP 500; the decision stands"
    ]
    # Nobody listening at all: one line again, never a traceback.
    notifier.send("no-go", "x", report=Path("r"))
    assert logged[-1] == (
        "greenlight: the no-go notification to 127.0.0.1 failed (ConnectionError); "
        "the decision stands"
    )
    # An event not chosen is not sent.
    assert Notifier(None).send("rollback", "x", report=Path("r")) is True
