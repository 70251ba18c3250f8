"""A report of production data makes no third-party request, and says how to view it.

Real Allure 3 builds of a small results folder; ``greenlight report --open`` served for
real on 127.0.0.1 and read over HTTP.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import requests

from greenlight.report.release_checks import write
from greenlight.report.static_page import HINT_ID

REPO = Path(__file__).resolve().parents[3]
GREENLIGHT = str(Path(sys.executable).with_name("greenlight"))
VERDICT = {
    "decision": "no-go",
    "reasons": ["probes: probe latency breached"],
    "environment": "prod",
    "counts": {"passed": 1, "ran": 1},
    "start": "2026-12-01T11:00:00+00:00",
    "end": "2026-12-01T11:01:00+00:00",
}


def results(tmp_path: Path) -> Path:
    folder = tmp_path / "reports" / "prod" / "allure-results"
    write(folder, VERDICT, reported=(1, 1))
    return folder


def report(tmp_path: Path, *more: str) -> subprocess.Popen[str]:
    command = [GREENLIGHT, "report", "--env=prod", f"--results={results(tmp_path)}", *more]
    env = {**os.environ, "BROWSER": "true"}  # a browser that opens nothing
    return subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_the_built_report_loads_no_script_or_file_from_elsewhere(tmp_path: Path) -> None:
    built = report(tmp_path)
    out, err = built.communicate(timeout=300)
    assert built.returncode == 0, out + err
    folder = tmp_path / "reports" / "prod" / "allure-report"
    for page in folder.glob("*.html"):
        text = page.read_text()
        assert "googletagmanager" not in text and "dataLayer" not in text, page
        # Only links may point elsewhere: nothing the browser fetches by itself.
        fetched = re.findall(
            r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=[\"']([^\"']+)", text
        )
        outside = [url for url in fetched if re.match(r"(https?:)?//", url)]
        assert outside == [], (page, outside)
    assert HINT_ID in (folder / "index.html").read_text()


def test_open_serves_the_report_on_loopback_and_prints_the_address(tmp_path: Path) -> None:
    served = report(tmp_path, "--open")
    assert served.stdout is not None
    try:
        for line in served.stdout:
            found = re.search(r"serving the report on (http://\S+/) \(this machine only\)", line)
            if found:
                break
        else:
            raise AssertionError(served.stderr.read() if served.stderr else "no address")
        url = found.group(1)
        assert url.startswith("http://127.0.0.1:")
        index = requests.get(url, timeout=10)
        assert index.status_code == 200 and "googletagmanager" not in index.text
        data = requests.get(url + "data/test-results/", timeout=10)
        assert data.status_code == 200  # the app's own data, from the same origin
        assert json.loads(requests.get(url + "summary.json", timeout=10).text)["status"] == "failed"
    finally:
        served.send_signal(signal.SIGINT)
        out, err = served.communicate(timeout=30)
    assert served.returncode == 0, err
    assert "stopped serving" in out and "Traceback" not in err
