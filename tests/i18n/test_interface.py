"""/tr/ pages speak Turkish: no English interface string, Turkish dates, numbers
and reading time. The same pages in English are the control."""

import pytest

from .interface import english_pieces, found, page_text
from .pages import REVIEWED, build_site

# Interface strings that the English treatment page must show (so the
# comparison below cannot pass on a page that lost its interface), with the
# Turkish the Turkish page shows in their place.
CHROME = {
    "Skip to content": "İçeriğe geç",
    "Site search": "Site içi arama",
    "Search the site": "Sitede ara",
    "Breadcrumb": "Sayfa yolu",
    "Medically reviewed by": "Tıbbi içeriği inceleyen:",
    "min read": "dakikada okunur",
    "On this page": "Bu sayfada",
    "Anonymised case: no detail identifies the patient": "Kimliği gizlenmiş vaka",
    "Classification": "Sınıflandırma",
    "back to citation": "atıfa dön",
    "Contact": "İletişim",
}


@pytest.fixture
def pages(db, settings):
    settings.WAGTAIL_CACHE = False
    return build_site()


def _get(client, page):
    response = client.get(page.url)
    assert response.status_code == 200, page.url
    return response.content.decode()


def test_the_turkish_page_has_no_english_interface_string(client, pages):
    english = page_text(_get(client, pages["en"]), "en")
    turkish = page_text(_get(client, pages["tr"]), "tr")
    pieces = english_pieces()

    shown_in_english = {piece for piece in pieces if found(piece, english)}
    assert set(CHROME) <= shown_in_english, set(CHROME) - shown_in_english
    assert len(shown_in_english) >= 20

    left_in_english = sorted(piece for piece in pieces if found(piece, turkish))
    assert left_in_english == []
    for translation in CHROME.values():
        assert translation in turkish


def test_the_search_page_and_404_speak_turkish(client, pages):
    for path, must in (
        ("/tr/search/?q=hücre", "“hücre” için arama sonuçları"),
        ("/tr/search/?q=zzzqqq", "“zzzqqq” ile eşleşen sayfa yok."),
        ("/tr/no-such-page/", "Sayfa bulunamadı"),
    ):
        response = client.get(path)
        html = response.content.decode()
        assert must in html, path
        text = page_text(html, "tr")
        assert [p for p in english_pieces() if found(p, text)] == [], path


def test_dates_and_reading_time_follow_the_language(client, pages):
    english = page_text(_get(client, pages["en"]), "en")
    turkish = page_text(_get(client, pages["tr"]), "tr")
    minutes = pages["en"].specific.reading_minutes
    assert f"{minutes} min read" in english
    assert "on 2 December 2026" in english
    assert f"{pages['tr'].specific.reading_minutes} dakikada okunur" in turkish
    assert "son inceleme: 2 Aralık 2026" in turkish
    assert '<time datetime="2026-12-02">2 Aralık 2026</time>' in _get(
        client, pages["tr"]
    )


def test_numbers_and_dates_are_formatted_in_turkish():
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load l10n %}{{ number|localize }} {{ date|date }}")
    context = Context({"number": 4.5, "date": REVIEWED})
    with translation.override("tr"):
        assert template.render(context) == "4,5 2 Aralık 2026"
    with translation.override("en"):
        assert template.render(context) == "4.5 2 December 2026"
