"""Check that the external links on the site's live pages still answer.

``external_urls`` collects the links, ``check_all`` asks each server (a few at
a time), ``store_results`` keeps the last answer in ``OutboundLinkCheck`` and
``broken_links`` reads the failures back for the reports. The ``check_links``
command runs the whole round; the SEO audit reads the stored rows.

Only the standard library is used. Redirects are followed by hand, not by
urllib, because urllib turns a redirected HEAD into a GET and reports a
redirect loop as if it were the server's 3xx answer.
"""

import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from . import link_problems as reasons
from .content import extract
from .link_problems import problem, reason
from .models import OutboundLinkCheck

USER_AGENT = "ClinicCMS-LinkChecker/1.0"
MAX_REDIRECTS = 5
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# Many servers refuse HEAD (or answer it badly) but serve GET.
RETRY_WITH_GET = {403, 405, 501}
# Characters left as they are when a URL is percent-encoded: the reserved
# ones, and "%" so that an already-encoded URL is not encoded twice.
SAFE_CHARACTERS = "/%:@!$&'()*+,;=~"
ERROR_MAX_LENGTH = OutboundLinkCheck._meta.get_field("error").max_length
URL_MAX_LENGTH = OutboundLinkCheck._meta.get_field("url").max_length


@dataclass(frozen=True)
class LinkResult:
    url: str
    ok: bool
    status_code: int | None = None
    error: str = ""

    @property
    def problem(self):
        return problem(self.status_code, self.error)


def is_web_url(href):
    return urlsplit(href).scheme.lower() in {"http", "https"}


def external_urls(pages=None):
    """{external http(s) URL: [URLs of the live pages that link to it]}.

    ``pages`` defaults to every live page. URLs are kept exactly as the page
    has them, so they match what ``extract`` (and the SEO audit) sees.
    """
    if pages is None:
        pages = Page.objects.live().specific().order_by("path")
    found = {}
    for page in pages:
        content = extract(page.specific)
        page_url = content.url or page.url_path
        for link in content.links:
            if link.internal or not is_web_url(link.href):
                continue
            containing = found.setdefault(link.href, [])
            if page_url not in containing:
                containing.append(page_url)
    return found


def _request_url(url):
    """``url`` as it is sent (percent-encoded), or None if it is no web URL."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"} or not parts.hostname:
        return None
    netloc = parts.netloc
    if not netloc.isascii():
        try:
            host = parts.hostname.encode("idna").decode("ascii")
        except UnicodeError:
            return None
        netloc = f"{host}:{port}" if port else host
    path = quote(parts.path or "/", safe=SAFE_CHARACTERS)
    query = quote(parts.query, safe=SAFE_CHARACTERS + "?")
    return urlunsplit((scheme, netloc, path, query, ""))


def _opener():
    """An opener that returns every response as it is: no redirects, no errors."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
    ):
        opener.add_handler(handler)
    return opener


def _describe(error, timeout):
    """A short, human description of a failed request, untranslated (it is
    stored; ``problem`` translates it for whoever reads it)."""
    if isinstance(error, urllib.error.URLError) and isinstance(
        error.reason, BaseException
    ):
        error = error.reason
    if isinstance(error, TimeoutError):
        return reason(reasons.TIMED_OUT, seconds=f"{timeout:g}")
    if isinstance(error, ConnectionRefusedError):
        return reason(reasons.CONNECTION_REFUSED)
    if isinstance(error, socket.gaierror):
        return reason(reasons.HOST_NOT_FOUND)
    if isinstance(error, ssl.SSLCertVerificationError):
        return reason(reasons.TLS_CERTIFICATE, detail=error.verify_message)
    if isinstance(error, ssl.SSLError):
        detail = (error.reason or "").replace("_", " ").lower()
        if detail:
            return reason(reasons.TLS_ERROR_DETAIL, detail=detail)
        return reason(reasons.TLS_ERROR)
    if isinstance(error, http.client.RemoteDisconnected):
        return reason(reasons.CLOSED)
    if isinstance(error, ConnectionResetError):
        return reason(reasons.RESET)
    if isinstance(error, http.client.HTTPException):
        return reason(reasons.NOT_HTTP)
    if isinstance(error, ValueError):
        return reason(reasons.INVALID_URL)
    if isinstance(error, OSError):
        detail = error.strerror or type(error).__name__
        return reason(reasons.CONNECTION_FAILED, detail=detail)
    return reason(reasons.CHECK_FAILED, detail=type(error).__name__)


def _fetch(opener, url, method, timeout):
    """(status, Location header) of one request; the body is never read."""
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    # Only http(s) URLs get here (``_request_url``), and the opener has no
    # handler for any other scheme.
    request = urllib.request.Request(url, method=method, headers=headers)  # noqa: S310
    response = opener.open(request, timeout=timeout)
    try:
        return response.status, response.headers.get("Location")
    finally:
        response.close()


def check_url(url, timeout):
    """Ask the server for ``url``; never raises.

    HEAD first, then GET if the server refuses HEAD; redirects are followed
    up to ``MAX_REDIRECTS``. ``timeout`` (seconds) bounds the whole check,
    redirects included.
    """
    current = _request_url(url)
    if current is None:
        return LinkResult(url, ok=False, error=reason(reasons.INVALID_URL))
    deadline = time.monotonic() + timeout
    opener = _opener()
    method = "HEAD"
    redirects = 0
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            status, location = _fetch(opener, current, method, remaining)
            if method == "HEAD" and status in RETRY_WITH_GET:
                method = "GET"
                continue
            if status not in REDIRECT_STATUSES or not location:
                return LinkResult(url, ok=status < 400, status_code=status)
            if redirects == MAX_REDIRECTS:
                error = reason(reasons.TOO_MANY_REDIRECTS, count=redirects)
                return LinkResult(url, ok=False, error=error)
            redirects += 1
            current = _request_url(urljoin(current, location.strip()))
            if current is None:
                error = reason(reasons.REDIRECTS_TO_INVALID)
                return LinkResult(url, ok=False, error=error)
    except Exception as error:  # a check reports what went wrong, never raises
        return LinkResult(url, ok=False, error=_describe(error, timeout))


def check_all(urls, timeout, concurrency):
    """One ``LinkResult`` per distinct URL, in order, ``concurrency`` at a time."""
    urls = list(dict.fromkeys(urls))
    if not urls:
        return []
    with ThreadPoolExecutor(max_workers=min(concurrency, len(urls))) as executor:
        return list(executor.map(lambda url: check_url(url, timeout), urls))


@transaction.atomic
def store_results(results, now=None, site_urls=None):
    """Save ``results`` and forget URLs that are no longer on the site.

    ``site_urls`` (any collection of URLs, such as ``external_urls()``) is
    what the site links to now; it is computed when not given. Rows for other
    URLs are deleted, except those just checked. URLs longer than the column
    are not stored.
    """
    now = now or timezone.now()
    for result in results:
        if len(result.url) > URL_MAX_LENGTH:
            continue
        OutboundLinkCheck.objects.update_or_create(
            url=result.url,
            defaults={
                "ok": result.ok,
                "status_code": result.status_code,
                "error": result.error[:ERROR_MAX_LENGTH],
                "checked_at": now,
            },
        )
    if site_urls is None:
        site_urls = external_urls()
    keep = set(site_urls) | {result.url for result in results}
    stale = [
        pk
        for pk, url in OutboundLinkCheck.objects.values_list("pk", "url")
        if url not in keep
    ]
    OutboundLinkCheck.objects.filter(pk__in=stale).delete()


def broken_links(site_urls=None):
    """The stored failures of links still on the site, with their pages.

    ``site_urls`` is ``external_urls()``'s mapping; it is computed when not
    given. Failures of links that have since been removed are left out.
    """
    if site_urls is None:
        site_urls = external_urls()
    return [
        {
            "url": check.url,
            "status_code": check.status_code,
            "error": check.error,
            "problem": problem(check.status_code, check.error),
            "checked_at": check.checked_at,
            "pages": sorted(site_urls[check.url]),
        }
        for check in OutboundLinkCheck.objects.filter(ok=False)
        if check.url in site_urls
    ]
