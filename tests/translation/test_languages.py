"""A page is served only in a language it exists in; the switcher, hreflang,
the sitemap and Open Graph name its live translations and nothing else."""

import json
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Locale, Page

from home.models import HomePage
from tests.conftest import SEED_URL
from treatments.models import TreatmentIndexPage, TreatmentPage

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


@pytest.fixture(autouse=True)
def _uncached_pages(settings):
    settings.WAGTAIL_CACHE = False


@pytest.fixture
def turkish_page(demo):
    return TreatmentPage.objects.get(
        translation_key=demo.translation_key, locale__language_code="tr"
    )


@pytest.fixture
def untranslated(demo):
    """A live English treatment with no Turkish translation."""
    page = TreatmentPage(
        title="Physiotherapy for spasticity",
        slug="physiotherapy-for-spasticity",
        condition_name="Spasticity",
        summary="What physiotherapy can do for spasticity.",
    )
    demo.get_parent().add_child(instance=page)
    page.save_revision().publish()
    return page


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def path_of(url):
    return urlsplit(url).path


# --- untranslated pages -------------------------------------------------------


def test_an_untranslated_page_under_tr_redirects_to_its_language(client, untranslated):
    response = client.get("/tr/treatments/physiotherapy-for-spasticity/")
    assert response.status_code == 302
    assert (
        response["Location"]
        == untranslated.url
        == ("/treatments/physiotherapy-for-spasticity/")
    )
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert soup_of(page).html["lang"] == "en"


def test_an_english_path_under_tr_goes_to_the_turkish_translation(
    client, demo, turkish_page
):
    response = client.get("/tr" + SEED_URL)
    assert response.status_code == 302
    assert response["Location"] == turkish_page.url
    assert turkish_page.url.startswith("/tr/") and turkish_page.url != "/tr" + SEED_URL
    assert client.get(turkish_page.url).status_code == 200


def test_without_a_live_turkish_home_nothing_is_served_as_turkish(client, demo):
    """Wagtail would route /tr/... through the English tree and serve the
    English page under /tr/ with lang="tr"."""
    home_tr = HomePage.objects.get(locale__language_code="tr")
    home_tr.unpublish()
    for url in ["/tr/", "/tr" + SEED_URL, "/tr/treatments/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == url[3:]


def test_a_turkish_only_page_under_english_redirects_to_turkish(client, demo):
    index_tr = TreatmentIndexPage.objects.get(locale__language_code="tr")
    page = TreatmentPage(
        title="Yalnızca Türkçe",
        slug="yalnizca-turkce",
        condition_name="Örnek",
        summary="Yalnızca Türkçe yayımlanan bir sayfa.",
    )
    index_tr.add_child(instance=page)
    page.save_revision().publish()
    response = client.get(f"/{index_tr.slug}/yalnizca-turkce/")
    assert response.status_code == 302
    assert response["Location"] == page.url == f"/tr/{index_tr.slug}/yalnizca-turkce/"


@pytest.mark.parametrize("url", ["/tr/no-such-page/", "/no-such-page/"])
def test_a_path_that_is_nowhere_stays_a_404(client, demo, url):
    assert client.get(url).status_code == 404


def test_a_draft_translation_is_not_served_or_linked(client, demo, turkish_page):
    turkish_page.unpublish()
    response = client.get(turkish_page.url or "/tr/x/")
    assert response.status_code in (302, 404)
    english = soup_of(client.get(SEED_URL))
    assert english.find("link", hreflang=True) is None
    switcher = english.select(".language-switcher a")
    turkish_home = HomePage.objects.get(locale__language_code="tr")
    assert {a["lang"]: a["href"] for a in switcher} == {
        "en": SEED_URL,
        "tr": turkish_home.url,
    }


# --- the switcher ---------------------------------------------------------------


def test_the_switcher_links_each_language_to_the_translation(
    client, demo, turkish_page
):
    links = soup_of(client.get(SEED_URL)).select(".language-switcher a")
    assert [(a["lang"], a["href"], a.get_text()) for a in links] == [
        ("en", SEED_URL, "English"),
        ("tr", turkish_page.url, "Türkçe"),
    ]
    assert links[0]["aria-current"] == "true"
    back = soup_of(client.get(turkish_page.url)).select(".language-switcher a")
    assert [(a["lang"], a["href"]) for a in back] == [
        ("en", SEED_URL),
        ("tr", turkish_page.url),
    ]
    assert back[1]["aria-current"] == "true"


def test_the_switcher_sends_an_untranslated_page_to_the_turkish_home(
    client, untranslated
):
    links = soup_of(client.get(untranslated.url)).select(".language-switcher a")
    turkish_home = HomePage.objects.get(locale__language_code="tr")
    assert {a["lang"]: a["href"] for a in links} == {
        "en": untranslated.url,
        "tr": turkish_home.url,
    }
    assert turkish_home.url == "/tr/"


def test_the_switcher_follows_the_configured_languages(client, demo, settings):
    settings.WAGTAIL_CONTENT_LANGUAGES = [("en", "English")]
    assert not soup_of(client.get(SEED_URL)).select(".language-switcher")


# --- hreflang, Open Graph, JSON-LD -------------------------------------------


def hreflang(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return {
        link["hreflang"]: path_of(link["href"])
        for link in soup_of(response).find_all("link", rel="alternate", hreflang=True)
    }


def live_page_urls():
    return sorted(
        page.url
        for page in Page.objects.live().public().filter(depth__gt=1).specific()
        if page.url and not getattr(page, "robots_noindex", False)
    )


def test_hreflang_is_reciprocal_over_the_whole_site(client, untranslated):
    urls = live_page_urls()
    assert "/tr/" in urls and untranslated.url in urls
    links = {url: hreflang(client, url) for url in urls}
    with_alternates = {url for url, found in links.items() if found}
    assert SEED_URL in with_alternates and "/tr/" in with_alternates
    assert untranslated.url not in with_alternates
    for url, found in links.items():
        if not found:
            continue
        assert url in found.values(), f"{url} does not list itself"
        assert found["x-default"] == found["en"]
        for language, other in found.items():
            assert links[other] == found, f"{url} -> {other} ({language})"
        page = Page.find_for_request(client.get(url).wsgi_request, url)
        translations = page.get_translations(inclusive=True).live()
        assert {t.locale.language_code for t in translations} == set(found) - {
            "x-default"
        }


def test_a_noindex_translation_leaves_the_hreflang_set(client, demo, turkish_page):
    turkish_page.robots_noindex = True
    turkish_page.save_revision().publish()
    assert hreflang(client, SEED_URL) == {}
    assert hreflang(client, turkish_page.url) == {}


def test_open_graph_locales(client, demo, turkish_page):
    english = soup_of(client.get(SEED_URL))
    turkish = soup_of(client.get(turkish_page.url))

    def og(soup, prop):
        return [m["content"] for m in soup.find_all("meta", property=prop)]

    assert og(english, "og:locale") == ["en_US"]
    assert og(english, "og:locale:alternate") == ["tr_TR"]
    assert og(turkish, "og:locale") == ["tr_TR"]
    assert og(turkish, "og:locale:alternate") == ["en_US"]


def test_json_ld_names_the_page_language(client, demo, turkish_page):
    for url, language in [(SEED_URL, "en"), (turkish_page.url, "tr")]:
        soup = soup_of(client.get(url))
        graph = json.loads(soup.find("script", type="application/ld+json").string)
        nodes = graph.get("@graph", [graph])
        languages = {node["inLanguage"] for node in nodes if "inLanguage" in node}
        assert languages == {language}, url


# --- the sitemap ---------------------------------------------------------------


def test_the_sitemap_lists_every_language_with_alternates(client, untranslated):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    entries = {}
    for url in root.findall("s:url", SITEMAP_NS):
        location = path_of(url.find("s:loc", SITEMAP_NS).text)
        entries[location] = {
            link.get("hreflang"): path_of(link.get("href"))
            for link in url.findall("x:link", SITEMAP_NS)
        }
    turkish = [url for url in entries if url.startswith("/tr/")]
    assert "/tr/" in turkish and len(turkish) >= 3
    assert set(live_page_urls()) <= set(entries)
    assert entries[untranslated.url] == {}
    for url in [SEED_URL, "/", "/tr/"]:
        found = entries[url]
        assert set(found) == {"en", "tr", "x-default"}
        assert url in found.values()
        # The same set as the page's own hreflang links.
        assert found == hreflang(client, url)
        assert entries[found["tr"]] == found


def test_locales_come_from_the_settings(demo):
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"en", "tr"}
