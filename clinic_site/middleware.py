"""Response headers the site sets itself, and the load balancer's health probe."""

from django.conf import settings
from django.utils.cache import patch_cache_control


class PageCacheControlMiddleware:
    """Tell browsers how long they may keep a page served from the page cache.

    wagtail-cache writes ``max-age`` equal to its own server-side timeout (a
    day) into the response, so a browser would keep showing a page for a day
    after an editor publishes a change. The server's copy is cleared on
    publish; browsers only get ``PAGE_BROWSER_MAX_AGE`` seconds (default 60).
    Responses wagtail-cache skipped (logged-in users, the admin, previews)
    keep their own no-cache/private headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        status = response.get(settings.WAGTAIL_CACHE_HEADER)
        if status in {"hit", "miss"}:
            if "Cache-Control" in response:
                del response["Cache-Control"]
            if "Expires" in response:
                del response["Expires"]
            patch_cache_control(
                response, public=True, max_age=settings.PAGE_BROWSER_MAX_AGE
            )
        return response


class HealthProbeMiddleware:
    """Answer ``GET /healthz`` before the HTTPS redirect and the host check.

    A load balancer probes each app server directly: over plain HTTP, by the
    server's own address. Below this, Django's ``SecurityMiddleware`` would
    redirect it to HTTPS (``SECURE_SSL_REDIRECT``) and ``CommonMiddleware``
    would refuse its ``Host`` (400), so every healthy server would look down.
    The answer says only ok, degraded or down, nothing of the site, so it is
    given whatever the host or scheme; every other request goes on as before.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz" and request.method == "GET":
            from .health import healthz

            return healthz(request)
        return self.get_response(request)
