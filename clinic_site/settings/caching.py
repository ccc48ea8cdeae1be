"""The caches every process shares, and the anonymous page cache on them.

Redis when ``REDIS_URL`` is set; otherwise Django's file-system cache (with a
cheaper cull, clinic_site/file_cache.py) under
``CACHE_DIR``, which every process on the machine shares. Never a per-process
memory cache: a publish handled by one worker (or a management command) must
clear the pages every other worker serves.

Pages live in a cache of their own ("pages"), because clearing it clears the
whole backend: in Redis that is a database of its own (``REDIS_URL``'s number
plus one, unless ``REDIS_PAGE_CACHE_URL`` says otherwise).
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .env import env_bool, env_int, env_str

_BASE_DIR = Path(__file__).resolve().parent.parent.parent
REDIS_URL = env_str("REDIS_URL")
CACHE_TIMEOUT = env_int("CACHE_TIMEOUT", 60 * 60 * 24)


def _next_redis_database(url):
    """``redis://host:6379/0`` → ``redis://host:6379/1``."""
    parts = urlsplit(url)
    number = parts.path.strip("/") or "0"
    path = f"/{int(number) + 1}" if number.isdigit() else parts.path
    return urlunsplit(parts._replace(path=path))


if REDIS_URL:
    _page_url = env_str("REDIS_PAGE_CACHE_URL") or _next_redis_database(REDIS_URL)
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": CACHE_TIMEOUT,
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _page_url,
            "TIMEOUT": CACHE_TIMEOUT,
        },
    }
else:
    _cache_dir = Path(env_str("CACHE_DIR", os.fspath(_BASE_DIR / ".cache")))
    CACHES = {
        alias: {
            "BACKEND": "clinic_site.file_cache.FileBasedCache",
            "LOCATION": os.fspath(_cache_dir / alias),
            "TIMEOUT": CACHE_TIMEOUT,
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 20000)},
        }
        for alias in ("default", "pages")
    }

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
