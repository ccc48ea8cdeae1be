"""The request's Wagtail Site comes from the shared cache (site_lookup.py)."""

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from clinic_site.site_lookup import find_site


def site_queries(queries):
    return [
        q["sql"] for q in queries.captured_queries if "wagtailcore_site" in q["sql"]
    ]


def test_a_render_asks_the_database_for_the_site_once_per_content_generation(demo):
    Client().get("/no-such-address/")  # fills the memos
    with CaptureQueriesContext(connection) as queries:
        response = Client().get("/another-address-that-is-not-here/")
    assert response.status_code == 404
    assert site_queries(queries) == []


@pytest.mark.parametrize("host", ["localhost", "testserver", "127.0.0.1:8000"])
def test_the_same_site_as_wagtail_finds(demo, host):
    request = RequestFactory().get("/", HTTP_HOST=host)
    assert find_site(request) == Site._find_for_request(request)
    assert find_site(request) == Site._find_for_request(request)  # memoised


def test_a_site_change_is_seen_at_once(demo, settings):
    settings.ALLOWED_HOSTS = ["*"]
    default = Site.objects.get(is_default_site=True)
    request = RequestFactory().get("/", HTTP_HOST="clinic.example")
    assert find_site(request) == default
    other = Site.objects.create(
        hostname="clinic.example",
        port=80,
        root_page=Page.objects.get(pk=default.root_page_id),
        site_name="Another",
    )
    request = RequestFactory().get("/", HTTP_HOST="clinic.example")
    assert find_site(request) == other
    other.delete()
    request = RequestFactory().get("/", HTTP_HOST="clinic.example")
    assert find_site(request) == default
