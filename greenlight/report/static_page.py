"""The built report's front page made fit for production data: no third party, a hint offline.

    >>> clean(Path("reports/prod/allure-report"))
    ['index.html']

Allure 3 writes a Google tag-manager script into every page it builds (the template
has it on unconditionally), so each open of a report would tell a third party that
someone read it. Greenlight removes that script and its inline configuration from
every HTML file at the top of the report folder; a report of production data makes
no request beyond its own folder.

The report is an app that reads its data with the browser's fetch, which browsers
refuse for a page opened from disk (``file://``): the page then shows a spinner that
never stops. So each page gets a hint, shown when the page was opened from disk (and
in a ``<noscript>``), that says how to view it and that ``verdict.html`` reads as it is.
"""

from __future__ import annotations

import re
from pathlib import Path

HINT_ID = "greenlight-static-hint"
# The tag manager's loader and its inline configuration, as Allure 3's templates write them.
_THIRD_PARTY = (
    re.compile(r"<script[^>]*\bsrc=[\"']https?://www\.googletagmanager\.com/[^>]*>\s*</script>"),
    re.compile(r"<script>\s*window\.dataLayer\s*=.*?</script>", re.S),
)
_APP = '<div id="app"></div>'
_HINT_TEXT = (
    "This report is a small web app: a browser runs it from a web server, not from a file "
    "on disk. If it keeps loading, it was opened from disk: run "
    "<code>greenlight report --env ENV --open</code> (it serves the report on this machine "
    "only and prints the address), or serve this folder with "
    "<code>python -m http.server --bind 127.0.0.1 -d FOLDER</code>. The decision page "
    'reads as it is: <a href="verdict.html">verdict.html</a>.'
)
# Shown only for a page opened from disk (our own inline script, no request), and
# to a browser that runs no script at all.
HINT = (
    f'<div id="{HINT_ID}" hidden style="position:fixed;left:0;right:0;bottom:0;z-index:2000;'
    "background:#fff3cd;color:#222;padding:.8em 1.2em;border-top:2px solid #8a6d00;"
    f'font:15px/1.5 system-ui,sans-serif">{_HINT_TEXT}</div>'
    f'<script>if (location.protocol === "file:") '
    f'document.getElementById("{HINT_ID}").hidden = false;</script>'
    f"<noscript><p>{_HINT_TEXT}</p></noscript>"
)


def clean(folder: Path) -> list[str]:
    """Strip third-party scripts from the folder's HTML files and add the hint; the files changed."""
    changed = []
    for page in sorted(folder.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        cleaned = strip_third_party(text)
        if _APP in cleaned and HINT_ID not in cleaned:
            cleaned = cleaned.replace(_APP, _APP + HINT, 1)
        if cleaned != text:
            page.write_text(cleaned, encoding="utf-8")
            changed.append(page.name)
    return changed


def strip_third_party(text: str) -> str:
    for pattern in _THIRD_PARTY:
        text = pattern.sub("", text)
    return text
