"""The release verdict: outcomes in, a go or no-go with reasons out, and acting on it.

    >>> verdict = decide(outcomes, facts, policy, evidence)
    >>> verdict.decision, verdict.reasons
    ('no-go', ['1 of 14 scenarios failed: Checkout (api).'])

Modules: ``outcomes`` (what each scenario did), ``policy`` (an environment's release
policy), ``decision`` (the fail-safe decision and ``verdict.json``, shaped by
``schema.json``), ``words`` (a verdict in one line), ``promotion`` (delivery or
deployment hooks), ``run`` (the pytest side), ``command`` (``greenlight verdict``).
"""

from greenlight.verdict.decision import GO, NO_GO, RunFacts, Verdict, decide, validate

__all__ = ["GO", "NO_GO", "RunFacts", "Verdict", "decide", "validate"]
