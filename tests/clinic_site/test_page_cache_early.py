"""Anonymous visitors are answered from the page cache before the rest of the stack.

clinic_site/page_cache.py: a request without a session, CSRF or messages cookie
is served right below wagtail-cache's UpdateCacheMiddleware, without running the
session, locale, CSRF, authentication, messages or header middlewares; the
stored response already carries their headers. Any other request goes the late
way, where request.user decides as before.

Treatment pages carry the enquiry form, whose CSRF and form tokens are filled
in per visitor above the cache (enquiries/middleware.py): such a response sets
the CSRF cookie, so "a visitor" here is a fresh, cookie-less client each time
an early answer is meant, and bodies are compared with the tokens normalised.
"""

import re
from contextlib import ExitStack
from datetime import timedelta
from unittest import mock
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.middleware import SessionMiddleware
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.locale import LocaleMiddleware
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.models import Locale

from clinic_site.page_cache import LateFetchFromCacheMiddleware
from clinic_site.page_scopes import SCOPE_KEY_PREFIX
from enquiries import middleware as form_tokens
from tests.conftest import SEED_SLUG, SEED_URL

# Middlewares below the early fetch, and a method each runs on every request
# that reaches it (LocaleMiddleware's process_request also runs early, by
# design, so its way out is counted).
BELOW = {
    "session": (SessionMiddleware, "process_request"),
    "locale": (LocaleMiddleware, "process_response"),
    "csrf": (CsrfViewMiddleware, "process_request"),
    "auth": (AuthenticationMiddleware, "process_request"),
    "messages": (MessageMiddleware, "process_request"),
    "late fetch": (LateFetchFromCacheMiddleware, "process_request"),
}
NONE_REACHED = dict.fromkeys(BELOW, 0)
ALL_REACHED = dict.fromkeys(BELOW, 1)

SECURITY_HEADERS = [
    "Content-Security-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
]


def _in_the_stack(call):
    """A call made by the middleware itself, not by FreshFormTokensMiddleware,
    which reads the visitor's CSRF cookie through a CsrfViewMiddleware of its
    own (above the cache, on hits and misses alike)."""
    return call.args[0].get_response is not form_tokens._noop


@pytest.fixture
def reached():
    """reached() → {middleware: calls since the last reached()}."""
    with ExitStack() as stack:
        spies = {
            name: stack.enter_context(
                mock.patch.object(
                    cls, method, autospec=True, side_effect=getattr(cls, method)
                )
            )
            for name, (cls, method) in BELOW.items()
        }

        def counts():
            result = {
                name: sum(map(_in_the_stack, spy.call_args_list))
                for name, spy in spies.items()
            }
            for spy in spies.values():
                spy.reset_mock()
            return result

        yield counts


@pytest.fixture
def demo(demo):
    """The English seed page (the demo site has a Turkish translation too)."""
    from treatments.models import TreatmentPage

    return TreatmentPage.objects.get(slug=SEED_SLUG, locale__language_code="en")


@pytest.fixture
def turkish(demo):
    """The demo site's Turkish home page, live under /tr/."""
    home = demo.get_parent().get_parent().specific
    home_tr = home.get_translation(Locale.objects.get(language_code="tr"))
    assert home_tr.live
    return home_tr


def visit(url, *args, method="get", **kwargs):
    """A request from a new anonymous visitor, with no cookie at all."""
    return getattr(Client(), method)(url, *args, **kwargs)


TOKEN_VALUES = re.compile(
    rb'(name="(?:csrfmiddlewaretoken|form_token)" value=")([^"]*)(")'
)


def visitor_tokens(response):
    return [m[2] for m in TOKEN_VALUES.finditer(response.content)]


def normalised(response):
    """The body with this visitor's form tokens blanked out; a placeholder
    left in it (not replaced on the way out) fails."""
    content = response.content
    assert form_tokens._CSRF not in content
    assert form_tokens._FORM not in content
    return TOKEN_VALUES.sub(rb"\1\3", content)


def headers(response):
    """Every header but the cache's own hit/miss mark."""
    return {
        name: value for name, value in response.items() if name != "X-Wagtail-Cache"
    }


def html_lang(response):
    return BeautifulSoup(response.content, "html.parser").html["lang"]


def test_an_anonymous_hit_runs_no_middleware_below_the_cache_and_no_query(
    client, demo, reached
):
    first = client.get(SEED_URL)
    assert first["X-Wagtail-Cache"] == "miss"
    assert reached() == ALL_REACHED
    with CaptureQueriesContext(connection) as queries:
        second = visit(SEED_URL)
    assert second.status_code == 200
    assert second["X-Wagtail-Cache"] == "hit"
    assert reached() == NONE_REACHED
    assert len(queries) == 0
    assert normalised(second) == normalised(first)


def test_head_requests_are_answered_early_too(client, demo, reached):
    assert visit(SEED_URL, method="head")["X-Wagtail-Cache"] == "miss"
    reached()
    second = visit(SEED_URL, method="head")
    assert second.status_code == 200
    assert second["X-Wagtail-Cache"] == "hit"
    assert reached() == NONE_REACHED


@pytest.mark.parametrize("url", ["/", SEED_URL, "/search/?q=baclofen"])
def test_a_hit_has_the_headers_and_body_of_the_miss_that_stored_it(
    client, demo, reached, url
):
    miss = visit(url)
    assert miss["X-Wagtail-Cache"] == "miss"
    reached()
    hit = visit(url)
    assert hit["X-Wagtail-Cache"] == "hit"
    assert reached() == NONE_REACHED
    assert hit.status_code == miss.status_code == 200
    for header in SECURITY_HEADERS:
        assert hit[header] == miss[header], header
    assert "default-src 'self'" in hit["Content-Security-Policy"]
    assert "camera=()" in hit["Permissions-Policy"]
    assert hit["X-Frame-Options"] == "SAMEORIGIN"
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["Referrer-Policy"] == "strict-origin-when-cross-origin"
    if url == SEED_URL:
        # The enquiry form's tokens are this visitor's: never in a shared cache.
        assert hit["Cache-Control"] == "max-age=60, private"
        assert "Cookie" in hit["Vary"]
        for response in (miss, hit):
            assert response.cookies[settings.CSRF_COOKIE_NAME].value
            assert len(visitor_tokens(response)) == 2
        assert visitor_tokens(hit) != visitor_tokens(miss)
    else:
        assert hit["Cache-Control"] == "public, max-age=60"
        assert visitor_tokens(hit) == []
    assert headers(hit) == headers(miss)
    assert normalised(hit) == normalised(miss)


def test_a_redirect_to_the_slashed_address_keeps_the_headers_added_on_the_way_out(
    client, demo, reached
):
    """CommonMiddleware makes it above the header middlewares, so it is stored
    without their headers; from the cache it is served the late way, below
    them, and gets them as it always did."""
    miss = client.get("/treatments")
    assert (miss.status_code, miss["Location"]) == (301, "/treatments/")
    reached()
    hit = client.get("/treatments")
    assert (hit.status_code, hit["Location"]) == (301, "/treatments/")
    assert hit["X-Wagtail-Cache"] == "hit"
    assert reached()["late fetch"] == 1
    assert hit["X-Frame-Options"] == "SAMEORIGIN"
    assert "default-src 'self'" in hit["Content-Security-Policy"]
    assert "camera=()" in hit["Permissions-Policy"]


def test_english_and_turkish_pages_stay_apart_in_the_cache(client, turkish, reached):
    english = visit("/")
    turkish_home = visit("/tr/")
    assert (english["X-Wagtail-Cache"], turkish_home["X-Wagtail-Cache"]) == (
        "miss",
        "miss",
    )
    assert english.content != turkish_home.content
    reached()
    # Alternating, so that each is looked up right after a page in the other
    # language.
    for _ in range(2):
        for url, first, language in (
            ("/", english, "en"),
            ("/tr/", turkish_home, "tr"),
        ):
            hit = visit(url)
            assert hit["X-Wagtail-Cache"] == "hit", url
            assert hit["Content-Language"] == html_lang(hit) == language
            assert normalised(hit) == normalised(first)
            assert headers(hit) == headers(first)
    assert reached() == NONE_REACHED


def test_accept_language_does_not_change_the_language_of_a_cached_page(client, turkish):
    """The language comes from the path alone; Django keys the cache by it
    (and then leaves Accept-Language out of the key), so asking for another
    language in the header finds the same copy."""
    plain = visit("/")
    turkish_home = visit("/tr/")
    for url, first, language, asked in (
        ("/", plain, "en", "tr"),
        ("/tr/", turkish_home, "tr", "en"),
    ):
        response = visit(url, HTTP_ACCEPT_LANGUAGE=asked)
        assert response["X-Wagtail-Cache"] == "hit"
        assert response["Content-Language"] == html_lang(response) == language
        assert normalised(response) == normalised(first)


def test_a_cached_search_is_counted_in_its_own_language(client, turkish, reached):
    """The counter, above the early fetch, normalises the query in the page's
    language (Turkish "I" is dotless), although LocaleMiddleware did not run."""
    # Both home pages once first: the first render creates the SEO settings,
    # and saving those clears the page cache.
    visit("/")
    visit("/tr/")
    assert visit("/search/", {"q": "INTRATHECAL"})["X-Wagtail-Cache"] == "miss"
    # The last page rendered (the thread's active language) is Turkish.
    assert visit("/tr/search/", {"q": "kök"})["X-Wagtail-Cache"] == "miss"
    reached()
    hit = visit("/search/", {"q": "INTRATHECAL"})
    assert hit["X-Wagtail-Cache"] == "hit"
    assert reached() == NONE_REACHED
    hits = QueryDailyHits.objects.get(query__query_string="intrathecal")
    assert hits.hits == 2
    assert set(Query.objects.values_list("query_string", flat=True)) == {
        "intrathecal",
        "kök",
    }


def test_a_miss_looks_in_the_cache_once(client, demo, monkeypatch):
    """The late fetch does not look again for what the early one did not find.

    Only lookups of the page's entries count: the early lookup reads the path's
    scope token (once) together with the list of headers."""
    visit(SEED_URL)  # stores the page and the list of headers it varies on
    pages = caches["pages"]
    lookups = []
    real_get = pages.get

    def get_with_the_page_evicted(key, *args, **kwargs):
        lookups.append(key)
        if "cache_page" in key:
            return None
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(pages, "get", get_with_the_page_evicted)
    response = visit(SEED_URL)
    assert response.status_code == 200
    assert response["X-Wagtail-Cache"] == "miss"
    scope_lookups = [key for key in lookups if key.startswith(SCOPE_KEY_PREFIX)]
    assert scope_lookups == [SCOPE_KEY_PREFIX + SEED_URL]
    page_lookups = [key for key in lookups if key not in scope_lookups]
    assert len(page_lookups) == 2
    assert "cache_header" in page_lookups[0]
    assert "cache_page" in page_lookups[1]


def test_a_signed_in_editor_never_gets_the_anonymous_copy(
    client, admin_client, demo, reached
):
    anonymous = visit(SEED_URL)
    visit(SEED_URL)
    reached()
    response = admin_client.get(SEED_URL)
    assert response.status_code == 200
    assert reached() == ALL_REACHED
    assert response["X-Wagtail-Cache"] == "skip"
    assert "no-cache" in response["Cache-Control"]
    assert "wagtail-userbar" in response.content.decode()
    assert normalised(response) != normalised(anonymous)
    again = visit(SEED_URL)
    assert again["X-Wagtail-Cache"] == "hit"
    assert "wagtail-userbar" not in again.content.decode()


def expired_session_key():
    session = SessionStore()
    session["_auth_user_id"] = "1"
    session.create()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    return session.session_key


@pytest.mark.parametrize(
    "cookie",
    ["expired session", "unknown session", "csrf", "messages"],
)
def test_a_visitor_with_a_cookie_of_state_goes_the_late_way(
    client, demo, reached, cookie
):
    anonymous = visit(SEED_URL)
    name, value = {
        "expired session": (settings.SESSION_COOKIE_NAME, expired_session_key()),
        "unknown session": (settings.SESSION_COOKIE_NAME, "no-such-session-key"),
        "csrf": (settings.CSRF_COOKIE_NAME, "x" * 32),
        "messages": ("messages", "not-a-valid-signed-value"),
    }[cookie]
    visitor = Client()
    visitor.cookies[name] = value
    reached()
    response = visitor.get(SEED_URL)
    assert response.status_code == 200
    assert reached() == ALL_REACHED
    # Anonymous after all, so the late fetch answers from the cache.
    assert response["X-Wagtail-Cache"] == "hit"
    assert normalised(response) == normalised(anonymous)
    if name == settings.SESSION_COOKIE_NAME:
        # The dead session cookie is cleared, as before.
        assert response.cookies[name].value == ""


def test_a_preview_is_never_the_cached_live_page(client, demo):
    """Also a preview made up without the editor's request (no cookies)."""
    url = urlsplit(demo.full_url)
    live = visit(url.path, HTTP_HOST=url.netloc)
    assert live["X-Wagtail-Cache"] == "miss"
    assert visit(url.path, HTTP_HOST=url.netloc)["X-Wagtail-Cache"] == "hit"
    draft = demo.get_latest_revision_as_object()
    draft.title = "A draft title only the preview shows"
    preview = draft.make_preview_request()
    assert preview.status_code == 200
    assert preview["X-Wagtail-Cache"] == "skip"
    assert "A draft title only the preview shows" in preview.content.decode()
    after = visit(url.path, HTTP_HOST=url.netloc)
    assert after["X-Wagtail-Cache"] == "hit"
    assert normalised(after) == normalised(live)


def test_a_request_for_another_host_is_refused_as_before(client, demo):
    client.get(SEED_URL)
    response = client.get(SEED_URL, HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert response["X-Wagtail-Cache"] == "skip"


def test_nothing_is_answered_early_with_the_page_cache_off(client, demo, settings):
    settings.WAGTAIL_CACHE = False
    visit(SEED_URL)
    with CaptureQueriesContext(connection) as queries:
        response = visit(SEED_URL)
    assert response.status_code == 200
    assert "X-Wagtail-Cache" not in response
    assert len(queries) > 0
