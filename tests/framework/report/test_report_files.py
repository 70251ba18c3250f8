"""Report-level files: which CI ran the suite, and how failures are sorted into categories."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from greenlight.config.environment import Environment
from greenlight.report.report_files import CATEGORIES, environment_properties, executor
from greenlight.secrets import Secrets


def category(status: str, message: str) -> str:
    """The first category that matches, as Allure 2 (whole message) and 3 (search) both do."""
    whole = [c for c in CATEGORIES if _matches(c, status, message, re.fullmatch)]
    found = [c for c in CATEGORIES if _matches(c, status, message, re.search)]
    assert whole[:1] == found[:1]
    return str(found[0]["name"]) if found else "none"


def _matches(rule: dict[str, object], status: str, message: str, match: object) -> bool:
    statuses = rule["matchedStatuses"]
    assert isinstance(statuses, list)
    pattern = rule.get("messageRegex")
    return status in statuses and (
        pattern is None or bool(match(str(pattern), message))  # type: ignore[operator]
    )


@pytest.mark.parametrize(
    ("status", "message", "expected"),
    [
        (
            "failed",
            "AssertionError: order 1: expected a total of 15.00, saw 15.01",
            "Product defects",
        ),
        (
            "failed",
            "greenlight.drivers.http.HttpError: POST http://shop/api/orders answered 500 (expected 201): boom",
            "Product defects",
        ),
        ("broken", "KeyError: 'total'", "Broken tests"),
        (
            "broken",
            "greenlight.errors.SystemUnreachable: prod: system unreachable at http://shop "
            "(GET /health): connection refused; is it running?",
            "Environment problems",
        ),
        (
            "broken",
            "greenlight.errors.SystemUnreachable: prod: no answer from http://shop (GET /api) within 5s",
            "Environment problems",
        ),
        (
            "failed",
            "greenlight.drivers.http.HttpError: GET http://shop/health answered 503 (expected 200): down",
            "Environment problems",
        ),
        ("failed", "Failed: Timeout >60.0s", "Environment problems"),
    ],
)
def test_failures_are_sorted_into_categories(status: str, message: str, expected: str) -> None:
    assert category(status, message) == expected


def test_a_passed_scenario_is_in_no_category() -> None:
    assert category("passed", "") == "none"


def test_executor_names_the_ci_job() -> None:
    gitlab = executor(
        {
            "GITLAB_CI": "true",
            "CI_PROJECT_URL": "https://gitlab.example.com/acme/shop",
            "CI_JOB_NAME": "smoke",
            "CI_PIPELINE_IID": "41",
            "CI_JOB_URL": "https://gitlab.example.com/acme/shop/-/jobs/7",
        }
    )
    assert gitlab == {
        "name": "GitLab CI",
        "type": "gitlab",
        "url": "https://gitlab.example.com/acme/shop",
        "buildName": "smoke #41",
        "buildUrl": "https://gitlab.example.com/acme/shop/-/jobs/7",
        "buildOrder": 41,
    }
    jenkins = executor(
        {"BUILD_URL": "https://ci/job/shop/3/", "BUILD_NUMBER": "3", "JOB_NAME": "shop"}
    )
    assert (jenkins["type"], jenkins["buildName"], jenkins["buildOrder"]) == (
        "jenkins",
        "shop #3",
        3,
    )
    assert executor({}) == {"name": "local run", "type": "local"}


def test_environment_properties_are_one_line_each() -> None:
    env = Environment(
        name="prod",
        source=Path("environments.toml"),
        services={"shop": "https://shop.example.com"},
        target="blue",
        secrets=Secrets({"token": "s3cr3t-value"}),
    )
    lines = environment_properties(env, "2.1.0", "abc123").splitlines()
    assert lines[:3] == ["environment=prod", "target=blue", "url=https://shop.example.com"]
    assert "system.version=2.1.0" in lines and "git.commit=abc123" in lines
