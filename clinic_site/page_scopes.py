"""Clear one page's cached copies without clearing every other page.

Clearing the whole page cache on every publish is always right but costs the
site dearly under traffic: every page misses at once, and the request that
should show the new text waits behind a queue of re-renders (``make bench``'s
publish-under-load scenario measured over a second on two CPUs). So every
cached response is filed under a *scope*, and a publish that changes only what
a page says, not where it is or what it is called, renews the scopes of the
addresses that show that text; everything else stays cached.

A scope is a request's path (``/treatments/x/``, with every query string and
host under it), except that all search pages share one (``search``: any of
them may quote any page) and so do the sitemaps (``sitemap``). Each scope has a
token in the page cache; the cache key of every entry made under the scope
includes it (``make_key``, the "pages" cache's ``KEY_FUNCTION``). Renewing the
token makes every entry under the old one unreachable at once, on every
server, whatever the query string, host or ``Vary`` header: they expire on
their own. A render that began before the publish and is stored after it is
filed under the old token, so it cannot be served either.

A token that is missing (never made, evicted, or the cache was cleared) is
made anew before use, so an entry can never be found under a token that a
renewal replaced.
"""

import secrets
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import default_key_func
from wagtailcache.settings import wagtailcache_settings

SCOPE_KEY_PREFIX = "page-scope:"
SEARCH_SCOPE = "search"
SITEMAP_SCOPE = "sitemap"

_current_token = ContextVar("page_cache_scope_token", default=None)


def make_key(key, key_prefix, version):
    """The "pages" cache's key function: the key, under the request's scope."""
    token = _current_token.get()
    if token is not None and not key.startswith(SCOPE_KEY_PREFIX):
        key = f"{key}|{token}"
    return default_key_func(key, key_prefix, version)


def _language_prefixes():
    return tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


def scope_for(path):
    """The scope a request path's cached responses are filed under."""
    unprefixed = path
    for prefix in _language_prefixes():
        if path.startswith(prefix):
            unprefixed = path[len(prefix) - 1 :]
            break
    if unprefixed.startswith("/search/"):
        return SEARCH_SCOPE
    if unprefixed.startswith("/sitemap"):
        return SITEMAP_SCOPE
    return path


def _cache():
    return caches[wagtailcache_settings.WAGTAIL_CACHE_BACKEND]


def token_for(scope):
    """The scope's current token, made now if there is none.

    ``add`` makes it only if no other process did in the meantime; reading it
    back then returns whichever won. With the cache down both calls fail, and
    no token is returned: nothing is stored or found anyway.
    """
    cache = _cache()
    key = SCOPE_KEY_PREFIX + scope
    token = cache.get(key)
    if token is None:
        cache.add(key, secrets.token_hex(8), timeout=None)
        token = cache.get(key)
    return token


def renew(scopes):
    """Give each scope a new token: its cached responses are gone for everyone."""
    cache = _cache()
    cache.set_many(
        {SCOPE_KEY_PREFIX + scope: secrets.token_hex(8) for scope in set(scopes)},
        timeout=None,
    )


class PageScopeMiddleware:
    """Files the page cache's lookups and stores of a request under its scope.

    It sits above wagtail-cache's ``UpdateCacheMiddleware``, so both the
    lookups below it and the store on the way out see the same token.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not wagtailcache_settings.WAGTAIL_CACHE or request.method not in (
            "GET",
            "HEAD",
        ):
            return self.get_response(request)
        token = token_for(scope_for(request.path))
        if token is None:
            return self.get_response(request)
        reset = _current_token.set(token)
        try:
            return self.get_response(request)
        finally:
            _current_token.reset(reset)
