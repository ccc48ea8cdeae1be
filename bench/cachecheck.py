"""Whether a response came from a page cache, read from its headers.

Page caches say so in a header: wagtail-cache's ``X-Wagtail-Cache: hit``,
Varnish and nginx's ``X-Cache`` / ``X-Cache-Status``, Cloudflare's
``CF-Cache-Status``. ``bust`` gives a URL no cache keyed on the URL can answer.
"""

from urllib.parse import urlencode, urlsplit, urlunsplit

CACHE_HEADERS = (
    "X-Wagtail-Cache",
    "X-Cache",
    "X-Cache-Status",
    "X-Django-Cache",
    "X-Proxy-Cache",
    "CF-Cache-Status",
)
BUST_PARAMETER = "bench-nocache"


def cache_status(headers):
    """("hit" | "miss" | "skip", header name), or (None, None) if no header says.

    ``headers`` is a mapping or a list of (name, value) pairs; names are
    compared case-insensitively.
    """
    items = headers.items() if hasattr(headers, "items") else headers
    lowered = {str(name).lower(): str(value) for name, value in items}
    for name in CACHE_HEADERS:
        value = lowered.get(name.lower())
        if value is None:
            continue
        value = value.strip().lower()
        if "hit" in value:
            return "hit", name
        if "miss" in value or "expired" in value:
            return "miss", name
        if value in {"skip", "bypass", "pass", "dynamic", "none"}:
            return "skip", name
    return None, None


def bust(url, token):
    """``url`` with one more query parameter, unique per ``token``."""
    parts = urlsplit(url)
    extra = urlencode({BUST_PARAMETER: token})
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit(parts._replace(query=query))
