"""Sensitivity follows where a run points, not the environment's name (issue 13).

A run is sensitive when any URL it reaches has the host of a sensitive environment's
service or target, or matches ``sensitive_hosts`` in ``[defaults]``; ``--base-url``
is checked like the file's URLs.
"""

from __future__ import annotations

import pytest

# prod is sensitive (the default); staging is not, but may be pointed anywhere.
FILE = """
[staging]
sensitive = false
services = {{ app = "http://127.0.0.1:7" }}
{extra}

[prod]
services = {{ app = "{prod}" }}
targets = {{ blue = {{ app = "http://127.0.0.1:10" }} }}
"""

SENSITIVE_LINE = (
    "WARNING: THIS RUN OF STAGING IS SENSITIVE: only @smoke scenarios run, never @destructive"
)


def environments(
    project: pytest.Pytester, prod: str = "https://Shop.Example.com", extra: str = ""
) -> None:
    project.makefile(".toml", environments=FILE.format(prod=prod, extra=extra))


def assert_smoke_only(result: pytest.RunResult) -> None:
    result.assert_outcomes(passed=2, deselected=2)
    assert "test_wipe_stock" not in "".join(line for line in result.outlines if "PASSED" in line)


@pytest.mark.parametrize(
    "url",
    ["https://shop.example.com", "https://SHOP.example.com:443/", "http://shop.example.com"],
)
def test_a_base_url_at_a_sensitive_host_makes_the_run_sensitive(
    project: pytest.Pytester, url: str
) -> None:
    environments(project)
    result = project.runpytest("--env=staging", f"--base-url={url}", "-v")
    assert_smoke_only(result)
    result.stdout.fnmatch_lines(
        [
            SENSITIVE_LINE,
            "*staging points at shop.example.com*, a host of sensitive environment prod ([[]prod[]].services.app)*",
            "greenlight: staging is sensitive (staging points at shop.example.com*): deselected 1 scenario(s) not tagged @smoke and 1 tagged @destructive*",
        ]
    )


def test_a_target_of_a_sensitive_environment_is_a_sensitive_host(project: pytest.Pytester) -> None:
    environments(project)
    result = project.runpytest("--env=staging", "--base-url=http://127.0.0.1:10", "-v")
    assert_smoke_only(result)
    result.stdout.fnmatch_lines(
        [
            "*staging points at 127.0.0.1:10, a host of sensitive environment prod ([[]prod[]].targets.blue.app)*"
        ]
    )


def test_another_port_of_the_same_host_is_another_system(project: pytest.Pytester) -> None:
    # Ports must match: on one machine staging and production listen on different ports.
    environments(project, prod="http://127.0.0.1:8101")
    result = project.runpytest("--env=staging", "--base-url=http://127.0.0.1:8001")
    result.assert_outcomes(passed=4)
    assert "SENSITIVE" not in result.stdout.str()


def test_staging_pointed_at_its_own_host_stays_not_sensitive(project: pytest.Pytester) -> None:
    environments(project)
    result = project.runpytest("--env=staging")
    result.assert_outcomes(passed=4)
    assert "SENSITIVE" not in result.stdout.str()


def test_sensitive_hosts_patterns_in_defaults_make_a_run_sensitive(
    project: pytest.Pytester,
) -> None:
    project.makefile(
        ".toml",
        environments='[defaults]\nsensitive_hosts = ["*.Example.com"]\n\n'
        + FILE.format(prod="https://shop.example.com", extra=""),
    )
    result = project.runpytest("--env=staging", "--base-url=https://api.eu.example.com", "-v")
    assert_smoke_only(result)
    result.stdout.fnmatch_lines(
        [
            "*staging points at api.eu.example.com, which matches sensitive_hosts pattern '[*].Example.com' of [[]defaults[]]*"
        ]
    )


def test_a_sensitive_default_is_a_configuration_error(project: pytest.Pytester) -> None:
    project.makefile(
        ".toml",
        environments="[defaults]\nsensitive = false\n\n"
        + FILE.format(prod="https://shop.example.com", extra=""),
    )
    result = project.runpytest("--env=prod")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            "*[[]defaults[]].sensitive: not allowed in [[]defaults[]]*say sensitive = false in the table of each environment that is not production-like*"
        ]
    )
    assert "Traceback" not in result.stderr.str()
    assert "PASSED" not in result.stdout.str()


@pytest.mark.parametrize(
    "url", ["file:///", "data:text/html,<h1>hi</h1>", "javascript:alert(1)", "shop.example.com"]
)
def test_a_base_url_that_is_not_http_is_a_usage_error(project: pytest.Pytester, url: str) -> None:
    environments(project)
    result = project.runpytest("--env=staging", f"--base-url={url}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["ERROR: --base-url: malformed URL '*' (expected http:// or https:// and a host)"]
    )
    assert "Traceback" not in result.stderr.str()


EMBEDDED = """
[local]
sensitive = false
[local.embedded]
command = "{python} -c pass"
service = "app"
"""


@pytest.mark.parametrize("url", ["https://shop.example.com", "http://10.0.0.5:8000"])
def test_an_embedded_environment_accepts_only_a_loopback_base_url(
    project: pytest.Pytester, url: str
) -> None:
    project.makefile(".toml", environments=EMBEDDED)
    result = project.runpytest(f"--base-url={url}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            f"ERROR: --base-url: {url} is not on this machine; [[]local[]] starts its own system (embedded)*"
        ]
    )


def test_an_embedded_environment_may_be_pointed_at_a_loopback_url(project: pytest.Pytester) -> None:
    project.makefile(".toml", environments=EMBEDDED)
    result = project.runpytest("--base-url=http://localhost:9")
    result.assert_outcomes(passed=4)


def test_an_unset_url_of_another_environment_does_not_break_this_run(
    project: pytest.Pytester,
) -> None:
    environments(project, prod="${GL_UNSET_PROD_URL}")
    result = project.runpytest("--env=staging")
    result.assert_outcomes(passed=4)
    result.stdout.fnmatch_lines(
        [
            "*[[]prod[]].services.app is unset here (GL_UNSET_PROD_URL)*cannot be compared*sensitive_hosts*"
        ]
    )


@pytest.mark.parametrize(
    ("prod", "url"),
    [
        ("https://${GL_UNSET_HOST:-shop.example.com}", "https://shop.example.com"),
        ("https://${GL_UNSET_REGION}.example.com", "https://eu.example.com"),
        ("http://127.0.0.1:${GL_UNSET_PORT}", "http://127.0.0.1:7"),
    ],
)
def test_an_unresolved_sensitive_url_is_compared_by_what_is_known(
    project: pytest.Pytester, prod: str, url: str
) -> None:
    environments(project, prod=prod)
    result = project.runpytest("--env=staging", f"--base-url={url}", "-v")
    assert_smoke_only(result)
    result.stdout.fnmatch_lines(["*a host of sensitive environment prod*"])


def test_an_environment_name_that_is_no_plain_name_is_a_configuration_error(
    project: pytest.Pytester,
) -> None:
    project.makefile(
        ".toml",
        environments='["../x"]\nsensitive = false\nservices = { app = "http://127.0.0.1:7" }\n',
    )
    result = project.runpytest("--env=../x")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*[[]../x[]]: not a valid environment name*letters, digits, - and _*"]
    )
    assert not (project.path.parent / "x").exists()
