"""What to do next about a reason against a release, by the kind of reason.

    >>> NEXT["version"]
    'check that the deployment serves the expected version'

The verdict keeps the advice for its first reason (the root cause) as ``next_step``;
the headline ends with it. An evidence reason's kind is its source (``probes``,
``health``, ``specs``, ``pytest``); an unknown one gets ``NEXT["other"]``.
"""

from __future__ import annotations

# What a person does about a reason, by the kind of reason (an evidence reason's source).
NEXT = {
    "collection": "fix the module or feature file that does not load, then run again",
    "failed": "read the failures (greenlight report), fix them, then run again",
    "version": "check that the deployment serves the expected version",
    "required": "make the required scenarios run and pass",
    "probes": "check the breached probe's metric (probe table in the report) before trying again",
    "health": "check that the health endpoint answers with the system's version",
    "specs": "fix the feature files named in the reason",
    "pytest": "read the run's terminal output for what stopped it",
    "cleanup": "remove the data the scenario left behind",
    "flaky": "make the flaky scenarios reliable, or run again",
    "unfinished": "run again; look for a crashed worker or a timeout",
    "interrupted": "run again and let it finish",
    "nothing": "check the selection (-m, -k, --target): no scenario was chosen",
    "hook": "read the hook's output in the verdict and fix the hook",
    "other": "read every reason in the verdict",
}
