"""The 404 page and an empty search lead to the treatments list in the
visitor's language, found by locale (not by slug), and cheaply."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override
from wagtail.models import Site

from clinic.memo import forget_all
from home.models import HomePage
from treatments.models import TreatmentIndexPage

pytestmark = pytest.mark.django_db


def index_url(language):
    return TreatmentIndexPage.objects.get(locale__language_code=language).url


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def link_to_treatments(soup, text):
    return [a["href"] for a in soup.select("main a") if text in a.get_text()]


@pytest.mark.parametrize(
    ("path", "language"), [("/tr/no-such-page/", "tr"), ("/no-such-page/", "en")]
)
def test_the_404_page_links_to_the_treatments_in_its_language(
    client, demo, path, language
):
    response = client.get(path)

    assert response.status_code == 404
    soup = soup_of(response)
    text = "Tüm tedavileri gör" if language == "tr" else "See all treatments"
    expected = index_url(language)
    assert link_to_treatments(soup, text) == [expected]
    if language == "tr":
        assert expected.startswith("/tr/")
        assert expected != "/tr/treatments/"
    assert soup.select_one("form.search-form")["action"] == (
        "/tr/search/" if language == "tr" else "/search/"
    )


@pytest.mark.parametrize(("prefix", "language"), [("/tr", "tr"), ("", "en")])
def test_an_empty_search_links_to_the_treatments_in_its_language(
    client, demo, prefix, language
):
    response = client.get(f"{prefix}/search/", {"q": "qqqxyzzy"})

    assert response.status_code == 200
    empty = soup_of(response).select_one(".empty-state")
    assert empty is not None
    assert [a["href"] for a in empty.find_all("a")] == [index_url(language)]


def test_without_a_turkish_list_the_link_is_the_turkish_home_page(client, demo):
    TreatmentIndexPage.objects.get(locale__language_code="tr").unpublish()

    response = client.get("/tr/no-such-page/")

    turkish_home = HomePage.objects.get(locale__language_code="tr")
    assert link_to_treatments(soup_of(response), "Tüm tedavileri gör") == [
        turkish_home.url
    ]


def test_the_link_costs_no_query_once_known(demo):
    template = Template("{% load treatment_tags %}{% treatments_index_url %}")
    request = RequestFactory().get("/tr/no-such-page/")
    with override("tr"):
        first = template.render(Context({"request": request}))
        with CaptureQueriesContext(connection) as queries:
            again = template.render(Context({"request": request}))
    assert first == again == index_url("tr")
    assert len(queries) == 0


def test_working_the_link_out_costs_one_query(client, demo):
    client.get("/")  # the site's root paths, cached as for every request after
    template = Template("{% load treatment_tags %}{% treatments_index_url %}")
    request = RequestFactory().get("/tr/no-such-page/")
    Site.find_for_request(request)  # as the page's own settings have done
    forget_all()  # content changed: the memo is worked out again
    with override("tr"), CaptureQueriesContext(connection) as queries:
        url = template.render(Context({"request": request}))
    assert url == index_url("tr")
    assert len(queries) <= 1


@pytest.mark.parametrize(
    ("path", "home", "text"),
    [
        ("/tr/no-such-page/", "/tr/", "Ana sayfaya git"),
        ("/no-such-page/", "/", "Go to the home page"),
    ],
)
def test_the_404_page_and_the_logo_lead_home_in_its_language(
    client, demo, path, home, text
):
    soup = soup_of(client.get(path))

    assert [a["href"] for a in soup.select("main a") if text in a.get_text()] == [home]
    assert soup.select_one("a.site-header__brand")["href"] == home
