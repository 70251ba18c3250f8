"""Evidence for the release decision that does not come from scenario outcomes.

Parts of greenlight that judge the release beside the scenarios (production probes,
promote and rollback hooks, version checks) record what they saw here; the verdict
reads it all and turns every blocking reason into a no-go.

    >>> evidence = Evidence.of(config)
    >>> evidence.add_section("probes", [{"name": "error-ratio", "value": 0.002}])
    >>> evidence.add_reason(Reason("probe error-ratio: 0.08 above 0.05", source="probes"))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

_KEY = pytest.StashKey["Evidence"]()


@dataclass(frozen=True)
class Reason:
    """A human sentence for the verdict; a blocking one makes the decision no-go."""

    text: str
    source: str
    blocking: bool = True


@dataclass
class Evidence:
    reasons: list[Reason] = field(default_factory=list)
    sections: dict[str, Any] = field(default_factory=dict)

    @staticmethod
    def of(config: pytest.Config) -> Evidence:
        if _KEY not in config.stash:
            config.stash[_KEY] = Evidence()
        return config.stash[_KEY]

    def add_reason(self, reason: Reason) -> None:
        self.reasons.append(reason)

    def add_section(self, name: str, data: Any) -> None:
        """JSON-serialisable data shown in the verdict under ``name``."""
        self.sections[name] = data
