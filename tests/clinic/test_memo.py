"""Answers kept in the shared cache until content changes (clinic/memo.py)."""

from django.core.cache import cache
from wagtail.models import Locale

from clinic import memo
from clinic.models import ClinicText
from tests.conftest import SEED_URL


def test_a_memo_is_computed_once_until_content_changes(db):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert memo.memo("answer", compute) == 1
    assert memo.memo("answer", compute) == 1
    memo.forget_all()
    assert memo.memo("answer", compute) == 2
    assert len(calls) == 2


def test_an_answer_computed_before_the_commit_is_not_kept_after_it(
    db, django_capture_on_commit_callbacks
):
    """Between a change and its commit, other servers still read the old
    content; what they compute then is forgotten again at the commit."""
    assert memo.memo("answer", lambda: "old") == "old"
    with django_capture_on_commit_callbacks(execute=True):
        memo.forget_all()
        # Another server renders before the commit: it reads the old content.
        assert memo.memo("answer", lambda: "old") == "old"
    assert memo.memo("answer", lambda: "new") == "new"


def test_without_its_generation_a_memo_is_made_anew():
    """A lost generation (evicted, cleared) never brings back an old answer."""
    assert memo.memo("answer", lambda: "old") == "old"
    cache.delete(memo.GENERATION_KEY)
    assert memo.memo("answer", lambda: "new") == "new"


def test_a_page_render_shows_a_changed_disclaimer_at_once(client, demo, settings):
    settings.WAGTAIL_CACHE = False
    english = ClinicText.objects.get(locale=Locale.get_default())
    assert english.medical_disclaimer in client.get(SEED_URL).content.decode()

    english.medical_disclaimer = "A disclaimer changed by an editor."
    english.save()

    assert "A disclaimer changed by an editor." in client.get(SEED_URL).content.decode()


def test_unpublishing_a_translation_takes_it_out_of_the_switcher(
    client, demo, settings
):
    settings.WAGTAIL_CACHE = False
    turkish = demo.get_translation(Locale.objects.get(language_code="tr"))
    assert turkish.url in client.get(SEED_URL).content.decode()

    turkish.unpublish()

    html = client.get(SEED_URL).content.decode()
    assert turkish.url not in html  # the switcher now offers the Turkish home
    assert '<link rel="alternate" hreflang="tr"' not in html
