"""The whole watch window: probes judged since the release, and the objectives' burn rates.

    >>> window = WatchWindow(env, spec.window, spec.slos, session=requests.Session())
    >>> window.read()                   # at the start, then at the end of every round
    >>> reasons, values = window.judge()
    >>> [reason.text for reason in reasons]
    ['slo availability (0.999) burns too fast: 10x over the last 5s and 10x over the last 30s (both above 6x)']

A round's own smoke run reads the probes over the round; this reads them over the
window (or its last part, ``last = "5m"``), from scrapes the watch keeps: each metrics
URL is scraped once per reading, and an expression is evaluated over the scrapes from
the window's start to the latest, counter resets handled as in a run
(:mod:`greenlight.probes.window`). A prometheus probe's or objective's ``{window}`` is
the window's length. What cannot be read blocks as inconclusive, unless the probe is
``optional``: a watch that cannot see is no reason to go on.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import requests

from greenlight.config.environment import Environment
from greenlight.probes.expression import Snapshot, parse
from greenlight.probes.judge import BREACH, UNREADABLE, WARNING, Unreadable, judge, number
from greenlight.probes.metrics import scrape
from greenlight.probes.probe import DEFAULT_PATHS
from greenlight.probes.prometheus import PrometheusProbe
from greenlight.urls import join
from greenlight.verdict.evidence import Reason
from greenlight.watch.slo import NoEvents, Slo, burn_rate
from greenlight.watch.spec import WindowProbe

SOURCE = "watch"


@dataclass
class WatchWindow:
    env: Environment
    probes: Sequence[WindowProbe]
    slos: Sequence[Slo]
    session: requests.Session = field(default_factory=requests.Session)
    scrapes: dict[str, list[Snapshot | Unreadable]] = field(default_factory=dict)
    started: float = field(default_factory=time.time)

    def urls(self) -> list[str]:
        found = [
            self._url(p.spec.settings.get("url")) for p in self.probes if p.spec.kind == "metrics"
        ]
        found += [self._url(slo.url) for slo in self.slos if slo.kind == "metrics"]
        return list(dict.fromkeys(found))

    def read(self) -> None:
        """One scrape of every metrics URL the window needs."""
        for url in self.urls():
            try:
                taken: Snapshot | Unreadable = scrape(url, self.session)
            except Unreadable as error:
                taken = error
            self.scrapes.setdefault(url, []).append(taken)

    def judge(self) -> tuple[list[Reason], dict[str, Any]]:
        """Reasons (blocking or not) and the values, for the round that just ended."""
        reasons: list[Reason] = []
        values: dict[str, Any] = {"probes": [], "slos": []}
        for probe in self.probes:
            reason, value = self._probe(probe)
            values["probes"].append(value)
            if reason:
                reasons.append(reason)
        for slo in self.slos:
            found, value = self._slo(slo)
            values["slos"].append(value)
            reasons += found
        return reasons, values

    def _probe(self, probe: WindowProbe) -> tuple[Reason | None, dict[str, Any]]:
        spec = probe.spec
        shown: dict[str, Any] = {"name": spec.name, "span": probe.span, "value": None}
        try:
            if spec.kind == "metrics":
                value = self._evaluate(
                    spec.settings["expression"], spec.settings.get("url"), probe.last
                )
            else:
                value = self._query(spec.settings["url"], spec.settings["query"], probe.last)
        except Unreadable as error:
            shown["result"] = UNREADABLE
            text = f"window probe {spec.name} could not be read {probe.span}: {error}"
            return Reason(
                text if spec.optional else text.replace("could not", "inconclusive: could not"),
                SOURCE,
                not spec.optional,
            ), shown
        judgement = judge(value, spec.thresholds)
        shown.update(value=_finite(value), result=judgement.status, detail=judgement.bound)
        if judgement.status not in (BREACH, WARNING):
            return None, shown
        side = "above" if "above" in judgement.bound else "below"
        verb = "breached" if judgement.status == BREACH else "warns"
        text = f"window probe {spec.name} {verb}: {number(value)} {probe.span} is {side} {judgement.bound}"
        return Reason(text, SOURCE, judgement.status == BREACH), shown

    def _slo(self, slo: Slo) -> tuple[list[Reason], dict[str, Any]]:
        shown: dict[str, Any] = {"name": slo.name, "objective": slo.objective, "rules": []}
        reasons = []
        for rule in slo.rules:
            rates: list[float] = []
            breached: bool | None = None
            try:
                slow_rate = self._burn(slo, rule.slow)
                # Nothing lately while the slow window saw events: nothing is burning now.
                fast_rate = self._burn(slo, rule.fast, quiet=0.0)
                rates = [fast_rate, slow_rate]
                breached = all(rate > rule.factor for rate in rates)
            except (Unreadable, NoEvents) as error:
                what = (
                    "nothing was counted (check the total expression)"
                    if isinstance(error, NoEvents)
                    else f"could not be read ({error})"
                )
                text = f"slo {slo.name} inconclusive over the last {rule.written[1]}: {what}"
                reasons.append(Reason(text, SOURCE))
            fast, slow = rule.written
            shown["rules"].append(
                {
                    "fast": fast,
                    "slow": slow,
                    "factor": rule.factor,
                    "rates": rates,
                    "breached": breached,
                }
            )
            if breached:
                reasons.append(
                    Reason(
                        f"slo {slo.name} ({slo.objective:g}) burns too fast: {rates[0]:.3g}x over the "
                        f"last {fast} and {rates[1]:.3g}x over the last {slow} "
                        f"(both above {rule.factor:g}x)",
                        SOURCE,
                    )
                )
        return reasons, shown

    def _burn(self, slo: Slo, last: float, quiet: float | None = None) -> float:
        """The burn rate over the last ``last`` seconds; ``quiet`` when nothing was counted."""
        good = self._measure(slo, slo.good, last)
        total = self._measure(slo, slo.total, last)
        try:
            return burn_rate(good=good, total=total, objective=slo.objective)
        except NoEvents:
            if quiet is None:
                raise
            return quiet

    def _measure(self, slo: Slo, text: str, last: float) -> float:
        if slo.kind == "metrics":
            return self._evaluate(text, slo.url, last)
        assert slo.url is not None
        return self._query(slo.url, text, last)

    def _evaluate(self, expression: str, url: str | None, last: float | None) -> float:
        taken = self.scrapes.get(self._url(url), [])
        if taken and isinstance(taken[-1], Unreadable):
            raise taken[-1]
        snapshots = [s for s in taken if isinstance(s, Snapshot)]
        if len(snapshots) < 2:
            raise Unreadable("needs two scrapes of the window; only one was taken")
        end = snapshots[-1].time
        start = 0
        if last is not None:
            before = [i for i, s in enumerate(snapshots) if s.time <= end - last]
            start = before[-1] if before else 0
        value = parse(expression).evaluate(snapshots[start], *snapshots[start + 1 :])
        if math.isnan(value):
            raise Unreadable("no data in the window (a ratio of nothing)")
        return value

    def _query(self, url: str, query: str, last: float | None) -> float:
        length = last if last is not None else time.time() - self.started
        window = f"{max(1, round(length))}s"
        probe = PrometheusProbe(
            url=url, query=query.replace("{window}", window), session=self.session
        )
        return probe.observe({})

    def _url(self, given: str | None) -> str:
        given = given or DEFAULT_PATHS["metrics"]
        return (
            given if given.startswith(("http://", "https://")) else join(self.env.base_url, given)
        )


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None
