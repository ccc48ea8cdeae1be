"""/search/ finds text inside every block, and never fails on odd input."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

from search.query import clean_query
from tests.conftest import SEED_URL
from treatments.models import TreatmentIndexPage, TreatmentPage


def results(response):
    soup = BeautifulSoup(response.content, "html.parser")
    items = soup.select("main ol.search-results > li")
    return [li.find("a")["href"] for li in items], soup


def test_database_backend_is_the_full_text_one(db):
    backend = get_search_backend()
    vendor = {"sqlite": "sqlite", "postgresql": "postgres"}[
        __import__("django.db").db.connection.vendor
    ]
    assert vendor in type(backend).__module__


@pytest.mark.parametrize(
    "query",
    [
        "baclofen",  # a paragraph
        "olfactory",  # only in the table
        "intrathecal",  # only in an FAQ answer
        "Meta-Analysis",  # only in the references
        "Lancet",  # only a reference's source
        "vocabulary",  # a case study (and a paragraph)
    ],
)
def test_finds_the_seed_page_by_words_inside_blocks(client, demo, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    hrefs, soup = results(response)
    assert hrefs == [SEED_URL]
    assert "1 result" in soup.select_one(".result-count").text
    item = soup.select_one("main ol.search-results > li")
    assert "127.0.0.1:8000" + SEED_URL in item.text


def test_drafts_and_private_pages_are_not_found(client, demo):
    from wagtail.models import PageViewRestriction

    index = TreatmentIndexPage.objects.get(locale=Locale.get_default())
    draft = TreatmentPage(
        title="Zebrafish draft", condition_name="x", summary="zebrafish", live=False
    )
    index.add_child(instance=draft)
    private = TreatmentPage(title="Zebrafish private", condition_name="x", summary="z")
    index.add_child(instance=private)
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    response = client.get("/search/", {"q": "zebrafish"})
    hrefs, soup = results(response)
    assert hrefs == []
    assert "No pages match" in soup.select_one(".empty-state").text


def test_results_are_paginated_with_stable_urls(client, demo, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 2
    index = TreatmentIndexPage.objects.get(locale=Locale.get_default())
    for number in range(4):
        page = TreatmentPage(
            title=f"Okapi therapy {number}", condition_name="okapi", summary="okapi"
        )
        index.add_child(instance=page)
        page.save_revision().publish()
    first, soup = results(client.get("/search/", {"q": "okapi"}))
    assert len(first) == 2
    next_link = soup.select_one("nav.pagination a[rel=next]")["href"]
    assert next_link == "?q=okapi&page=2"
    second, _ = results(client.get("/search/?q=okapi&page=2"))
    assert len(second) == 2 and not set(first) & set(second)
    assert soup.select_one("ol.search-results")["start"] == "1"


def test_empty_query_shows_a_friendly_prompt(client, demo):
    response = client.get("/search/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.text == "Search"
    assert soup.select("ol.search-results") == []
    assert "Type a word above" in soup.select_one("main").text


@pytest.mark.parametrize(
    "params",
    [
        {"q": "stem " * 1000},
        {"q": "stem\x00cell\x07\x1b[31m"},
        {"q": '"stem\' cell" OR 1=1; DROP TABLE wagtailcore_page; --'},
        {"q": "<script>alert(1)</script>"},
        {"q": "<img src=x onerror=alert(1)>"},
        {"q": "   \t  "},
        {"q": "stem", "page": "abc"},
        {"q": "stem", "page": "99999"},
        {"q": "stem", "page": "-3"},
        {"q": "stem", "page": "1e9999"},
        {"q": 'AND OR NOT ( ) * " : ^'},
    ],
)
def test_odd_input_returns_a_normal_page(client, demo, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "<img src=x" not in body
    soup = BeautifulSoup(body, "html.parser")
    assert soup.select_one("main h1") is not None
    shown = soup.select_one("#search-page-q")["value"]
    assert "\x00" not in shown and len(shown) <= settings.SEARCH_QUERY_MAX_LENGTH
    if params.get("q", "").startswith("<script>"):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_long_query_is_shortened_and_says_so(client, demo):
    response = client.get("/search/", {"q": "stem " * 1000})
    soup = BeautifulSoup(response.content, "html.parser")
    assert "shortened to its first 200 characters" in soup.select_one(".notice").text
    hrefs, _ = results(response)
    assert hrefs == [SEED_URL]


def test_out_of_range_page_shows_the_last_page(client, demo):
    hrefs, soup = results(client.get("/search/", {"q": "stem", "page": "99999"}))
    assert hrefs == [SEED_URL]


def test_clean_query():
    assert clean_query("  stem\x00 \n cell ") == ("stem cell", False)
    text, truncated = clean_query("a" * 500)
    assert truncated and len(text) == 200
    assert clean_query(None) == ("", False)


def test_search_terms_keep_words_only():
    from search.query import search_terms

    assert search_terms('"stem\' cell" OR (1=1);') == "stem cell OR 1 1"
    assert search_terms("çocuk felci") == "çocuk felci"
    assert search_terms("( ) * : ^") == ""
