"""URL checks, safe joining of a base URL with a path, and where a URL leads.

>>> join("http://shop.example/app/", "/api/products")
'http://shop.example/app/api/products'
>>> endpoint("https://Shop.Example.com:443/app"), is_loopback("http://localhost:8000")
(('shop.example.com', 'web'), True)
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

# The two ports of a web site: a site on one usually answers, or redirects, on the other.
WEB_PORTS = ("", "80", "443")
WEB = "web"
LOOPBACK = "loopback"


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


def split_netloc(url: str) -> tuple[str, str, str]:
    """``(scheme, host, port)`` of ``url`` as written (host lowercased), without parsing the port.

    A port that is no number (a placeholder, say) is returned as written, unlike
    :attr:`urllib.parse.SplitResult.port`, which raises.
    """
    parts = urlsplit(url)
    netloc = parts.netloc.rpartition("@")[2]
    if netloc.startswith("["):  # [::1]:8000
        host, _, rest = netloc[1:].partition("]")
        port = rest.removeprefix(":")
    else:
        host, _, port = netloc.partition(":")
    return parts.scheme.lower(), host.lower(), port


def endpoint(url: str) -> tuple[str, str]:
    """``(host, port)`` a URL reaches: loopback names as one, the web's two ports as one.

    Ports count: on one machine staging and production listen on different ports.
    80 and 443 count as one, since http:// of a site usually redirects to https://.
    """
    _, host, port = split_netloc(url)
    return (LOOPBACK if loopback_name(host) else host), (WEB if port in WEB_PORTS else port)


def is_loopback(url: str) -> bool:
    """Whether ``url`` leads to this machine: ``localhost``, 127.0.0.0/8 or ::1."""
    return loopback_name(split_netloc(url)[1])


def loopback_name(host: str) -> bool:
    """Whether a host name (as :func:`split_netloc` gives it) is this machine."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
