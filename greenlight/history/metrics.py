"""Delivery metrics from an environment's records: frequency, failure rate, restore and lead time.

    >>> history = read_history(Path("reports/prod"), since=timedelta(days=30))
    >>> metrics = measure(history, since=timedelta(days=30))
    >>> metrics.change_failure_rate, metrics.mean_time_to_restore_s
    (0.25, 312.0)

A *deployment* is a release that reached users: ``released``, or rolled back after
something had reached them (a record whose rollback ran). It *failed* when it was
rolled back, when its own watch (``release --watch``) failed, or when a later
``greenlight watch`` before the next deployment failed. The *time to restore* runs from
a failure's first no-go to the next go (a smoke run or a watch round), or to a
rollback that completed, whichever came first; the *lead time* from the commit the
smoke run's verdict names (when git knows its time) to the end of the release.
Records come from ``releases/*/release.json`` and ``watches/*/watch.json`` (one reader
each: :func:`~greenlight.release.record.read_release`,
:func:`~greenlight.watch.record.read_watch`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from greenlight.release.record import read_release
from greenlight.report.report_files import commit_time
from greenlight.verdict.file import UnreadableVerdict, read_verdict
from greenlight.watch.record import read_watch


@dataclass
class Deployment:
    version: str
    started: datetime
    ended: datetime
    failed_at: datetime | None = None  # the first no-go that made it a failure
    restored_at: datetime | None = None
    commit: str | None = None

    @property
    def failed(self) -> bool:
        return self.failed_at is not None


@dataclass
class History:
    releases: int = 0
    watches: int = 0
    deployments: list[Deployment] = field(default_factory=list)
    goes: list[datetime] = field(default_factory=list)  # every go, of smoke runs and rounds


@dataclass(frozen=True)
class Metrics:
    since_days: float
    releases: int
    watches: int
    deployments: int
    failures: int
    per_day: float
    change_failure_rate: float | None  # None: no deployment to divide by
    restored: int
    mean_time_to_restore_s: float | None
    lead_times: int
    mean_lead_time_s: float | None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def read_history(folder: Path, *, since: timedelta, now: datetime | None = None) -> History:
    """Every release and standalone watch of the environment's folder since ``since`` ago."""
    start = (now or datetime.now(UTC)) - since
    history = History()
    releases = [(read_release(p), p.parent) for p in folder.glob("releases/*/release.json")]
    for record, own in sorted(
        ((r, own) for r, own in releases if r is not None),
        key=lambda pair: str(pair[0].get("started")),
    ):
        began = _time(record.get("started"))
        if began is None or began < start:
            continue
        history.releases += 1
        _release(history, record, began, read_watch(own / "watch" / "watch.json"))
    watches = [read_watch(p) for p in sorted(folder.glob("watches/*/watch.json"))]
    for watch in sorted(filter(None, watches), key=lambda w: str(w.get("started"))):
        began = _time(watch.get("started"))
        if began is None or began < start:
            continue
        history.watches += 1
        failed_at, restored = _watch(history, watch)
        if failed_at is not None:
            latest = [d for d in history.deployments if d.started <= failed_at]
            if latest and not latest[-1].failed:
                latest[-1].failed_at, latest[-1].restored_at = failed_at, restored
    history.goes.sort()
    return history


def _release(
    history: History, record: dict[str, Any], began: datetime, watch: dict[str, Any] | None
) -> None:
    ended = began + timedelta(seconds=float(record.get("duration_s") or 0))
    no_go = None
    commit = None
    for entry in record.get("timeline") or []:
        if entry.get("kind") != "smoke":
            continue
        # A decision is known when its run ends.
        at = began + timedelta(
            seconds=float(entry.get("at_s") or 0) + float(entry.get("duration_s") or 0)
        )
        if entry.get("ok"):
            history.goes.append(at)
        elif no_go is None:
            no_go = at
        commit = commit or _commit(entry)
    watch_failed, watch_restored = _watch(history, watch) if watch else (None, None)
    reached = record.get("outcome") == "released" or record.get("rollback") is not None
    if not reached:
        return
    deployment = Deployment(str(record.get("version")), began, ended, commit=commit)
    if record.get("outcome") == "rolled-back":
        deployment.failed_at = watch_failed or no_go or ended
        deployment.restored_at = watch_restored or (
            ended if record.get("rollback") == "complete" else None
        )
    history.deployments.append(deployment)


def _watch(history: History, watch: dict[str, Any]) -> tuple[datetime | None, datetime | None]:
    """Its goes into the history; when it failed, its first no-go and its completed rollback."""
    failed_at = None
    for entry in watch.get("rounds") or []:
        at = _time(entry.get("started"))
        if at is None:
            continue
        at += timedelta(seconds=float(entry.get("duration_s") or 0))  # decided at its end
        if entry.get("decision") == "go":
            history.goes.append(at)
        elif failed_at is None:
            failed_at = at
    if watch.get("outcome") != "failed":
        return None, None
    return failed_at, _time(watch.get("restored"))


def _commit(entry: dict[str, Any]) -> str | None:
    path = (entry.get("verdict") or {}).get("path")
    if not path:
        return None
    try:
        commit = read_verdict(Path(path)).get("git_commit")
    except UnreadableVerdict:
        return None
    return str(commit) if commit else None


def measure(history: History, *, since: timedelta, roots: Sequence[Path]) -> Metrics:
    """The metrics over the history; ``roots``: git checkouts that may know the commits."""
    deployments = history.deployments
    failures = [d for d in deployments if d.failed]
    restore_times = []
    for failure in failures:
        assert failure.failed_at is not None
        later = [go for go in history.goes if go > failure.failed_at]
        ends = [t for t in (failure.restored_at, later[0] if later else None) if t is not None]
        if ends:
            restore_times.append((min(ends) - failure.failed_at).total_seconds())
    leads = []
    for deployment in deployments:
        committed = next(
            (
                found
                for root in roots
                if deployment.commit and (found := commit_time(root, deployment.commit))
            ),
            None,
        )
        if committed is not None:
            leads.append((deployment.ended - committed).total_seconds())
    days = since.total_seconds() / 86400
    return Metrics(
        since_days=days,
        releases=history.releases,
        watches=history.watches,
        deployments=len(deployments),
        failures=len(failures),
        per_day=len(deployments) / days if days else 0.0,
        change_failure_rate=len(failures) / len(deployments) if deployments else None,
        restored=len(restore_times),
        mean_time_to_restore_s=_mean(restore_times),
        lead_times=len(leads),
        mean_lead_time_s=_mean(leads),
    )


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def _time(value: Any) -> datetime | None:
    try:
        found = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return found if found.tzinfo else found.replace(tzinfo=UTC)
