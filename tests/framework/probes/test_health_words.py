"""An unreachable system reads as unreachable: what the health probe expected is said as expected."""

from __future__ import annotations

import socket

import requests

from greenlight.probes.health import HealthProbe
from greenlight.probes.judge import Thresholds
from greenlight.probes.schedule import ProbeResult, Reading
from greenlight.probes.session import reason_for
from greenlight.probes.spec import ProbeSpec


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed again when the block ends


def test_no_answer_is_not_followed_by_what_reads_as_an_answer() -> None:
    url = f"http://127.0.0.1:{closed_port()}/health"
    probe = HealthProbe(url=url, session=requests.Session(), version="1.0.0")
    assert probe.observe({}) == 0.0  # a real connection, refused
    spec = ProbeSpec(name="health", kind="health", thresholds=Thresholds())
    reading = Reading(100.0, 0.0, problem=probe.problem)
    result = ProbeResult(spec, probe.source, "breach", 0.0, probe.problem, (reading,), 100.0)
    reason = reason_for(result)
    assert reason is not None
    assert reason.text == (
        f"probe health breached: no answer from {url} (ConnectionError) at 0.000s "
        f"(expected: {url} answering HTTP 200, version 1.0.0)"
    )
