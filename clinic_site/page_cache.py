"""Serve anonymous visitors from the page cache before the rest of the stack runs.

wagtail-cache's ``FetchFromCacheMiddleware`` has to sit below the session,
authentication and two-factor middlewares, because it asks ``request.user``
whether the visitor is signed in. So every cache hit used to run about a dozen
middlewares (a session lookup, CSRF, 2FA, messages, header writers) only to
return a stored response that already carries every header they add:
``UpdateCacheMiddleware`` stores it on the way out, after all of them.

A request without a session, CSRF or messages cookie cannot belong to a signed-in
user nor carry state of its own, so ``AnonymousFetchFromCacheMiddleware``, right
below ``UpdateCacheMiddleware``, answers it from the cache at once. Any other
request goes on to ``LateFetchFromCacheMiddleware`` at the old place, which
decides with ``request.user`` as before (signed-in editors are never served the
anonymous copy, and get the Wagtail user bar).

Both read the page's scope token (clinic_site/page_scopes.py) in the same round
trip as the list of headers the page varies on (``TokenWithHeaders``): a hit
costs two round trips to the cache, the list with the token, then the page.

After a publish, the pages it renewed are asked for by many visitors at once,
on every server, and each would render the same page again (under load the
servers often rendered a search page twice per publish, ~35 ms of CPU each).
So a miss of a page whose entry is known (its list of headers is cached)
first takes a short lock in Redis under the same key and token: the one that
gets it renders; the others wait for its entry, polling the cache (idle, no
CPU) for at most ``PAGE_CACHE_RENDER_WAIT`` seconds, then render themselves.
The entry they get is filed under the token they read before the lock, so it
is one their own render could have stored: a request that began after a
publish has the new token and never waits for a render from before it.
"""

import math
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import DisallowedHost
from django.middleware.locale import LocaleMiddleware
from wagtailcache import cache as wagtailcache
from wagtailcache.settings import wagtailcache_settings

from . import page_scopes

# Set on a request the early middleware looked up (and did not answer).
LOOKED_EARLY = "_page_cache_looked_early"
# Statuses of the stored responses the early middleware serves: those a view
# made, which passed every middleware and carry all their headers. A redirect
# may instead come from CommonMiddleware (to the address with a slash), made
# above the header middlewares and stored without their headers: it is left to
# the late fetch, below them, so that they add them on the way out, as before.
SERVED_EARLY = frozenset({200, 404})
# The lock of a page being rendered, under the page's own key and token.
RENDER_LOCK_PREFIX = "render-lock:"


class TokenWithHeaders:
    """The page cache as wagtail-cache's lookup sees it: reading the list of
    headers a page varies on also reads the request's scope token, in one
    ``get_many`` (one round trip to Redis). Everything else goes to the cache
    as it is."""

    def __init__(self, cache):
        self._cache = cache

    def __getattr__(self, name):
        return getattr(self._cache, name)

    def get(self, key, default=None, version=None):
        scope_key = page_scopes.current_scope_key()
        if key.startswith(page_scopes.HEADER_KEY_PREFIX) and scope_key is not None:
            values = self._cache.get_many([scope_key, key], version)
            page_scopes.found(values.get(scope_key))
            return values.get(key, default)
        value = self._cache.get(key, default, version)
        if value is default and not key.startswith(page_scopes.HEADER_KEY_PREFIX):
            return self._wait_for_render(key, default, version)
        return value

    def _wait_for_render(self, key, default, version):
        """A page's entry another request is rendering, or ``default`` if this
        request is to render it (it took the lock, or waited long enough)."""
        wait = settings.PAGE_CACHE_RENDER_WAIT
        circuit = getattr(self._cache, "circuit", None)
        if not wait or circuit is None or circuit.is_down:
            return default  # no Redis to share the lock through
        lock = RENDER_LOCK_PREFIX + key
        if self._cache.add(lock, 1, timeout=math.ceil(wait), version=version):
            # Released once the response is stored (PageScopeMiddleware).
            page_scopes.held_lock(self._cache, lock, version)
            return default
        deadline = time.monotonic() + wait
        pause = 0.01
        while time.monotonic() < deadline and not circuit.is_down:
            time.sleep(pause)
            found = self._cache.get_many([key, lock], version)
            if key in found:
                return found[key]
            if lock not in found:
                return default  # rendered but not stored: render it here
            pause = min(pause * 1.5, 0.05)
        return default


class ScopedFetchFromCacheMiddleware(wagtailcache.FetchFromCacheMiddleware):
    """wagtail-cache's lookup, with the scope token read alongside
    (``TokenWithHeaders``), and read before the view runs whatever the lookup
    found: a render is then stored under the token it began with."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self._wagcache = TokenWithHeaders(self._wagcache)

    def process_request(self, request):
        response = super().process_request(request)
        if getattr(request, "_wagtailcache_update", False):
            page_scopes.current_token()
        return response


def may_be_signed_in(request):
    """Whether the request could carry a user or state of its own.

    A session cookie (a signed-in user, a password-protected page's unlock, a
    preview), a CSRF cookie (the visitor has a form open) or a messages cookie
    (a message waiting to be shown): its response may differ from the anonymous
    one, so only the late fetch, which knows ``request.user``, may decide.
    """
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME in cookies
        or settings.CSRF_COOKIE_NAME in cookies
        or CookieStorage.cookie_name in cookies
    )


def is_preview(request):
    """Whether the request is one Wagtail made up to render a preview.

    ``Page.make_preview_request`` passes its request through the middleware
    before it sets ``is_preview`` (which wagtail-cache checks), flagging it
    ``is_dummy``; without the editor's request to copy, it carries no cookies.
    """
    return getattr(request, "is_dummy", False) or getattr(request, "is_preview", False)


class AnonymousFetchFromCacheMiddleware(ScopedFetchFromCacheMiddleware):
    """wagtail-cache's lookup, for cookie-less GET and HEAD requests only.

    Two things the middlewares below would have done first are done here too,
    so that the lookup and a hit behave exactly as they did there:

    * The language is activated as ``LocaleMiddleware`` will activate it (from
      the path). Django keys cached pages by the active language, and
      ``LocaleMiddleware`` has not run yet: the thread still holds the previous
      request's language, so after a Turkish page an English one would be
      looked up under the Turkish key, and miss. Activating it, not only keying
      by it, also lets the search counter above normalise a cached query in the
      page's language (Turkish "I" is dotless).
    * A request with a Host header outside ``ALLOWED_HOSTS`` is left alone, so
      that ``CommonMiddleware`` refuses it with a 400 as before (the lookup
      would log it as a cache error).

    The lookup strips tracking query parameters and cookies from the request,
    as wagtail-cache's always did before the view; the middlewares in between
    now see it stripped too, and none of them reads those (the language comes
    from the path alone, English unprefixed and Turkish under ``/tr/``).
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self._locale = LocaleMiddleware(get_response)

    def process_request(self, request):
        if (
            not wagtailcache_settings.WAGTAIL_CACHE
            or request.method not in ("GET", "HEAD")
            or is_preview(request)
            or may_be_signed_in(request)
        ):
            return None
        try:
            request.get_host()
        except DisallowedHost:
            return None
        self._locale.process_request(request)
        response = super().process_request(request)
        if response is not None and response.status_code not in SERVED_EARLY:
            # Looked up again, and served, by the late fetch.
            return None
        setattr(request, LOOKED_EARLY, True)
        return response


class LateFetchFromCacheMiddleware(ScopedFetchFromCacheMiddleware):
    """wagtail-cache's lookup for the requests the early one did not answer.

    When the early middleware already looked (and missed, or the cache failed),
    looking again would only cost a second cache round trip: the visitor has no
    session, so ``request.user`` is anonymous and the answer is the same. The
    check on ``request.user`` stays, in case another way of signing in is added.

    Previews are skipped here too: wagtail-cache only recognises them once the
    view has run, so a preview rendered without the editor's request (no
    session cookie) could otherwise be answered with the live page.
    """

    def process_request(self, request):
        if is_preview(request):
            # Never the live page's cached copy in place of a preview.
            request._wagtailcache_update = False
            request._wagtailcache_skip = True
            return None
        if getattr(request, LOOKED_EARLY, False) and not request.user.is_authenticated:
            return None
        return super().process_request(request)
