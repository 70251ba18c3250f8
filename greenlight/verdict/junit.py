"""The verdict as a JUnit test case of its own, added to the run's JUnit XML file.

    <testsuite name="pytest" tests="15" failures="2" ...>
      ...
      <testcase classname="greenlight" name="release verdict" time="8.310">
        <failure message="greenlight: NO-GO - 13/14 ... - probe latency breached ...">
          - probes: probe latency breached: ...
        </failure>
      </testcase>

CI systems that read JUnit (GitLab, Jenkins, GitHub test reporters) then show a no-go
that no scenario failed for (a probe, a version, a test that never ran) as a failed
test named "release verdict", with the headline as its message. pytest writes the
file before the verdict is taken; this adds the case to the first test suite and
counts it. The document given is already masked.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from greenlight.terminal import printable
from greenlight.verdict.words import headline

CLASSNAME = "greenlight"
NAME = "release verdict"


def add_verdict(path: Path, document: Mapping[str, Any]) -> bool:
    """Add the verdict's test case; False when there is no JUnit file to add it to."""
    try:
        tree = ElementTree.parse(path)
    except (OSError, ElementTree.ParseError):
        return False
    root = tree.getroot()
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    if suite is None:
        return False
    case = ElementTree.SubElement(
        suite,
        "testcase",
        classname=CLASSNAME,
        name=NAME,
        time=f"{float(document.get('duration_s') or 0):.3f}",
    )
    suite.set("tests", str(int(suite.get("tests", "0")) + 1))
    if document.get("decision") != "go":
        failure = ElementTree.SubElement(case, "failure", message=headline(document))
        failure.text = "\n".join(
            f"- {printable(str(reason))}" for reason in document.get("reasons") or []
        )
        suite.set("failures", str(int(suite.get("failures", "0")) + 1))
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return True
