"""Hostile and odd input: a normal page, escaped, with bounded work."""

import pytest
from bs4 import BeautifulSoup

from search.models import SearchSynonym

ODD_QUERIES = [
    "",
    "   \t\n ",
    "stem " * 1000,
    "x" * 5000,
    "stem\x00cell\x07\x1b[31m\u202e",
    '"stem\' cell" OR 1=1; DROP TABLE wagtailcore_page; --',
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    'AND OR NOT NEAR ( ) * " : ^ { } -',
    "%00%27%22",
    "İIıi ŞşĞğ",
]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_give_a_normal_page_fast(
    client, demo, query, settings, django_assert_max_num_queries
):
    settings.WAGTAIL_CACHE = False
    client.get("/")  # the site's root paths, cached for every request after
    with django_assert_max_num_queries(45):
        response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert" not in body and "<img src=x" not in body
    soup = BeautifulSoup(body, "html.parser")
    shown = soup.select_one("#search-page-q")["value"]
    assert len(shown) <= 200 and "\x00" not in shown
    assert soup.select_one("#search-page-hint").text == "Up to 200 characters."
    if query.strip() and "<" in query:
        assert "&lt;" in str(soup.h1)


def test_a_synonym_with_markup_is_escaped(client, demo):
    SearchSynonym.objects.create(
        term="<b>cp</b>", equivalents="cerebral palsy, <script>x</script>"
    )
    response = client.get("/search/", {"q": "<b>cp</b>"})
    body = response.content.decode()
    assert "<script>x" not in body and "<b>cp" not in body
    hrefs = [
        li.a["href"]
        for li in BeautifulSoup(body, "html.parser").select(
            "main ol.search-results > li"
        )
    ]
    assert hrefs == ["/treatments/stem-cell-therapy-for-cerebral-palsy/"]


def test_suggestions_do_bounded_work(client, demo, django_assert_max_num_queries):
    client.get("/")  # the site's root paths, cached for every request after
    for query in ("stem " * 1000, "x" * 5000, "s"):
        with django_assert_max_num_queries(6):
            assert client.get("/search/suggest/", {"q": query}).status_code == 200
