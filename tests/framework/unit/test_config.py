"""Environment configuration: every validation problem, with its exact message."""

from __future__ import annotations

from pathlib import Path

import pytest

from greenlight.config import load_environment
from greenlight.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "environments.toml"
    path.write_text(text)
    return path


def problems(
    path: Path, name: str, environ: dict[str, str] | None = None, target: str | None = None
) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        load_environment(path, name, environ or {}, target=target)
    return raised.value.problems


def test_a_full_environment_resolves(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[defaults]
channels = ["api", "ui"]
[prod]
services = { shop = "${SHOP_URL}/", admin = "${ADMIN_URL:-https://admin.example}" }
select = "smoke"
alias_prefix = "gl-smoke-"
timeouts = { request = 3, step = 4, scenario = 20 }
variables = { region = "${REGION:-eu}" }
secrets = { admin_token = "SHOP_TOKEN" }
targets = { blue = { shop = "http://10.0.0.1:8080" } }
""",
    )
    env = load_environment(
        path, "prod", {"SHOP_URL": "https://shop.example", "SHOP_TOKEN": "t0k3n-value"}
    )
    assert env.base_url == "https://shop.example"
    assert env.url_of("admin") == "https://admin.example"
    assert env.sensitive is True  # sensitive unless said otherwise
    assert env.channels == ("api", "ui")
    assert (env.request_timeout, env.step_timeout, env.scenario_timeout) == (3.0, 4.0, 20.0)
    assert env.variables == {"region": "eu"}
    assert env.secrets["admin_token"] == "t0k3n-value"
    assert "t0k3n-value" not in repr(env)
    assert env.aimed_at("blue").base_url == "http://10.0.0.1:8080"
    assert env.aimed_at("blue").target == "blue"


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[prod]
sensitve = true
services = { shop = "htp://shop" }
channels = "api"
timeouts = { request = "fast" }
""",
    )
    assert problems(path, "prod") == [  # in the order of the file
        "[prod].sensitve: unknown key (did you mean 'sensitive'?)",
        "[prod].services.shop: malformed URL 'htp://shop' (expected http:// or https:// and a host)",
        '[prod].channels: must be a list of one or more channel names, e.g. ["api", "ui"] '
        "(got string 'api')",
        "[prod].timeouts.request: must be a number (got string 'fast')",
    ]


def test_an_unset_variable_names_itself_and_the_environment(tmp_path: Path) -> None:
    path = write(tmp_path, '[prod]\nservices = { shop = "${SHOP_PROD_URL}" }\n')
    assert problems(path, "prod") == [
        "[prod] needs environment variable SHOP_PROD_URL (used in services.shop); "
        "set it, or give a default as ${SHOP_PROD_URL:-...}"
    ]


def test_a_missing_secret_is_named_and_never_defaulted(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[prod]\nservices = { shop = "https://s.example" }\nsecrets = { token = "TOKEN" }\n',
    )
    assert problems(path, "prod") == [
        "[prod] needs environment variable TOKEN (secret token); secrets are read only from the process environment"
    ]


def test_an_embedded_environment_gets_a_fresh_secret(tmp_path: Path) -> None:
    path = write(
        tmp_path, '[local]\nsecrets = { token = "TOKEN" }\n[local.embedded]\ncommand = "run"\n'
    )
    first = load_environment(path, "local", {}).secrets["token"]
    assert len(first) >= 20
    assert first != load_environment(path, "local", {}).secrets["token"]


def test_an_unknown_environment_lists_the_known_ones(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[prod]\nservices = { shop = "https://s.example" }\n[staging]\nservices = { shop = "https://t.example" }\n',
    )
    assert problems(path, "prd") == [
        "unknown environment 'prd' (did you mean 'prod'?); known environments: prod, staging"
    ]


def test_an_unknown_target_lists_the_known_ones(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[prod]\nservices = { shop = "https://s.example" }\ntargets = { blue = { shop = "https://b.example" } }\n',
    )
    assert problems(path, "prod", target="bleu") == [
        "[prod] has no target 'bleu' (did you mean 'blue'?) (known targets: blue)"
    ]


def test_a_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[prod]\nservices = { shop = "https://s.example" }\nsensitive = \n')
    with pytest.raises(ConfigError) as raised:
        load_environment(path, "prod", {})
    assert str(raised.value).startswith(f"{path}: invalid TOML: ")
    assert "line 3" in str(raised.value)


def test_a_missing_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        load_environment(tmp_path / "nope.toml", "prod", {})
    assert str(raised.value) == (
        f"{tmp_path / 'nope.toml'}: environments file not found; create it "
        "(see the README's environment example) or pass --environments PATH"
    )


def test_an_environment_needs_a_system(tmp_path: Path) -> None:
    path = write(tmp_path, "[prod]\nsensitive = false\n")
    assert problems(path, "prod") == [
        '[prod] needs either services = { name = "URL" } or an [prod.embedded] table'
    ]


def test_the_repository_environments_file_is_valid() -> None:
    root = Path(__file__).parents[3]
    env = load_environment(
        root / "environments.toml",
        "prod",
        {"SHOP_PROD_URL": "https://shop.example", "SHOP_ADMIN_TOKEN": "abcd1234"},
    )
    assert env.sensitive and env.alias_prefix == "gl-smoke-"
