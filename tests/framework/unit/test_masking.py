"""One masking policy: a secret in every form it takes, credential fields, URL userinfo."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote, quote_plus

import pytest

from greenlight.drivers.exchanges import Exchange, credentials
from greenlight.plugin.browser import unasked_recordings
from greenlight.secrets import MASK, Secrets
from greenlight.verdict.decision import masked

BACKSLASH = "planted\\secret-5d1b"
ACCENTED = "pässwörd-9c2e7a"


@pytest.mark.parametrize(
    "form",
    [
        BACKSLASH,
        quote(BACKSLASH, safe=""),
        quote(BACKSLASH, safe="").lower(),
        quote_plus(BACKSLASH + " x"),
        json.dumps(BACKSLASH)[1:-1],
        repr(BACKSLASH)[1:-1],
        repr(repr(BACKSLASH))[2:-2],
        json.dumps(json.dumps(BACKSLASH))[3:-3],
        base64.b64encode(f"user:{BACKSLASH}".encode()).decode(),
        base64.b64encode(f"ab:{BACKSLASH}".encode()).decode(),
        base64.urlsafe_b64encode(f"x{BACKSLASH}".encode()).decode(),
    ],
)
def test_a_secret_is_masked_in_every_encoding(form: str) -> None:
    secrets = Secrets({"token": BACKSLASH, "spaced": BACKSLASH + " x"})
    shown = secrets.mask(f"before {form} after")
    assert form not in shown
    assert shown.startswith("before ") and shown.endswith(" after")


def test_non_ascii_secrets_are_masked_as_json_escapes_and_utf8_percent_escapes() -> None:
    secrets = Secrets({"password": ACCENTED})
    for form in (json.dumps(ACCENTED)[1:-1], quote(ACCENTED), ACCENTED):
        assert form not in secrets.mask(f"x {form} y"), form


def test_url_userinfo_is_masked_on_display_even_when_unknown() -> None:
    shown = Secrets().mask("greenlight: shop=https://deploy:pw-4f7c9e@shop.example.com/x")
    assert shown == f"greenlight: shop=https://deploy:{MASK}@shop.example.com/x"


def test_the_userinfo_password_is_a_secret_for_the_run() -> None:
    secrets = Secrets()
    secrets.learn_url("http://deploy:pw%2F4f7c9e@127.0.0.1:8000")
    basic = base64.b64encode(b"deploy:pw/4f7c9e").decode()
    shown = secrets.mask(f"password pw/4f7c9e, raw pw%2F4f7c9e, header {basic}")
    assert "pw/4f7c9e" not in shown and "pw%2F4f7c9e" not in shown and basic not in shown


@pytest.mark.parametrize(
    ("text", "leaked"),
    [
        ('{"username": "ada", "password": "hunter2"}', "hunter2"),
        ('{\n  "token": "tok-8b1d"\n}', "tok-8b1d"),
        ("json = {'username': 'ada', 'password': 'hunter2'}", "hunter2"),
        ("password = 'hunter2', expect = 'accepted'", "hunter2"),
        ("register: customer=ada, password=hunter2", "hunter2"),
        ("username=ada&password=hunter2&x=1", "hunter2"),
        ("GET /api/x?api_key=k-7d2e HTTP/1.1", "k-7d2e"),
        ("Authorization: Bearer tok-8b1d", "tok-8b1d"),
        ("headers = {'Authorization': 'Bearer tok-8b1d'}", "tok-8b1d"),
        ("Set-Cookie: session=c-19af; Path=/", "c-19af"),
        ('{"client_secret": "s-\\"quoted\\"-1"}', "quoted"),
    ],
)
def test_values_of_credential_fields_are_masked_in_text(text: str, leaked: str) -> None:
    shown = Secrets().mask(text)
    assert leaked not in shown and MASK in shown, shown


def test_ordinary_fields_stay_readable() -> None:
    text = '{"username": "ada", "quantity": 2} total=15.00'
    assert Secrets().mask(text) == text


def test_mask_fields_add_names_to_the_credential_ones() -> None:
    secrets = Secrets()
    secrets.watch_fields(["pin"])
    assert secrets.mask('{"pin": "4321", "password": "hunter2"}') == (
        f'{{"pin": "{MASK}", "password": "{MASK}"}}'
    )


def login_exchange() -> Exchange:
    return Exchange(
        method="POST",
        url="http://127.0.0.1:8000/api/login",
        status=200,
        elapsed_ms=3,
        request_headers={"Content-Type": "application/json", "X-Session-Token": "st-6a1f0c9e"},
        request_body='{"username": "ada", "password": "hunter2-c0ffee"}',
        response_headers={"Set-Cookie": "sid=cookie-3b7a9d1e; HttpOnly"},
        response_body='{"token": "tok-8b1d2c7e4f"}',
    )


def test_what_the_system_hands_out_becomes_a_secret_for_the_run() -> None:
    secrets = Secrets()
    found = credentials(login_exchange(), secrets.is_credential)
    assert set(found) >= {"hunter2-c0ffee", "tok-8b1d2c7e4f", "st-6a1f0c9e", "cookie-3b7a9d1e"}
    secrets.learn(found)
    shown = secrets.mask("later: GET /api/orders/tok-8b1d2c7e4f failed for hunter2-c0ffee")
    assert "tok-8b1d2c7e4f" not in shown and "hunter2-c0ffee" not in shown


def test_an_exchange_masks_credential_headers_and_body_fields() -> None:
    shown = login_exchange().render(Secrets())
    for value in ("st-6a1f0c9e", "hunter2-c0ffee", "cookie-3b7a9d1e", "tok-8b1d2c7e4f"):
        assert value not in shown
    assert f"X-Session-Token: {MASK}" in shown and f'"token": "{MASK}"' in shown


def test_a_learned_secret_is_not_shared_by_name() -> None:
    secrets = Secrets({"admin_token": "adm-5e6f7a8b"})
    secrets.learn(["tok-8b1d2c7e4f"])
    assert dict(secrets) == {"admin_token": "adm-5e6f7a8b"}
    assert repr(secrets) == f"Secrets(admin_token={MASK})"


def test_short_learned_values_are_masked_only_where_named() -> None:
    secrets = Secrets()
    secrets.learn(["test"])
    assert secrets.mask("test_health.py password=test") == f"test_health.py password={MASK}"


def test_the_verdict_masks_credential_keys_and_every_form() -> None:
    secrets = Secrets({"admin_token": BACKSLASH})
    document = {"reason": f"refused {BACKSLASH!r}", "details": {"token": "tok-8b1d2c7e4f"}}
    assert masked(document, secrets) == {
        "reason": f"refused '{MASK}'",
        "details": {"token": MASK},
    }


def test_a_sensitive_environment_records_no_trace_or_video_unless_asked() -> None:
    assert unasked_recordings(True, ["--env=prod"]) == ["tracing", "video"]
    assert unasked_recordings(True, ["--tracing=on", "--video", "on"]) == []
    assert unasked_recordings(False, ["--env=staging"]) == []
