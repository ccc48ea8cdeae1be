"""Fresh form tokens in pages the page cache serves to everyone.

A treatment page is rendered once and served from the page cache to every
anonymous visitor (``clinic_site/page_cache.py``). A CSRF token or a form
timestamp rendered into that HTML would be the first visitor's, for everyone.
So the enquiry form renders two placeholders instead, and this middleware,
above the cache's storing half (``UpdateCacheMiddleware``), replaces them on
the way out of every response, from the cache or not:

* the CSRF placeholder with this visitor's masked CSRF token, setting the
  CSRF cookie when the visitor has none (the early cache fetch answers before
  ``CsrfViewMiddleware`` runs, so it is done here through that middleware);
* the form-token placeholder with a freshly signed timestamp
  (``enquiries/spam.py``).

The stored copy keeps the placeholders. A response that got a token is made
``Cache-Control: private`` (and ``Vary: Cookie``), so no shared proxy or CDN
keeps one visitor's token for another; the visitor's own browser may keep it
for ``PAGE_BROWSER_MAX_AGE`` as before. Responses without the placeholder
(every other page) pass through untouched.
"""

from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils.cache import patch_cache_control, patch_vary_headers

from . import spam

CSRF_PLACEHOLDER = "__enquiry_csrf_token__"
FORM_TOKEN_PLACEHOLDER = "__enquiry_form_token__"  # noqa: S105 (not a secret)
_CSRF = CSRF_PLACEHOLDER.encode()
_FORM = FORM_TOKEN_PLACEHOLDER.encode()


def _noop(request):  # pragma: no cover - CsrfViewMiddleware needs a callable
    return None


class FreshFormTokensMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._csrf = CsrfViewMiddleware(_noop)

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(response, "streaming", False)
            or not response.get("Content-Type", "").startswith("text/html")
            or _CSRF not in response.content
        ):
            return response
        if "CSRF_COOKIE" not in request.META:
            # Served before CsrfViewMiddleware ran: read the visitor's cookie.
            self._csrf.process_request(request)
        content = response.content.replace(_CSRF, get_token(request).encode())
        response.content = content.replace(_FORM, spam.new_token().encode())
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        # Sets the CSRF cookie if this visitor had none (or a stale one).
        self._csrf.process_response(request, response)
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ("Cookie",))
        return response
