"""The ``json`` probe and the nested health version, against a small JSON server of our own."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from greenlight.config import load_environment
from greenlight.errors import ConfigError
from tests.framework.probes.test_kinds import watch


class JsonAnswers(BaseHTTPRequestHandler):
    """Answers ``GET path`` with ``answers[path]`` as JSON; 404 for any other path."""

    answers: ClassVar[dict[str, Any]] = {}

    def do_GET(self) -> None:
        if self.path not in self.answers:
            self.send_error(404)
            return
        body = json.dumps(self.answers[self.path]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def json_server() -> Iterator[tuple[str, dict[str, Any]]]:
    """The server's URL and the answers it gives, changed by the test as it likes."""
    answers: dict[str, Any] = {}
    handler = type("Answers", (JsonAnswers,), {"answers": answers})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", answers
    server.shutdown()
    server.server_close()


def json_probe(**settings: Any) -> dict[str, Any]:
    return {"name": "queue", "kind": "json", "path": "/stats", **settings}


def test_a_json_probe_reads_a_number_before_and_after(
    json_server: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    url, answers = json_server
    answers["/stats"] = {"queue": {"depth": 3}}
    run = watch(url, tmp_path, json_probe(query="queue.depth", fail_above=10))
    run.start()
    answers["/stats"] = {"queue": {"depth": 12}}
    (queue,) = run.finish()
    assert (queue.status, queue.value) == ("breach", 12)
    assert "queue.depth" in queue.source and f"{url}/stats" in queue.source


def test_a_boolean_reads_as_one_or_zero(
    json_server: tuple[str, dict[str, Any]], tmp_path: Path
) -> None:
    url, answers = json_server
    answers["/stats"] = {"ready": True}
    run = watch(url, tmp_path, json_probe(query="ready", fail_below=1))
    run.start()
    answers["/stats"] = {"ready": False}
    (ready,) = run.finish()
    assert (ready.status, ready.value) == ("breach", 0)


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"other": 1}, "gives no number"),
        ({"queue": {"depth": "3"}}, "gives no number"),
        ([1, 2], "gives no number"),
    ],
)
def test_a_query_that_gives_no_number_is_unreadable_never_zero(
    json_server: tuple[str, dict[str, Any]], tmp_path: Path, body: Any, problem: str
) -> None:
    url, answers = json_server
    answers["/stats"] = body
    run = watch(url, tmp_path, json_probe(query="queue.depth", fail_above=10))
    run.start()
    (queue,) = run.finish()
    assert queue.status == "unreadable"
    assert problem in queue.detail
    assert all(reading.value is None for reading in queue.readings)


def test_an_answer_that_is_not_json_is_unreadable(tmp_path: Path) -> None:
    run = watch("http://127.0.0.1:9", tmp_path, json_probe(query="a", fail_above=1))
    run.start()
    (probe,) = run.finish()
    assert probe.status == "unreadable" and "no answer" in probe.detail


def test_a_jmespath_typo_is_a_configuration_error_naming_the_probe(tmp_path: Path) -> None:
    file = tmp_path / "environments.toml"
    file.write_text(
        '[prod]\nservices = { shop = "https://shop.example" }\n'
        'health = { path = "/status", version = "app.[version" }\n'
        '[[prod.probes]]\nname = "queue"\nkind = "json"\npath = "/stats"\n'
        'query = "queue.[depth"\nfail_above = 1\n'
    )
    with pytest.raises(ConfigError) as raised:
        load_environment(file, "prod", {})
    problems = "\n".join(raised.value.problems)
    assert "[[prod.probes]] 'queue'.query: not a JMESPath expression" in problems
    assert "[prod].health.version: not a JMESPath expression" in problems


def test_a_json_probe_needs_a_query_and_an_endpoint(tmp_path: Path) -> None:
    file = tmp_path / "environments.toml"
    file.write_text(
        '[prod]\nservices = { shop = "https://shop.example" }\n'
        '[[prod.probes]]\nname = "queue"\nkind = "json"\nfail_above = 1\n'
    )
    with pytest.raises(ConfigError) as raised:
        load_environment(file, "prod", {})
    problems = "\n".join(raised.value.problems)
    assert "query" in problems and "path" in problems


def test_target_and_env_in_a_log_probe_path(tmp_path: Path) -> None:
    from greenlight.config.environment import Environment
    from greenlight.probes.probe import build
    from greenlight.probes.schedule import ProbeRun, Watched
    from greenlight.probes.spec import probe_specs

    (tmp_path / "prod-blue.log").write_text("")
    env = Environment(
        name="prod",
        source=tmp_path / "environments.toml",
        services={"shop": "http://127.0.0.1:9"},
        target="blue",
        settings={
            "probes": [
                {
                    "name": "errors",
                    "kind": "log",
                    "path": "{env}-{target}.log",  # relative: to the environments file's folder
                    "pattern": "ERROR",
                    "fail_above": 0,
                }
            ]
        },
    )
    import requests

    (spec,) = probe_specs(env, {})
    run = ProbeRun([Watched(spec, build(spec, env, workdir=tmp_path, session=requests.Session()))])
    run.start()
    (tmp_path / "prod-blue.log").write_text("ERROR one\n")
    (errors,) = run.finish()
    assert (errors.status, errors.value) == ("breach", 1)


def test_an_unknown_placeholder_in_a_probe_url_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"taget"):
        watch("http://127.0.0.1:9", tmp_path, json_probe(path="/{taget}/stats", query="a"))


ENVIRONMENTS = """
[local]
sensitive = false
services = {{ shop = "{url}" }}
health = {{ path = "/status", version = "app.version" }}
probe_interval = 0.2

[[local.probes]]
name = "orders-per-minute"
kind = "json"
path = "/stats"
query = "orders.per_minute"
fail_below = 5
"""
NOTHING_REMOTE = "import pytest\n\n@pytest.mark.check\ndef test_nothing_remote():\n    pass\n"


def run_suite(pytester: pytest.Pytester, url: str, *args: str) -> tuple[int, dict[str, Any]]:
    pytester.makefile(".toml", environments=ENVIRONMENTS.format(url=url))
    pytester.makepyfile(test_it=NOTHING_REMOTE)
    result = pytester.runpytest_subprocess("-p", "no:randomly", "--verdict=verdict.json", *args)
    verdict: dict[str, Any] = json.loads((pytester.path / "verdict.json").read_text())
    return result.ret, verdict


def test_a_json_probe_below_its_floor_is_a_no_go_naming_it(
    pytester: pytest.Pytester, json_server: tuple[str, dict[str, Any]]
) -> None:
    url, answers = json_server
    answers["/status"] = {"app": {"version": "1.2.3"}}
    answers["/stats"] = {"orders": {"per_minute": 2}}
    code, verdict = run_suite(pytester, url)
    assert code == 1
    assert verdict["decision"] == "no-go"
    (reason,) = verdict["reasons"]
    assert "probe orders-per-minute breached: 2 is below fail_below 5" in reason


def test_a_nested_version_is_read_and_the_expected_one_passes(
    pytester: pytest.Pytester, json_server: tuple[str, dict[str, Any]]
) -> None:
    url, answers = json_server
    answers["/status"] = {"app": {"version": "1.2.3"}}
    answers["/stats"] = {"orders": {"per_minute": 9}}
    code, verdict = run_suite(pytester, url, "--expect-version=1.2.3")
    assert verdict["system_version"] == "1.2.3"
    assert (code, verdict["decision"]) == (0, "go"), verdict["reasons"]


def test_a_nested_version_that_is_no_plain_version_is_a_no_go(
    pytester: pytest.Pytester, json_server: tuple[str, dict[str, Any]]
) -> None:
    url, answers = json_server
    answers["/status"] = {"app": {"version": "1.2.3; rm -rf /"}}
    answers["/stats"] = {"orders": {"per_minute": 9}}
    code, verdict = run_suite(pytester, url)
    assert code == 1
    assert verdict["system_version"] is None
    assert any("not a plain version string" in reason for reason in verdict["reasons"])
