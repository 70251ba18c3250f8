"""Production probes: technical and business readings that feed the release verdict.

    [[prod.probes]]
    name = "error-ratio"
    kind = "metrics"
    expression = 'increase(http_requests_total{status=~"5.."}) / increase(http_requests_total)'
    warn_above = 0.01
    fail_above = 0.05

Kinds: ``health``, ``metrics`` (a Prometheus text endpoint), ``prometheus`` (a
server's query API), ``log``, ``json`` (a number from a JSON endpoint, by JMESPath)
and ``client-latency``. See docs/probes.md.
"""

from greenlight.probes.judge import Thresholds, Unreadable, judge
from greenlight.probes.schedule import ProbeResult, ProbeRun, Reading, Watched
from greenlight.probes.session import configure, finish, reason_for, start, summary
from greenlight.probes.spec import ProbeSpec, probe_specs

__all__ = [
    "ProbeResult",
    "ProbeRun",
    "ProbeSpec",
    "Reading",
    "Thresholds",
    "Unreadable",
    "Watched",
    "configure",
    "finish",
    "judge",
    "probe_specs",
    "reason_for",
    "start",
    "summary",
]
