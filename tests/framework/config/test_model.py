"""One configuration model: every mistake of the file in one error, wherever it is."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from greenlight.cli import main
from greenlight.config import load_environment
from greenlight.config.check import file_problems
from greenlight.config.probes import COMMON_KEYS
from greenlight.errors import ConfigError
from greenlight.probes.judge import THRESHOLD_KEYS
from greenlight.release.spec import release_spec

ROOT = Path(__file__).parents[3]

FIVE_MISTAKES = """
[defaults]
timeouts = { request = "fast" }

[prod]
services = { shop = "https://shop.example" }
sensitve = true
mode = "deployment"
rollback = "rollback {version}"

[[prod.probes]]
name = "p95"
kind = "metrics"
expression = "histogram_quantile(0.95, latency"
fail_above = 0.25

[prod.release]
deploy = "deploy {taget}"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "environments.toml"
    path.write_text(text)
    return path


def problems(path: Path, name: str = "prod") -> list[str]:
    with pytest.raises(ConfigError) as raised:
        load_environment(path, name, {})
    return raised.value.problems


def test_five_mistakes_in_five_sections_are_one_error(tmp_path: Path) -> None:
    assert problems(write(tmp_path, FIVE_MISTAKES)) == [
        "[defaults].timeouts.request: must be a number (got string 'fast')",
        "[prod].sensitve: unknown key (did you mean 'sensitive'?)",
        '[prod]: mode = "deployment" needs a promote command '
        '(e.g. promote = "deploy/promote.sh {version}"); or use mode = "delivery"',
        "[[prod.probes]] 'p95'.expression: not PromQL: unclosed left parenthesis",
        "[prod.release].deploy: unknown placeholder(s) {taget} (known: {python}, {target}, {version})",
    ]


def test_the_command_line_check_prints_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, FIVE_MISTAKES)
    assert main(["envs", "--environments", str(path), "--check", "prod"]) == 4
    assert main(["envs", "--environments", str(path)]) == 4
    err = capsys.readouterr().err
    assert err.count("5 problems") == 2
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "[prod.embedded]\ncomand = 'run'",
            "[prod.embedded].comand: unknown key (did you mean 'command'?)",
        ),
        (
            "[prod.timeouts]\nscenaro = 5",
            "[prod].timeouts.scenaro: unknown key (did you mean 'scenario'?)",
        ),
        (
            "[prod.release]\nintervall = 5",
            "[prod.release].intervall: unknown key (did you mean 'interval'?)",
        ),
        (
            "[[prod.probes]]\nname = 'h'\nkind = 'health'\nversoin = '1'",
            "[[prod.probes]] 'h'.versoin: unknown key for a health probe (did you mean 'version'?)",
        ),
    ],
)
def test_a_typo_gets_a_did_you_mean_in_every_section(
    tmp_path: Path, table: str, expected: str
) -> None:
    path = write(tmp_path, f'[prod]\nservices = {{ shop = "https://s.example" }}\n{table}\n')
    assert expected in problems(path)


def test_a_wrong_type_says_what_it_must_be_and_what_it_got(tmp_path: Path) -> None:
    path = write(tmp_path, '[prod]\nservices = { shop = "https://s.example" }\nsensitive = "yes"\n')
    assert problems(path) == ["[prod].sensitive: must be true or false (got string 'yes')"]


def test_an_unknown_probe_kind_suggests_the_closest(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[prod]\nservices = { shop = "https://s.example" }\n'
        '[[prod.probes]]\nname = "x"\nkind = "prometeus"\nquery = "up"\nfail_above = 1\n',
    )
    assert problems(path) == [
        "[[prod.probes]] 'x'.kind: must be one of health, metrics, prometheus, log, json, client-latency "
        "(got 'prometeus'; did you mean 'prometheus'?)"
    ]


def test_an_unknown_strategy_suggests_the_closest() -> None:
    env = load_environment(ROOT / "environments.toml", "demo", {"SHOP_ADMIN_TOKEN": "abcd1234"})
    with pytest.raises(ConfigError, match=r"unknown strategy 'canery' \(did you mean 'canary'\?\)"):
        release_spec(env, "canery")


def test_a_deep_merged_default_survives_next_to_a_problem(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[defaults]\ntimeouts = { scenario = 60 }\n[prod]\nservices = { shop = "https://s.example" }\n'
        "timeouts = { request = 5 }\n[staging]\nservices = { shop = 1 }\n",
    )
    assert problems(path) == [
        "[staging].services.shop: must be a URL string, e.g. "
        '"https://shop.example.com" (got integer 1)'
    ]
    path.write_text(path.read_text().replace("shop = 1", 'shop = "https://t.example"'))
    env = load_environment(path, "prod", {})
    assert (env.request_timeout, env.scenario_timeout) == (5.0, 60.0)


@pytest.mark.parametrize("name", ["local", "staging", "prod", "demo"])
def test_the_reference_file_loads_every_environment(name: str) -> None:
    environ = {"SHOP_PROD_URL": "https://shop.example", "SHOP_ADMIN_TOKEN": "abcd1234"}
    assert load_environment(ROOT / "environments.toml", name, environ).name == name


def test_every_environments_file_in_the_repository_is_valid() -> None:
    import tomllib

    files = [ROOT / "environments.toml", *sorted((ROOT / "demo").rglob("*.toml"))]
    for path in files:
        assert file_problems(tomllib.loads(path.read_text())) == [], path


def test_the_schema_names_the_same_thresholds_as_the_judge() -> None:
    assert set(COMMON_KEYS) - {"name", "kind", "optional"} == set(THRESHOLD_KEYS)


# Values of every TOML type, put in every place of a valid file: never a traceback.
ODD_VALUES: list[Any] = ["x", 0, -1, 1.5, True, [], ["a", 1], {}, {"a": {"b": []}}]
PLACES = [
    ("prod",),
    ("prod", "services"),
    ("prod", "services", "shop"),
    ("prod", "targets"),
    ("prod", "targets", "blue"),
    ("prod", "embedded"),
    ("prod", "secrets"),
    ("prod", "timeouts"),
    ("prod", "channels"),
    ("prod", "probes"),
    ("prod", "probes", 0),
    ("prod", "probes", 0, "kind"),
    ("prod", "probes", 0, "expression"),
    ("prod", "probes", 0, "fail_above"),
    ("prod", "release"),
    ("prod", "release", "steps"),
    ("prod", "release", "compare"),
    ("prod", "release", "canary"),
    ("prod", "release", "deploy"),
    ("prod", "mode"),
    ("prod", "promote"),
    ("prod", "required"),
    ("defaults",),
    ("defaults", "timeouts"),
]


def valid() -> dict[str, Any]:
    return {
        "defaults": {"timeouts": {"scenario": 60}},
        "prod": {
            "services": {"shop": "https://s.example"},
            "targets": {"blue": {"shop": "https://b.example"}},
            "probes": [{"name": "e", "kind": "metrics", "expression": "x", "fail_above": 1}],
            "release": {"canary": "blue", "deploy": "d", "steps": [5, 100], "compare": ["e"]},
        },
    }


@pytest.mark.parametrize(("place", "value"), list(itertools.product(PLACES, ODD_VALUES)))
def test_odd_values_anywhere_are_problems_not_tracebacks(
    place: tuple[Any, ...], value: Any
) -> None:
    document = valid()
    parent: Any = document
    for part in place[:-1]:
        parent = parent[part]
    parent[place[-1]] = value
    found = file_problems(document)
    assert all(isinstance(problem, str) and problem for problem in found)
