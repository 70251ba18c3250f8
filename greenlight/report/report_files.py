"""The report-level files Allure reads beside the results: what ran where, by whom, and why it failed.

Written by the controller when the session ends::

    environment.properties   environment=staging, target, url, system.version,
                             greenlight.version, git.commit
    executor.json            the CI job (GitHub Actions, GitLab CI, Jenkins), or a local run
    categories.json          environment problems / product defects / broken tests

Allure sorts a failure into the first category that matches. Unreachable systems,
timeouts and 5xx answers of the health check are environment problems; other
assertion failures (``AssertionError``, ``HttpError``: Allure's *failed*) are product
defects; any other error (Allure's *broken*) is a broken test.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Mapping
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from greenlight.config.environment import Environment
from greenlight.probes.health import system_version

ENVIRONMENT_PROBLEM = (
    r"[\s\S]*(SystemUnreachable|system unreachable|[Cc]onnection refused|ConnectionError"
    r"|ERR_CONNECTION_REFUSED|no answer from|Timeout|timed out"
    r"|/health\S* answered 5\d\d)[\s\S]*"
)
_GIT_SHA = re.compile(r"^[0-9a-f]{7,64}$")
_CI_COMMIT = ("GITHUB_SHA", "CI_COMMIT_SHA", "GIT_COMMIT")
CATEGORIES: list[dict[str, Any]] = [
    {
        "name": "Environment problems",
        "description": "The system or its network did not answer, too slowly, or its health check failed.",
        "matchedStatuses": ["failed", "broken"],
        "messageRegex": ENVIRONMENT_PROBLEM,
    },
    {
        "name": "Product defects",
        "description": "The system answered, but not as the specification says.",
        "matchedStatuses": ["failed"],
    },
    {
        "name": "Broken tests",
        "description": "An error in the test code, its steps, DSL or drivers.",
        "matchedStatuses": ["broken"],
    },
]


def write_all(results: Path, env: Environment, environ: Mapping[str, str], root: Path) -> None:
    results.mkdir(parents=True, exist_ok=True)
    version = system_version(env.base_url, env.health_path, timeout=min(env.request_timeout, 5))
    properties = environment_properties(
        env, version or "unknown", git_commit(root, environ) or "unknown"
    )
    (results / "environment.properties").write_text(env.secrets.mask(properties), encoding="utf-8")
    executor_json = json.dumps(executor(environ), indent=2)
    (results / "executor.json").write_text(env.secrets.mask(executor_json), encoding="utf-8")
    (results / "categories.json").write_text(json.dumps(CATEGORIES, indent=2), encoding="utf-8")


def environment_properties(env: Environment, version: str, commit: str) -> str:
    values = {
        "environment": env.name,
        "target": env.target or "(default)",
        "url": env.base_url or "(none)",
        "channels": ", ".join(env.channels),
        "system.version": version,
        "greenlight.version": _greenlight_version(),
        "git.commit": commit,
    }
    return "".join(f"{key}={_escape(value)}\n" for key, value in values.items())


def git_commit(root: Path, environ: Mapping[str, str]) -> str | None:
    """The commit of the specs being run; None when neither git nor the CI can say.

    The one reader of it, for the verdict and ``environment.properties``: the HEAD of
    the checkout at ``root`` when there is one (that is what ran), otherwise the CI's
    own variable (``GITHUB_SHA``, ``CI_COMMIT_SHA``, ``GIT_COMMIT``), e.g. for a suite
    copied into an image without its ``.git``.
    """
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        done = None
    sha = done.stdout.strip() if done is not None and done.returncode == 0 else ""
    if _GIT_SHA.match(sha):
        return sha
    return next((environ[name] for name in _CI_COMMIT if environ.get(name)), None)


def commit_time(root: Path, sha: str) -> datetime | None:
    """When ``sha`` was committed, by the checkout at ``root``; None when git cannot say."""
    if not _GIT_SHA.match(sha):
        return None
    try:
        done = subprocess.run(
            ["git", "show", "-s", "--format=%cI", sha],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=5,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    try:
        return datetime.fromisoformat(done.stdout.strip()) if done.returncode == 0 else None
    except ValueError:
        return None


def executor(environ: Mapping[str, str]) -> dict[str, Any]:
    """Allure's executor.json: which CI job ran the suite, read from the CI's own variables."""
    get = environ.get
    if get("GITHUB_ACTIONS") == "true":
        repo = f"{get('GITHUB_SERVER_URL', 'https://github.com')}/{get('GITHUB_REPOSITORY', '')}"
        return _job(
            "GitHub Actions",
            "github",
            url=repo,
            build=f"{get('GITHUB_WORKFLOW', 'workflow')} #{get('GITHUB_RUN_NUMBER', '')}",
            build_url=f"{repo}/actions/runs/{get('GITHUB_RUN_ID', '')}",
            order=get("GITHUB_RUN_NUMBER"),
        )
    if get("GITLAB_CI"):
        return _job(
            "GitLab CI",
            "gitlab",
            url=get("CI_PROJECT_URL"),
            build=f"{get('CI_JOB_NAME', 'job')} #{get('CI_PIPELINE_IID', '')}",
            build_url=get("CI_JOB_URL") or get("CI_PIPELINE_URL"),
            order=get("CI_PIPELINE_IID"),
        )
    if get("JENKINS_URL") or get("BUILD_URL"):
        return _job(
            "Jenkins",
            "jenkins",
            url=get("JENKINS_URL"),
            build=f"{get('JOB_NAME', 'job')} #{get('BUILD_NUMBER', '')}",
            build_url=get("BUILD_URL"),
            order=get("BUILD_NUMBER"),
        )
    if get("CI"):
        return _job("CI", "ci", url=None, build=get("CI_JOB_ID"), build_url=None, order=None)
    return {"name": "local run", "type": "local"}


def _job(
    name: str,
    kind: str,
    *,
    url: str | None,
    build: str | None,
    build_url: str | None,
    order: str | None,
) -> dict[str, Any]:
    job: dict[str, Any] = {"name": name, "type": kind}
    for key, value in (("url", url), ("buildName", build), ("buildUrl", build_url)):
        if value:
            job[key] = value
    if order and order.isdigit():
        job["buildOrder"] = int(order)
    return job


def _greenlight_version() -> str:
    try:
        return metadata.version("greenlight")
    except metadata.PackageNotFoundError:
        return "unknown"


def _escape(value: str) -> str:
    # Java properties: backslashes and line breaks would change the meaning.
    return value.replace("\\", "\\\\").replace("\n", "\\n")
