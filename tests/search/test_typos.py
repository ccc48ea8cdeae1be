"""Misspelt queries: "Did you mean …?", and the vocabulary behind it."""

from django.core.management import call_command
from django.db import DatabaseError
from wagtail.models import Page

from search import vocabulary
from search.models import IndexedPageWords, SearchTerm
from tests.conftest import SEED_URL

from .conftest import is_postgres, paragraph, results


def test_a_misspelt_word_still_finds_the_page_and_offers_the_word(client, demo):
    hrefs, soup = results(client.get("/search/", {"q": "spastisity"}))
    assert hrefs == [SEED_URL]
    note = soup.select_one(".did-you-mean")
    assert "No pages match “spastisity”" in note.text
    link = note.find("a")
    assert link.text == "spasticity"
    assert link["href"] == "/search/?q=spasticity"
    assert soup.select_one(".result-count").text == "1 result for “spasticity”"


def test_only_the_misspelt_word_of_a_query_is_corrected(client, demo):
    hrefs, soup = results(client.get("/search/", {"q": "stem cell exosme"}))
    assert hrefs == [SEED_URL]
    assert soup.select_one(".did-you-mean a").text == "stem cell exosome"


def test_no_suggestion_when_every_word_is_known(client, demo):
    hrefs, soup = results(client.get("/search/", {"q": "spasticity"}))
    assert hrefs == [SEED_URL]
    assert soup.select_one(".did-you-mean") is None


def test_no_suggestion_when_the_query_finds_something(client, make_page):
    make_page("Lynx", body=[paragraph("Lynxes live in forests.")])
    lynks = make_page("Lynks", body=[paragraph("A misspelling used as a title.")])
    hrefs, soup = results(client.get("/search/", {"q": "lynks"}))
    assert hrefs == [lynks.url]
    assert soup.select_one(".did-you-mean") is None


def test_gibberish_gets_no_suggestion(client, demo):
    _hrefs, soup = results(client.get("/search/", {"q": "qqxxzzvv"}))
    assert soup.select_one(".did-you-mean") is None
    assert soup.select_one(".empty-state") is not None


def test_a_word_typed_without_turkish_letters_finds_the_page(client, turkish):
    from treatments.models import TreatmentPage

    page = TreatmentPage(
        title="Serebral palsi",
        condition_name="Serebral palsi",
        summary="Çocuk hastalar için kök hücre tedavisi.",
    )
    turkish.add_child(instance=page)
    page.save_revision().publish()
    hrefs, soup = results(client.get("/tr/search/", {"q": "cocuk"}))
    assert page.url in hrefs
    # SQLite's tokenizer drops accents itself; PostgreSQL's Turkish stemmer
    # keeps them, and the vocabulary supplies the accented word.
    suggestion = soup.select_one(".did-you-mean a")
    if is_postgres():
        assert suggestion.text == "çocuk"
        assert suggestion["href"] == "/tr/search/?q=%C3%A7ocuk"
    else:
        assert suggestion is None


def test_nearest_word(demo):
    assert vocabulary.nearest_word("spastisity", "en") == "spasticity"
    assert vocabulary.nearest_word("exosme", "en") == "exosome"
    assert vocabulary.nearest_word("qqxxzzvv", "en") is None
    # Words are looked up per language.
    assert vocabulary.nearest_word("spastisity", "tr") != "spasticity"


def test_publishing_adds_words_and_unpublishing_takes_them_out(make_page):
    first = make_page("Jerboa", body=[paragraph("Jerboa hops. Desert.")])
    second = make_page("Gerbil", body=[paragraph("Desert rodent.")])

    def pages_using(word):
        term = SearchTerm.objects.filter(language="en", word=word).first()
        return term.pages if term else 0

    assert pages_using("jerboa") == 1
    assert pages_using("desert") == 2
    assert pages_using("hops") == 1

    first.body = [{"type": "paragraph", "value": "<p>Jerboa jumps.</p>"}]
    first.save_revision().publish()
    assert pages_using("hops") == 0
    assert pages_using("jumps") == 1
    assert pages_using("desert") == 1

    second.unpublish()
    assert pages_using("desert") == 0
    assert pages_using("gerbil") == 0
    assert not IndexedPageWords.objects.filter(page_id=second.pk).exists()

    first.delete()
    assert pages_using("jerboa") == 0
    assert not SearchTerm.objects.filter(word__in=["jumps", "jerboa"]).exists()


def test_rebuild_command_covers_pages_loaded_in_bulk(demo, capsys):
    published_words = IndexedPageWords.objects.get(page_id=demo.pk).words
    # The demo's live pages (in every language), and five generated ones.
    expected = Page.objects.live().filter(depth__gt=1).count() + 5
    call_command("generate_pages", count=5, seed=3, verbosity=0)
    before = {(t.language, t.word): t.pages for t in SearchTerm.objects.all()}
    call_command("rebuild_search_vocabulary")
    assert f"Vocabulary rebuilt from {expected} pages." in capsys.readouterr().out
    after = {(t.language, t.word): t.pages for t in SearchTerm.objects.all()}
    assert len(after) > len(before)
    assert all(after[key] >= pages for key, pages in before.items())
    assert IndexedPageWords.objects.count() == expected
    # What publishing had counted is what a rebuild counts.
    assert IndexedPageWords.objects.get(page_id=demo.pk).words == published_words
    assert "spasticity" in published_words.split()


def test_without_a_vocabulary_there_is_simply_no_suggestion(client, demo):
    SearchTerm.objects.all().delete()
    response = client.get("/search/", {"q": "spastisity"})
    assert response.status_code == 200
    hrefs, soup = results(response)
    assert hrefs == []
    assert soup.select_one(".did-you-mean") is None


def test_a_failing_lookup_costs_only_the_suggestion(client, demo, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("function similarity does not exist")

    monkeypatch.setattr(vocabulary, "_candidates", broken)
    response = client.get("/search/", {"q": "spastisity"})
    assert response.status_code == 200
    assert results(response)[1].select_one(".did-you-mean") is None
    # The database connection is still usable afterwards.
    assert results(client.get("/search/", {"q": "baclofen"}))[0] == [SEED_URL]
