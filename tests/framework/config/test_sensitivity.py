"""The file's rules for sensitivity and names: what only an environment may say, and plain names."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from greenlight.config import load_environment
from greenlight.config.check import file_problems
from greenlight.errors import ConfigError

PROD = '[prod]\nservices = { shop = "https://shop.example.com" }\n'


def problems(text: str) -> list[str]:
    return file_problems(tomllib.loads(text))


@pytest.mark.parametrize("value", ["false", "true"])
def test_sensitive_in_defaults_is_refused_saying_why(value: str) -> None:
    assert problems(f"[defaults]\nsensitive = {value}\n\n{PROD}") == [
        "[defaults].sensitive: not allowed in [defaults]: a default would lower every "
        "environment at once, production included; say sensitive = false in the table of "
        "each environment that is not production-like"
    ]


def test_an_environment_may_lower_its_own_sensitivity() -> None:
    assert problems(f"[staging]\nsensitive = false\nservices = {{ a = 'http://h' }}\n{PROD}") == []


def test_sensitive_hosts_belong_in_defaults() -> None:
    assert problems(f'{PROD}sensitive_hosts = ["*.example.com"]\n') == [
        "[prod].sensitive_hosts: allowed only in [defaults], where it guards every "
        "environment; move it there"
    ]


@pytest.mark.parametrize("pattern", ["https://shop.example.com", "shop/x", "", "a b"])
def test_a_sensitive_hosts_entry_must_be_a_host_pattern(pattern: str) -> None:
    found = problems(f'[defaults]\nsensitive_hosts = ["ok.example.com", "{pattern}"]\n\n{PROD}')
    assert len(found) == 1
    assert found[0].startswith("[defaults].sensitive_hosts #2: must be a host name or glob pattern")


def test_sensitive_hosts_accept_globs_and_ports() -> None:
    text = (
        f'[defaults]\nsensitive_hosts = ["*.example.com", "10.0.0.?:8443", "db-[12]:*"]\n\n{PROD}'
    )
    assert problems(text) == []


@pytest.mark.parametrize("name", ["../x", "a/b", ".", "..", "x.y", "-x", "prod env", "ünï"])
def test_an_environment_name_must_be_a_plain_identifier(name: str) -> None:
    text = f'["{name}"]\nservices = {{ shop = "https://shop.example.com" }}\n'
    assert problems(text) == [
        f"[{name}]: not a valid environment name: use letters, digits, - and _ "
        "(starting with a letter or digit), since the name becomes a folder, reports/<name>"
    ]


@pytest.mark.parametrize("name", ["prod", "eu-west_1", "Local2"])
def test_plain_names_are_fine(name: str) -> None:
    assert problems(f'[{name}]\nservices = {{ shop = "https://shop.example.com" }}\n') == []


def test_loading_an_environment_with_a_bad_name_is_a_configuration_error(tmp_path: Path) -> None:
    path = tmp_path / "environments.toml"
    path.write_text('["../x"]\nservices = { shop = "https://shop.example.com" }\n')
    with pytest.raises(ConfigError, match=r"\[\.\./x\]: not a valid environment name"):
        load_environment(path, "../x", {})
