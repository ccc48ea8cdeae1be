"""Suggestions as you type: the JSON endpoint and the header's search box."""

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from wagtail.models import PageViewRestriction

from tests.conftest import SEED_URL

ODD_INPUTS = [
    "",
    "   \t ",
    "stem " * 1000,
    "stem\x00cell\x07\x1b[31m",
    '"stem\' cell" OR 1=1; DROP TABLE wagtailcore_page; --',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    'AND OR NOT ( ) * " : ^ NEAR',
    "ﷺ𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
]


def suggest(client, query, path="/search/suggest/"):
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_suggests_pages_whose_title_starts_with_the_words(client, demo):
    for typed in ("ste", "Stem Cell", "stem cell therapy for cer", "CEREBRAL"):
        data = suggest(client, typed)
        assert data["suggestions"] == [
            {"title": "Stem Cell Therapy for Cerebral Palsy", "url": SEED_URL}
        ], typed


def test_no_suggestions_for_a_single_character(client, demo):
    assert suggest(client, "s")["suggestions"] == []


def test_only_live_public_pages_are_suggested(client, make_page):
    make_page("Stemma draft", publish=False)
    private = make_page("Stemma private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    public = make_page("Stemma public")
    data = suggest(client, "stemma")
    assert [s["url"] for s in data["suggestions"]] == [public.url]


@pytest.mark.parametrize("query", ODD_INPUTS)
def test_odd_input_gets_valid_json(client, demo, query):
    data = suggest(client, query)
    assert set(data) == {"query", "suggestions"}
    assert isinstance(data["suggestions"], list)
    assert "\x00" not in data["query"] and len(data["query"]) <= 200


@pytest.mark.parametrize("path", ["/search/suggest/", "/search/"])
def test_malformed_query_strings_are_answered(client, demo, path):
    for raw in ("q=%ff%fe%00", "q=%", "q=a&q=b", "page=%zz&q=stem", "q[]=x"):
        response = client.get(f"{path}?{raw}")
        assert response.status_code == 200, raw
        if path.endswith("suggest/"):
            assert set(json.loads(response.content)) == {"query", "suggestions"}


def test_the_header_search_box_is_progressively_enhanced(client, demo):
    response = client.get(SEED_URL)
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("header form.site-search")
    # Without JavaScript it is a plain GET form to the search page.
    assert form["action"] == "/search/" and form["method"] == "get"
    assert form.select_one("input[name=q]")["type"] == "search"
    assert form.select_one("button[type=submit]") is not None
    # No ARIA combobox roles in the HTML: the script adds them when it runs.
    assert form.select_one("[role=combobox]") is None
    assert form["data-suggest-url"] == "/search/suggest/"
    script = form.select_one("script")
    assert script["src"] == "/static/js/search-suggest.js"
    assert script.has_attr("defer")
    assert script.string is None or not script.string.strip()


def test_no_inline_script_on_the_search_page(client, demo):
    response = client.get("/search/", {"q": "stem"})
    soup = BeautifulSoup(response.content, "html.parser")
    for script in soup.find_all("script"):
        assert script.has_attr("src") or script.get("type") == "application/ld+json"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_turkish_pages_get_the_turkish_endpoints(client, turkish):
    soup = BeautifulSoup(client.get("/tr/search/").content, "html.parser")
    form = soup.select_one("header form.site-search")
    assert form["action"] == "/tr/search/"
    assert form["data-suggest-url"] == "/tr/search/suggest/"


def test_the_script_is_served_and_self_contained(client, demo):
    path = finders.find("js/search-suggest.js")
    source = Path(path).read_text(encoding="utf-8")
    # Served by the site itself, from no CDN, and it loads nothing else.
    response = client.get("/static/js/search-suggest.js")
    assert response.status_code == 200
    assert "http://" not in source and "https://" not in source
    assert "innerHTML" not in source and "eval(" not in source
    # The ARIA combobox pattern and its keys.
    for needed in (
        '"combobox"',
        '"listbox"',
        '"option"',
        "aria-expanded",
        "aria-activedescendant",
        "aria-selected",
        '"ArrowDown"',
        '"ArrowUp"',
        '"Enter"',
        '"Escape"',
    ):
        assert needed in source, needed
