"""The ``log`` probe: how many lines matching a pattern a log gained during the run.

    [[local.probes]]
    name = "error-log"
    kind = "log"
    path = "{workdir}/system.log"     # or url = "https://shop.example/logs/current"
    pattern = "ERROR"
    fail_above = 0

The first reading notes where the log ends; later readings count the matching lines
written after that point. Only whole lines count, so a line being written is counted
once it ends. A log that shrank was rotated and is read from its start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from greenlight.probes.judge import Unreadable

FETCH_TIMEOUT = 10.0


@dataclass
class LogProbe:
    pattern: re.Pattern[str]
    session: requests.Session
    path: Path | None = None
    url: str | None = None
    offset: int | None = None  # bytes already looked at
    count: int = 0  # matching lines after the first reading
    windowed: bool = False
    grows: bool = True  # a count of lines since the first reading

    @property
    def source(self) -> str:
        return f"lines matching {self.pattern.pattern!r} in {self.path or self.url}"

    def observe(self, shared: dict[str, Any]) -> int:
        size, new = self._read_from(self.offset)
        if self.offset is None:
            self.offset = size
            return 0
        if size < self.offset:
            self.offset = 0  # rotated: the whole of the new log is new
        end = new.rfind(b"\n") + 1
        if end > 0:
            text = new[:end].decode("utf-8", errors="replace")
            self.count += sum(1 for line in text.splitlines() if self.pattern.search(line))
            self.offset += end
        return self.count

    def _read_from(self, offset: int | None) -> tuple[int, bytes]:
        """The log's size and its bytes from ``offset``: none at first, all if it shrank."""
        if self.path is not None:
            # Only the new part is read: a production log can be large.
            try:
                with self.path.open("rb") as log:
                    size = log.seek(0, 2)
                    log.seek(_start(offset, size))
                    return size, log.read()
            except OSError as error:
                raise Unreadable(f"cannot read log {self.path}: {error.strerror}") from None
        assert self.url is not None
        try:
            answer = self.session.get(self.url, timeout=FETCH_TIMEOUT)
        except requests.RequestException as error:
            raise Unreadable(f"no answer from {self.url} ({type(error).__name__})") from None
        if not answer.ok:
            raise Unreadable(f"{self.url} answered HTTP {answer.status_code}")
        content = answer.content
        return len(content), content[_start(offset, len(content)) :]

    def value(self, start: Any, now: Any) -> float:
        return float(now)


def _start(offset: int | None, size: int) -> int:
    if offset is None:
        return size
    return offset if offset <= size else 0
