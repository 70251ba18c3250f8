"""Shards: one suite split across CI runners with pytest-split, each run knowing its place.

pytest-split owns the options (``--splits N --group G``, ``--durations-path``, and
``--store-durations``, which records each test's duration for the next split).
Greenlight does the split itself with pytest-split's algorithms, as the last step of
collection (after its own safety deselection), so that the other shards' tests are not
counted as deselected: every shard reports the same deselections as an unsharded run,
and the shards' counts add up to it. The verdict records ``shard: {group, splits}``;
``greenlight verdict`` refuses a merge that misses a shard, and no shard runs a
promote or rollback hook (the merged verdict decides)::

    $ pytest --env=staging --splits 2 --group 1      # runner 1
    $ pytest --env=staging --splits 2 --group 2      # runner 2
    $ greenlight verdict shard-1/verdict.json shard-2/verdict.json --out verdict.json

    >>> Shard.of(config)
    Shard(group=1, splits=2)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

_SPLIT_PLUGIN = "pytestsplitplugin"  # pytest-split's own, which would count them deselected


@dataclass(frozen=True)
class Shard:
    group: int
    splits: int

    @staticmethod
    def of(config: pytest.Config) -> Shard | None:
        """This run's shard, from pytest-split's options; None for an unsharded run."""
        splits = config.getoption("splits", None)
        group = config.getoption("group", None)
        if not splits or not group:
            return None
        return Shard(group=int(group), splits=int(splits))

    def as_dict(self) -> dict[str, int]:
        return {"group": self.group, "splits": self.splits}

    @property
    def label(self) -> str:
        return f"shard {self.group} of {self.splits}"


@dataclass(eq=False)  # a plugin object: registered by identity
class ShardSplit:
    """Keeps this shard's tests, as pytest-split's chosen algorithm groups them."""

    config: pytest.Config
    shard: Shard

    @staticmethod
    def configure(config: pytest.Config) -> None:
        """Register before greenlight's other hooks, so the split runs after them."""
        shard = Shard.of(config)
        if shard is None:
            return
        config.pluginmanager.set_blocked(_SPLIT_PLUGIN)
        config.pluginmanager.register(ShardSplit(config, shard), "greenlight-shards")

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[Any]) -> None:
        from pytest_split import algorithms

        algorithm = algorithms.Algorithms[config.option.splitting_algorithm].value
        durations = _durations(Path(config.option.durations_path))
        groups = algorithm(self.shard.splits, items, durations)
        chosen = groups[self.shard.group - 1]
        total = len(items)
        items[:] = chosen.selected
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None and not hasattr(config, "workerinput"):
            known = "" if durations else "; no durations recorded yet, split evenly"
            reporter.write_line(
                f"greenlight: {self.shard.label}: {len(items)} of {total} tests "
                f"(estimated {chosen.duration:.1f} s{known})"
            )


def _durations(path: Path) -> dict[str, float]:
    """pytest-split's durations file (``--store-durations`` writes it); empty if none."""
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    if isinstance(loaded, list):  # pytest-split's older format: a list of pairs
        loaded = dict(loaded)
    return loaded if isinstance(loaded, dict) else {}
