"""The caches every process shares, and the anonymous page cache on them.

Redis when ``REDIS_URL`` is set; otherwise Django's file-system cache (with a
cheaper cull, clinic_site/file_cache.py) under
``CACHE_DIR``, which every process on the machine shares. Never a per-process
memory cache: a publish handled by one worker (or a management command) must
clear the pages every other worker serves.

Pages live in a cache of their own ("pages"), because clearing it clears the
whole backend: in Redis that is a database of its own (``REDIS_URL``'s number
plus one, unless ``REDIS_PAGE_CACHE_URL`` says otherwise).

With Redis, the cache is an optimisation, never a dependency: when Redis
refuses, hangs or dies, pages are served uncached (clinic_site/cache_backend.py,
and docs/deployment.md, "When Redis is down").
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_str

_BASE_DIR = Path(__file__).resolve().parent.parent.parent
REDIS_URL = env_str("REDIS_URL")
CACHE_TIMEOUT = env_int("CACHE_TIMEOUT", 60 * 60 * 24)


def _env_seconds(name, default):
    raw = env_str(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise ImproperlyConfigured(f"{name} must be a number of seconds above 0.")
    return value


# With Redis: how long one call may wait for it, and how long to skip it after
# a failure (clinic_site/cache_backend.py). Without Redis, unused.
CACHE_SOCKET_TIMEOUT = _env_seconds("CACHE_SOCKET_TIMEOUT", 0.25)
CACHE_RETRY_SECONDS = _env_seconds("CACHE_RETRY_SECONDS", 5.0)


def _next_redis_database(url):
    """``redis://host:6379/0`` → ``redis://host:6379/1``."""
    parts = urlsplit(url)
    number = parts.path.strip("/") or "0"
    path = f"/{int(number) + 1}" if number.isdigit() else parts.path
    return urlunsplit(parts._replace(path=path))


def build_caches(
    redis_url="",
    *,
    page_url="",
    timeout=CACHE_TIMEOUT,
    socket_timeout=CACHE_SOCKET_TIMEOUT,
    retry_seconds=CACHE_RETRY_SECONDS,
    cache_dir=None,
    max_entries=None,
):
    """The CACHES setting: Redis at ``redis_url``, else the file system.

    The settings call it with the environment; the tests call it too, to point
    the real configuration at a Redis of their own.
    """
    if redis_url:
        locations = {
            "default": redis_url,
            "pages": page_url or _next_redis_database(redis_url),
        }
        caches = {
            alias: {
                "BACKEND": "clinic_site.cache_backend.RedisCache",
                "LOCATION": location,
                "TIMEOUT": timeout,
                "OPTIONS": {
                    "ALIAS": alias,
                    "RETRY_SECONDS": retry_seconds,
                    "socket_connect_timeout": socket_timeout,
                    "socket_timeout": socket_timeout,
                },
            }
            for alias, location in locations.items()
        }
        return _with_page_scopes(caches)
    if cache_dir is None:
        cache_dir = env_str("CACHE_DIR", os.fspath(_BASE_DIR / ".cache"))
    if max_entries is None:
        max_entries = env_int("CACHE_MAX_ENTRIES", 20000)
    caches = {
        alias: {
            "BACKEND": "clinic_site.file_cache.FileBasedCache",
            "LOCATION": os.fspath(Path(cache_dir) / alias),
            "TIMEOUT": timeout,
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
        for alias in ("default", "pages")
    }
    return _with_page_scopes(caches)


def _with_page_scopes(caches):
    """File the page cache's entries under scopes (clinic_site/page_scopes.py)."""
    caches["pages"]["KEY_FUNCTION"] = "clinic_site.page_scopes.make_key"
    return caches


CACHES = build_caches(REDIS_URL, page_url=env_str("REDIS_PAGE_CACHE_URL"))

# wagtail-cache: anonymous GET responses are served from the "pages" cache;
# every publish, unpublish, move or delete, and every change to a snippet or
# setting that pages show, clears it (clinic_site/cache_invalidation.py).
# X-Wagtail-Cache says hit or miss.
WAGTAIL_CACHE = env_bool("PAGE_CACHE", True)
WAGTAIL_CACHE_BACKEND = "pages"
WAGTAIL_CACHE_HEADER = "X-Wagtail-Cache"
# How long browsers may keep a cached page (the server's copy is cleared on
# publish; browsers are not told, so keep this short).
PAGE_BROWSER_MAX_AGE = env_int("PAGE_BROWSER_MAX_AGE", 60)
# With Redis, how long a request waits for the page another request (on any
# server) is rendering before it renders it itself; 0 turns the wait off
# (clinic_site/page_cache.py).
PAGE_CACHE_RENDER_WAIT = max(0.0, float(env_str("PAGE_CACHE_RENDER_WAIT") or 1.0))
