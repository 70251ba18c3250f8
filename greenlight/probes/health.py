"""The ``health`` probe: the health endpoint answers with the expected status and version.

    [[prod.probes]]
    name = "health"
    kind = "health"
    version = "${SHOP_VERSION:-1.0.0}"   # compared with the JSON answer's "version"

A reading is 1 when healthy and 0 when not (wrong HTTP status, wrong version, or no
answer at all: a system that does not answer is not healthy, so that is a breach,
not an unreadable probe). The reason names what was wrong at the last reading.

This module is also the one reader of the version a system reports, for the verdict,
the report, releases and ``greenlight envs --check``:

    >>> system_version("https://shop.example.com", "/health")
    '2.1.0'
    >>> version_in(requests.get("https://shop.example.com/health"))   # an answer in hand
    '2.1.0'

Both give None when the system does not say (no answer, not JSON, no ``version``, or a
version that is not a string or number); callers that show it write ``unknown``.

Where the answer keeps its version is a JMESPath expression, ``version`` unless the
environment says otherwise (``health = { path = "/status", version = "app.version" }``);
a :class:`~greenlight.config.environment.HealthPath` carries it, so readers given
``env.health_path`` read the version where the system keeps it::

    >>> system_version("https://shop.example.com", HealthPath("/status", version="app.version"))
    '2.1.0'

A version is plain text: ``^[A-Za-z0-9._+-]{1,64}$``. It reaches hooks as an argument
and lines on the terminal, so anything else (quotes, ``$(...)``, a newline) is no
version either: both give None for it, and :func:`read_version` says why, for the
verdict's reason against the release::

    >>> read_version("https://shop.example.com", "/health", timeout=5).problem
    'the system reports a version that is not a plain version string: "1.0\\n"; check its health endpoint'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import jmespath
import requests
from jmespath.exceptions import JMESPathError

from greenlight.terminal import printable
from greenlight.urls import join

HEALTH_TIMEOUT = 5.0
DEFAULT_VERSION = "version"  # the JMESPath of the version in the health answer
PLAIN_VERSION = re.compile(r"[A-Za-z0-9._+-]{1,64}\Z")
_SHOWN = 80  # of a version that is none: enough to recognise it


@dataclass(frozen=True)
class Reading:
    version: str | None  # a plain version, or None
    problem: str = ""  # set when the system reports something that is no plain version


def plain_version(text: str | None) -> str | None:
    """``text`` when it is a plain version string, else None."""
    return text if text is not None and PLAIN_VERSION.match(text) else None


def not_plain(text: str) -> str:
    """The reason against a release whose system reports ``text`` as its version."""
    cut = text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."
    return (
        f'the system reports a version that is not a plain version string: "{printable(cut)}"; '
        "check its health endpoint"
    )


def version_of(health_path: str) -> str:
    """Where the answer of ``health_path`` keeps its version (a JMESPath expression)."""
    version = getattr(health_path, "version", DEFAULT_VERSION)
    return version if isinstance(version, str) else DEFAULT_VERSION


def version_in(answer: requests.Response, expression: str = DEFAULT_VERSION) -> str | None:
    """The plain version a health answer reports at ``expression``; None when it says none."""
    return plain_version(_reported(answer, expression))


def read_version(base_url: str, health_path: str, *, timeout: float = HEALTH_TIMEOUT) -> Reading:
    """The version the health endpoint under ``base_url`` reports, and what is wrong with it."""
    if not base_url:
        return Reading(None)
    try:
        answer = requests.get(join(base_url, health_path), timeout=timeout)
    except requests.RequestException:
        return Reading(None)
    reported = _reported(answer, version_of(health_path))
    version = plain_version(reported)
    return Reading(version, not_plain(reported) if reported and not version else "")


def system_version(
    base_url: str, health_path: str, *, timeout: float = HEALTH_TIMEOUT
) -> str | None:
    """The plain version the health endpoint under ``base_url`` reports; None when none."""
    return read_version(base_url, health_path, timeout=timeout).version


def _reported(answer: requests.Response, expression: str = DEFAULT_VERSION) -> str | None:
    """The version a health answer reports at ``expression``, as text, whatever it holds."""
    try:
        body: Any = answer.json()
    except ValueError:
        return None
    try:
        version = jmespath.search(expression, body)
    except JMESPathError:  # checked when the file is read; here only a type error at run time
        return None
    if isinstance(version, bool) or not isinstance(version, str | int | float):
        return None  # null, a list, an object: not a version anyone deployed
    return str(version)


@dataclass
class HealthProbe:
    url: str
    session: requests.Session
    status: int = 200
    version: str | None = None
    expression: str = DEFAULT_VERSION  # where the answer keeps its version
    problem: str = ""  # what was wrong at the last reading
    windowed: bool = False
    grows: bool = False

    @property
    def source(self) -> str:
        expected = f"HTTP {self.status}" + (f", version {self.version}" if self.version else "")
        # What the probe expects, said as such: beside "no answer" it must not read as seen.
        return f"expected: {self.url} answering {expected}"

    def observe(self, shared: dict[str, Any]) -> float:
        self.problem = self._check()
        return 0.0 if self.problem else 1.0

    def _check(self) -> str:
        try:
            answer = self.session.get(self.url, timeout=HEALTH_TIMEOUT)
        except requests.RequestException as error:
            return f"no answer from {self.url} ({type(error).__name__})"
        if answer.status_code != self.status:
            return f"{self.url} answered HTTP {answer.status_code}, expected {self.status}"
        if self.version is None:
            return ""
        version = _reported(answer, self.expression)
        if version is None:
            return f"{self.url} did not answer a JSON object with a version"
        if plain_version(version) is None:
            return f"{self.url}: {not_plain(version)}"
        if version != self.version:
            return f"{self.url} reports version {version}, expected {self.version}"
        return ""

    def value(self, start: Any, now: Any) -> float:
        return float(now)
