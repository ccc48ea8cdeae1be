"""The words of the published pages, for "Did you mean …?".

Kept in the database whatever the search backend (database, Elasticsearch or
OpenSearch), so the suggestions work the same everywhere and simply offer
nothing while the vocabulary is empty. Publishing a page adds its words,
unpublishing or deleting it takes them out (``search/signals.py``);
``manage.py rebuild_search_vocabulary`` rebuilds it from every live page
(needed after ``generate_pages``, which bypasses publishing).

Only the way close words are found depends on the database:
PostgreSQL asks pg_trgm's trigram index; elsewhere the words of about the
same length are compared in Python with difflib.
"""

import difflib
import logging
from collections import Counter

from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils.encoding import force_str
from wagtail.models import Locale, Page
from wagtail.search.index import SearchField

from .models import IndexedPageWords, SearchTerm
from .text import key, words

logger = logging.getLogger(__name__)

MIN_LENGTH = 3
MAX_LENGTH = 40
CHUNK = 500
# How alike two words must be (difflib's ratio) to suggest one for the other.
SIMILARITY = 0.75


def _as_text(value):
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return " ".join(_as_text(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_as_text(item) for item in value.values())
    return "" if value is None else force_str(value)


def page_fields(page):
    """(field name, text) for each field the search backend indexes."""
    for field in page.get_search_fields():
        if isinstance(field, SearchField):
            yield field.field_name, _as_text(field.get_value(page))


def page_words(page, language):
    """The distinct words of a page worth suggesting."""
    text = " ".join(text for _name, text in page_fields(page))
    return {
        word
        for word in words(text, language)
        if MIN_LENGTH <= len(word) <= MAX_LENGTH
        and not word.isdigit()
        and "_" not in word
    }


def _language(page):
    return page.locale.language_code


def _chunks(items):
    items = sorted(items)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _adjust(language, words_, change):
    for chunk in _chunks(words_):
        if change > 0:
            SearchTerm.objects.bulk_create(
                [
                    SearchTerm(language=language, word=w, key=key(w), length=len(w))
                    for w in chunk
                ],
                ignore_conflicts=True,
            )
        terms = SearchTerm.objects.filter(language=language, word__in=chunk)
        terms.update(pages=F("pages") + change)
        if change < 0:
            terms.filter(pages__lte=0).delete()


@transaction.atomic
def remember(page):
    """Count the words of a (just published) page."""
    language = _language(page)
    new = page_words(page, language)
    row = IndexedPageWords.objects.select_for_update().filter(page_id=page.pk).first()
    if row and row.language != language:
        _adjust(row.language, set(row.words.split()), -1)
        row.words = ""
    old = set(row.words.split()) if row else set()
    _adjust(language, new - old, +1)
    _adjust(language, old - new, -1)
    IndexedPageWords.objects.update_or_create(
        page_id=page.pk,
        defaults={"language": language, "words": " ".join(sorted(new))},
    )


@transaction.atomic
def forget(page_id):
    """Take out the words of a page that was unpublished or is being deleted."""
    row = IndexedPageWords.objects.select_for_update().filter(page_id=page_id).first()
    if row:
        _adjust(row.language, set(row.words.split()), -1)
        row.delete()


@transaction.atomic
def rebuild():
    """The vocabulary of every live page, from scratch. Returns the page count."""
    languages = dict(Locale.objects.values_list("pk", "language_code"))
    IndexedPageWords.objects.all().delete()
    SearchTerm.objects.all().delete()
    counts = {}
    rows = []
    pages = Page.objects.live().filter(depth__gt=1).specific()
    for page in pages.iterator(chunk_size=200):
        language = languages[page.locale_id]
        found = page_words(page, language)
        counts.setdefault(language, Counter()).update(found)
        rows.append(
            IndexedPageWords(
                page_id=page.pk, language=language, words=" ".join(sorted(found))
            )
        )
    IndexedPageWords.objects.bulk_create(rows, batch_size=CHUNK)
    SearchTerm.objects.bulk_create(
        (
            SearchTerm(language=language, word=w, key=key(w), length=len(w), pages=n)
            for language, counter in counts.items()
            for w, n in counter.items()
        ),
        batch_size=CHUNK,
    )
    return len(rows)


def _candidates(word_key, language):
    """(word, key, pages) of vocabulary words that may be ``word_key`` misspelt."""
    terms = SearchTerm.objects.filter(language=language)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        return list(
            terms.filter(key__trigram_similar=word_key)
            .annotate(similarity=TrigramSimilarity("key", word_key))
            .order_by("-similarity", "-pages")
            .values_list("word", "key", "pages")[:30]
        )
    length = len(word_key)
    return list(
        terms.filter(length__range=(length - 2, length + 2)).values_list(
            "word", "key", "pages"
        )
    )


def nearest_word(word, language):
    """The vocabulary word ``word`` most likely stands for, or None.

    A word spelt without its accents ("cocuk") gets the accented one
    ("çocuk"); otherwise the most similar word, the commoner on a tie.
    """
    word_key = key(word)
    try:
        with transaction.atomic():
            candidates = _candidates(word_key, language)
    except DatabaseError:
        # pg_trgm missing (the migration could not create it): no suggestion.
        logger.warning("Could not look up words close to %r.", word, exc_info=True)
        return None
    matcher = difflib.SequenceMatcher(b=word_key, autojunk=False)
    best = None  # (score, pages, word)
    for candidate, candidate_key, pages in candidates:
        matcher.set_seq1(candidate_key)
        if candidate_key == word_key:
            score = 1.0
        elif (
            matcher.real_quick_ratio() < SIMILARITY
            or matcher.quick_ratio() < SIMILARITY
        ):
            continue
        else:
            score = matcher.ratio()
        if score >= SIMILARITY and (best is None or (score, pages) > best[:2]):
            best = (score, pages, candidate)
    return best[2] if best else None


def unknown_words(candidates, language):
    """The words of ``candidates`` (folded) that no live page uses as written."""
    known = set(
        SearchTerm.objects.filter(language=language, word__in=candidates).values_list(
            "word", flat=True
        )
    )
    return [word for word in candidates if word not in known]
