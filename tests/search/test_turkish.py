"""Turkish: dotted and dotless i, and capitals, on both databases."""

import pytest

from search.text import fold, key, spellings
from treatments.models import TreatmentPage

from .conftest import results


def test_fold():
    assert fold("IŞIK", "tr") == "ışık"
    assert fold("IŞIK", "en") == "işik"
    assert fold("İstanbul", "en") == "istanbul"
    assert fold("İSTANBUL", "tr") == "istanbul"
    assert fold("ÇOCUK ĞÜÖŞ", "tr") == "çocuk ğüöş"
    assert key("Çocukları") == "cocuklari"
    assert key("IŞIK") == key("ışık") == key("Işık") == "isik"


def test_spellings_cover_how_the_databases_index_capitals():
    assert spellings("IŞIK", "tr") == ["ışık", "işik", "işık"]
    assert spellings("ışık", "tr") == ["ışık", "işik", "işık"]
    assert spellings("IŞIK", "en") == ["işik", "ışık", "işık"]
    assert spellings("İstanbul", "tr") == ["istanbul"]
    assert spellings("çocuk", "tr") == ["çocuk"]


@pytest.fixture
def turkish_pages(turkish):
    def publish(title, summary):
        page = TreatmentPage(title=title, condition_name="Genel", summary=summary)
        turkish.add_child(instance=page)
        page.save_revision().publish()
        return page

    lower = publish(
        "Işık terapisi", "Çocuk hastalar için ışık tedavisi, İstanbul kliniğinde."
    )
    capitals = publish("Göz taraması", "IŞIK TESTİ: ÇOCUK HASTALAR, ISTANBUL ŞUBESİ.")
    return lower, capitals


@pytest.mark.parametrize(
    "query",
    [
        "ÇOCUK",
        "çocuk",
        "Çocuk",
        "IŞIK",
        "ışık",
        "Işık",
        "İstanbul",
        "istanbul",
        "İSTANBUL",
        "ISTANBUL",
        "çocuk ışık istanbul",
    ],
)
def test_turkish_queries_find_turkish_pages_whatever_the_case(
    client, turkish_pages, query
):
    hrefs, soup = results(client.get("/tr/search/", {"q": query}))
    # The demo's Turkish pages may use the words too.
    assert {page.url for page in turkish_pages} <= set(hrefs)
    assert all(href.startswith("/tr/") for href in hrefs)
    assert soup.select_one(".did-you-mean") is None


def test_turkish_words_are_highlighted_whatever_the_case(client, turkish_pages):
    lower, capitals = turkish_pages
    _hrefs, soup = results(client.get("/tr/search/", {"q": "IŞIK çocuk"}))
    marks = {
        li.a["href"]: [m.text for m in li.select(".search-results__excerpt mark")]
        for li in soup.select("main ol.search-results > li")
    }
    assert marks[lower.url] == ["Çocuk", "ışık"]
    assert marks[capitals.url] == ["IŞIK", "ÇOCUK"]


def test_english_search_does_not_list_turkish_pages(client, turkish_pages):
    assert results(client.get("/search/", {"q": "çocuk"}))[0] == []


def test_an_inflected_turkish_word_finds_its_stem(client, turkish_pages):
    """ "hastaları" (their patients) finds "hastalar": PostgreSQL indexes
    Turkish pages with the Turkish stemmer; on SQLite, whose FTS5 has no
    stemmer, the query word loses its endings and matches by prefix
    ("hasta"*, ``search.text.turkish_stems``)."""
    lower, capitals = turkish_pages
    hrefs, soup = results(client.get("/tr/search/", {"q": "hastaları"}))
    assert {lower.url, capitals.url} <= set(hrefs)
    assert soup.select_one(".did-you-mean") is None


def test_turkish_suggestions_as_you_type(client, turkish_pages):
    lower, _capitals = turkish_pages
    for typed in ("IŞI", "ışı", "Işık ter"):
        data = client.get("/tr/search/suggest/", {"q": typed}).json()
        assert data["suggestions"] == [{"title": lower.title, "url": lower.url}]
