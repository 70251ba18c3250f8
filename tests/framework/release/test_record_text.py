"""Release progress lines never carry control characters from the system."""

from __future__ import annotations

import io
from pathlib import Path

from greenlight.release.record import Record
from greenlight.secrets import Secrets


def test_a_hook_tail_with_escape_and_carriage_return_prints_escaped(tmp_path: Path) -> None:
    out = io.StringIO()
    record = Record(
        environment="prod",
        strategy="canary",
        version="2.1.0",
        mode="deployment",
        path=tmp_path / "release.json",
        secrets=Secrets(),
        out=out,
    )
    record._say("deploy said: ok\r\x1b[2Kgreenlight: GO")
    printed = out.getvalue()
    assert "\x1b" not in printed and "\r" not in printed
    assert printed.count("\n") == 1
