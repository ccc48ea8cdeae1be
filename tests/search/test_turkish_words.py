"""Turkish words on /tr/search/: inflected forms, "Did you mean", suggestions,
and each language's search kept to its own pages, on both databases.

PostgreSQL stems Turkish pages and queries with its Turkish configuration and
matches a query word of four letters or more by prefix too; SQLite's FTS5 has
no stemmer and matches such a word exactly and by prefix.
"""

import pytest
from wagtail.models import Locale
from wagtail.rich_text import RichText

from search import vocabulary
from search.text import turkish_stems
from tests.conftest import SEED_URL
from treatments.models import TreatmentPage

from .conftest import is_postgres, results

BODY = (
    "Kök hücre tedavisinin serebral palsili çocuklardaki etkisi araştırılıyor. "
    "Hücreleri laboratuvarda çoğaltılır; her hücre dikkatle incelenir."
)


def translated(page, locale):
    """The live translation of ``page`` into ``locale``, made if missing."""
    translation = page.get_translation_or_none(locale)
    if translation is None:
        translation = page.copy_for_translation(locale)
    translation = translation.specific
    if not translation.live:
        translation.save_revision().publish()
    return translation


@pytest.fixture
def turkish_index(demo):
    """The Turkish home page and treatments index, live (the demo content may
    have made them already)."""
    locale = Locale.objects.get(language_code="tr")
    index = demo.get_parent()
    translated(index.get_parent(), locale)
    return translated(index, locale)


@pytest.fixture
def stem_cells_tr(turkish_index, demo):
    """A Turkish translation of the seed page, with Turkish text, live."""
    page = translated(demo, turkish_index.locale)
    page.title = "Serebral palside kök hücre uygulaması"
    page.slug = "serebral-palside-kok-hucre"
    page.summary = "Genel bilgiler."
    page.search_description = ""
    page.body = [("paragraph", RichText(f"<p>{BODY}</p>"))]
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def cancer_tr(turkish_index):
    page = TreatmentPage(
        title="Kanser taraması", condition_name="Genel", summary="Kanser için tarama."
    )
    turkish_index.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_translation_is_turkish_and_live(stem_cells_tr):
    assert stem_cells_tr.locale.language_code == "tr"
    assert stem_cells_tr.live
    assert stem_cells_tr.url.startswith("/tr/")


@pytest.mark.parametrize(
    "query",
    ["tedavi", "tedavisinin", "hücre", "hücreleri", "HÜCRE", "çocuk", "kök hücre"],
)
def test_turkish_words_find_their_inflected_forms(client, stem_cells_tr, query):
    hrefs, soup = results(client.get("/tr/search/", {"q": query}))
    assert stem_cells_tr.url in hrefs
    assert all(href.startswith("/tr/") for href in hrefs)
    assert soup.select_one(".did-you-mean") is None
    assert soup.select_one(".search-note") is None  # every word matched


def test_the_matched_form_is_highlighted(client, stem_cells_tr):
    _hrefs, soup = results(client.get("/tr/search/", {"q": "tedavi"}))
    marks = [m.text for m in soup.select(".search-results__excerpt mark")]
    assert "tedavisinin" in marks


def test_a_short_word_is_not_a_prefix_of_longer_ones(client, stem_cells_tr, cancer_tr):
    # "kan" (blood) must not find "kanser" (cancer) nor "Kanser".
    hrefs, _soup = results(client.get("/tr/search/", {"q": "kan"}))
    assert cancer_tr.url not in hrefs
    hrefs, _soup = results(client.get("/tr/search/", {"q": "kanser"}))
    assert cancer_tr.url in hrefs


def test_an_unrelated_word_finds_nothing(client, stem_cells_tr):
    hrefs, _soup = results(client.get("/tr/search/", {"q": "gözlük"}))
    assert hrefs == []


@pytest.mark.parametrize("typed", ["hücer", "hücrre"])
def test_did_you_mean_offers_the_turkish_word(client, stem_cells_tr, typed):
    hrefs, soup = results(client.get("/tr/search/", {"q": typed}))
    assert stem_cells_tr.url in hrefs
    link = soup.select_one(".did-you-mean a")
    assert link.text == "hücre"
    assert link["href"] == "/tr/search/?q=h%C3%BCcre"


def test_a_word_typed_without_turkish_letters(client, stem_cells_tr):
    hrefs, soup = results(client.get("/tr/search/", {"q": "hucre"}))
    assert stem_cells_tr.url in hrefs
    suggestion = soup.select_one(".did-you-mean a")
    if is_postgres():
        # The Turkish configuration keeps the letters; the vocabulary, which
        # compares words without accents, supplies "hücre".
        assert suggestion.text == "hücre"
    else:
        # FTS5's tokenizer drops the accents itself.
        assert suggestion is None


def test_the_vocabularies_are_kept_per_language(stem_cells_tr):
    assert vocabulary.nearest_word("hücer", "tr") == "hücre"
    assert vocabulary.nearest_word("hucre", "tr") == "hücre"
    assert vocabulary.nearest_word("hücer", "en") is None
    assert vocabulary.nearest_word("spastisity", "en") == "spasticity"
    assert vocabulary.nearest_word("spastisity", "tr") is None


def test_english_search_uses_the_english_vocabulary(client, stem_cells_tr):
    hrefs, soup = results(client.get("/search/", {"q": "hücer"}))
    assert hrefs == []
    assert soup.select_one(".did-you-mean") is None
    hrefs, soup = results(client.get("/search/", {"q": "spastisity"}))
    assert hrefs == [SEED_URL]
    assert soup.select_one(".did-you-mean a").text == "spasticity"


def test_each_language_searches_only_its_own_pages(client, stem_cells_tr):
    # The Turkish page is a translation of the English one: same tree, other
    # locale.
    for query in ("tedavi", "hücre", "kök"):
        hrefs, _soup = results(client.get("/search/", {"q": query}))
        assert stem_cells_tr.url not in hrefs, query
        assert all(not href.startswith("/tr/") for href in hrefs), query
    for query in ("stem", "spasticity", "therapy"):
        hrefs, _soup = results(client.get("/tr/search/", {"q": query}))
        assert SEED_URL not in hrefs, query
        assert all(href.startswith("/tr/") for href in hrefs), query


def test_suggestions_as_you_type_stay_in_the_language(client, stem_cells_tr):
    data = client.get("/tr/search/suggest/", {"q": "serebral pal"}).json()
    assert data["suggestions"] == [
        {"title": stem_cells_tr.title, "url": stem_cells_tr.url}
    ]
    english = client.get("/search/suggest/", {"q": "serebral pal"}).json()
    assert english["suggestions"] == []
    data = client.get("/tr/search/suggest/", {"q": "stem cell"}).json()
    assert data["suggestions"] == []


@pytest.mark.parametrize(
    ("word", "stems"),
    [
        ("hastaları", ["hasta"]),
        ("tedavisinin", ["tedavi"]),
        ("hücreleri", ["hücre"]),
        ("çocuklarda", ["çocuk"]),
        ("çocuğu", ["çocuğ", "çocuk"]),
        ("kitabı", ["kitab", "kitap"]),
        ("kanser", ["kanser"]),
        ("kan", ["kan"]),
        ("serebral", ["serebral"]),
    ],
)
def test_turkish_query_words_lose_their_endings(word, stems):
    assert turkish_stems(word) == stems


def test_a_query_word_more_inflected_than_the_page_finds_it(client, stem_cells_tr):
    # The page says "çocuklardaki" and "hücre"; the visitor types other forms.
    for query in ("çocukları", "hücrelerin", "tedavisine"):
        hrefs, soup = results(client.get("/tr/search/", {"q": query}))
        assert stem_cells_tr.url in hrefs, query
        assert soup.select_one(".did-you-mean") is None, query
