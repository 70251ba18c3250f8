"""URL checks and safe joining of a base URL with a path.

>>> join("http://shop.example/app/", "/api/products")
'http://shop.example/app/api/products'
"""

from __future__ import annotations

from urllib.parse import urlsplit


def check_url(url: str, where: str) -> list[str]:
    """Problems with ``url`` as a base URL: scheme, host, no query or fragment."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [f"{where}: malformed URL '{url}' (expected http:// or https:// and a host)"]
    if parts.query or parts.fragment:
        return [f"{where}: base URL '{url}' must not carry a query or fragment"]
    try:
        parts.port  # noqa: B018 - raises on a port out of range
    except ValueError:
        return [f"{where}: malformed URL '{url}' (bad port)"]
    return []


def join(base: str, path: str) -> str:
    """``base`` and ``path`` with exactly one slash between them; the base's own path is kept.

    Unlike :func:`urllib.parse.urljoin`, a leading slash in ``path`` does not throw
    away a base path such as ``/app``.
    """
    if path.startswith(("http://", "https://")):
        raise ValueError(f"expected a path relative to {base}, got a full URL: {path}")
    return base.rstrip("/") + "/" + path.lstrip("/")
