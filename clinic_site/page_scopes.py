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
them may quote any page), so do the search box's suggestions (``suggest``)
and the sitemaps (``sitemap``). Suggestions are matched on titles alone and
list titles and addresses, which only a change that clears the whole cache can
change (clinic_site/cache_invalidation.py, ``SITE_WIDE_FIELDS``): a publish
that changes what a page says leaves them cached. Each scope has a
token in the page cache; the cache key of every entry made under the scope
includes it (``make_key``, the "pages" cache's ``KEY_FUNCTION``). Renewing the
token makes every entry under the old one unreachable at once, on every
server, whatever the query string, host or ``Vary`` header: they expire on
their own. A render that began before the publish and is stored after it is
filed under the old token, so it cannot be served either.

A token that is missing (never made, expired, evicted, or the cache was
cleared) is made anew before use, so an entry can never be found under a token
that a renewal replaced. Tokens expire with the page cache's own timeout, as
the entries under them do: every address ever asked for (a crawler's guesses
too) has a token, and one that never expired would stay in Redis for good.

The token costs no round trip of its own on a cache hit. ``PageScopeMiddleware``
only names the request's scope; the page cache's lookup
(clinic_site/page_cache.py) reads its token in the same ``MGET`` as the list of
headers the page varies on, then the page: two round trips, as before scopes
existed. The list of headers is therefore not filed under the scope (it says
which request headers key a page, never what the page says). The token is read
before the view runs, so a render is stored under the token it began with; a
key made while the token is still unread (no lookup came first) reads it then.
"""

import secrets
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import default_key_func
from wagtailcache.settings import wagtailcache_settings

SCOPE_KEY_PREFIX = "page-scope:"
# Django's keys for the list of headers a cached page varies on.
HEADER_KEY_PREFIX = "views.decorators.cache.cache_header."
SEARCH_SCOPE = "search"
SUGGEST_SCOPE = "suggest"
SITEMAP_SCOPE = "sitemap"

# The request's scope, until its token is read; then the token.
_current_scope = ContextVar("page_cache_scope", default=None)
_current_token = ContextVar("page_cache_scope_token", default=None)
# The render lock the request holds (clinic_site/page_cache.py), if any.
_held_lock = ContextVar("page_cache_render_lock", default=None)


def make_key(key, key_prefix, version):
    """The "pages" cache's key function: the key, under the request's scope."""
    if not key.startswith((SCOPE_KEY_PREFIX, HEADER_KEY_PREFIX)):
        token = current_token()
        if token is not None:
            key = f"{key}|{token}"
    return default_key_func(key, key_prefix, version)


def current_scope_key():
    """The cache key of the request's scope token, or None if it was read."""
    scope = _current_scope.get()
    return None if scope is None else SCOPE_KEY_PREFIX + scope


def found(value):
    """The request's token, from what a lookup read under its key (None if
    missing, then made now). None when the cache is down."""
    scope = _current_scope.get()
    if scope is None:
        return _current_token.get()
    token = value if value is not None else _make(scope)
    _current_token.set(token)
    # Read once per request, also when the cache is down.
    _current_scope.set(None)
    return token


def current_token():
    """The request's token, read now if no lookup has read it yet."""
    token = _current_token.get()
    if token is None and _current_scope.get() is not None:
        token = found(_cache().get(current_scope_key()))
    return token


def _language_prefixes():
    return tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


def scope_for(path):
    """The scope a request path's cached responses are filed under."""
    unprefixed = path
    for prefix in _language_prefixes():
        if path.startswith(prefix):
            unprefixed = path[len(prefix) - 1 :]
            break
    if unprefixed.startswith("/search/suggest/"):
        return SUGGEST_SCOPE
    if unprefixed.startswith("/search/"):
        return SEARCH_SCOPE
    if unprefixed.startswith("/sitemap"):
        return SITEMAP_SCOPE
    return path


def _cache():
    return caches[wagtailcache_settings.WAGTAIL_CACHE_BACKEND]


def token_for(scope):
    """The scope's current token, made now if there is none."""
    token = _cache().get(SCOPE_KEY_PREFIX + scope)
    return token if token is not None else _make(scope)


def _make(scope):
    """A new token for a scope that has none.

    ``add`` makes it only if no other process did in the meantime; if one did,
    reading it back returns whichever won. With the cache down both calls
    fail, and no token is returned: nothing is stored or found anyway.
    """
    cache = _cache()
    key = SCOPE_KEY_PREFIX + scope
    token = secrets.token_hex(8)
    if cache.add(key, token):
        return token
    return cache.get(key)


def renew(scopes):
    """Give each scope a new token: its cached responses are gone for everyone."""
    cache = _cache()
    cache.set_many(
        {SCOPE_KEY_PREFIX + scope: secrets.token_hex(8) for scope in set(scopes)}
    )


def held_lock(cache, key, version=None):
    """Note the render lock this request took, to release it once done."""
    _held_lock.set((cache, key, version))


def _release_lock():
    held = _held_lock.get()
    if held is not None:
        cache, key, version = held
        cache.delete(key, version)


class PageScopeMiddleware:
    """Files the page cache's lookups and stores of a request under its scope.

    It sits above wagtail-cache's ``UpdateCacheMiddleware``, so both the
    lookups below it and the store on the way out see the same token. It only
    names the scope: the lookup reads the token (``found``), without a round
    trip of its own. Once the response is stored, it releases the render lock
    the lookup may have taken (clinic_site/page_cache.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not wagtailcache_settings.WAGTAIL_CACHE or request.method not in (
            "GET",
            "HEAD",
        ):
            return self.get_response(request)
        scope = _current_scope.set(scope_for(request.path))
        token = _current_token.set(None)
        lock = _held_lock.set(None)
        try:
            return self.get_response(request)
        finally:
            # The response is stored by now (below, on its way out), under the
            # token of the lock: requests waiting for it find it.
            _release_lock()
            _held_lock.reset(lock)
            _current_token.reset(token)
            _current_scope.reset(scope)
