"""Which Wagtail ``Site`` a request is for, kept in the shared cache.

Wagtail finds it with a query on every request that renders anything
(``Site.find_for_request``, which keeps the answer on the request only): about
2 ms of CPU each time for the same answer, on every page-cache miss, search and
404. ``SiteLookupMiddleware`` sets the request's site from ``clinic.memo``
instead, per host name and port, so it costs a round trip to the cache; the
memo is forgotten when content changes and whenever a ``Site`` is saved or
deleted (``clinic.memo.connect``). When the cache is down the memo
asks the database, as Wagtail would.

It sits below ``CommonMiddleware``, which refuses a Host outside
``ALLOWED_HOSTS``: only allowed names are kept.
"""

from django.http.request import split_domain_port
from wagtail.models import Site

from clinic.memo import memo


def find_site(request):
    """What ``Site.find_for_request`` would find for ``request``, memoised."""
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    return memo(f"site:{hostname}:{port}", lambda: Site._find_for_request(request))


class SiteLookupMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = find_site(request)
        return self.get_response(request)
