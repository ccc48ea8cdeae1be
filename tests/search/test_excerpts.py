"""Excerpts read as sentences: the blocks' texts are not run together or
joined with stray commas ("…damage., Delayed Motor Skill Development, The…")."""

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from wagtail.search.models import IndexEntry

from content_blocks.tables import table_value
from search.stored_text import _text_field, stored_texts
from treatments.blocks import as_sentences, rich_text_pieces
from treatments.reindex import after_migrate

from .conftest import heading, paragraph, results

SEED_HEADING = "Delayed Motor Skill Development and Muscle Tone Disorders"


def excerpt_of(client, query):
    """(excerpt HTML, excerpt text) of the first result for ``query``."""
    _hrefs, soup = results(client.get("/search/", {"q": query}))
    excerpt = soup.select_one("main ol.search-results > li .search-results__excerpt")
    return str(excerpt), excerpt.get_text()


def test_the_seed_page_excerpt_reads_as_sentences(client, demo):
    """The words near the heading, found in the real seed page's index text."""
    html, text = excerpt_of(client, "delayed motor")
    assert ".," not in html
    assert "<mark>Delayed</mark> <mark>Motor</mark> Skill Development" in html
    # The paragraph before the heading ends, the heading ends, the next
    # paragraph begins.
    assert f"repairing existing damage. {SEED_HEADING}. The most prominent" in text


def test_the_seed_pages_stored_text_has_no_stray_commas(demo):
    text = stored_texts([demo])[demo.pk]
    assert ".," not in text
    assert ", ," not in text
    assert f"{SEED_HEADING}. The most prominent" in text
    # The headings again, after the body (boosted): as sentences too, so an
    # excerpt near the end of the body does not run into them glued together.
    headings = text[text.index("10.3389/fneur.2020.00079.") :]
    assert f"Treatment Methods. {SEED_HEADING}. Differences Between" in headings
    assert headings.endswith("Frequently Asked Questions. Scientific References.")
    # A question keeps its question mark; table cells are sentences of their own.
    assert "What is Cerebral Palsy (CP)? Symptoms and" in text
    assert "Application Method. Target Mechanism. Advantage. Intravenous (IV)." in text


def test_headings_list_items_and_table_cells_stay_apart(client, make_page):
    make_page(
        "Sentences",
        body=[
            heading("Quokka care"),
            paragraph("Quokkas need shade"),
            (
                "paragraph",
                "<p>Try these:</p><ul><li>Quokka food</li><li>Clean water</li>"
                "<li>A <b>shaded</b> pen</li></ul><p>Then rest.</p>",
            ),
            (
                "table",
                table_value(["Quokka age", "Diet"], [["Young", "Leaves."]]),
            ),
            (
                "faq",
                {"items": [{"question": "Quokka bite?", "answer": "<p>Rarely</p>"}]},
            ),
        ],
    )
    html, text = excerpt_of(client, "quokka")
    assert ".," not in html
    assert (
        "Quokka care. Quokkas need shade. Try these: Quokka food. Clean water. "
        "A shaded pen. Then rest. Quokka age. Diet. Young. Leaves. Quokka bite? "
        "Rarely."
    ) in text


def test_as_sentences():
    assert as_sentences(["A heading", "Text.", "", "  ", "Cell,", "Why?"]) == (
        "A heading. Text. Cell. Why?"
    )
    assert as_sentences(['He said "stop."', "(see below)", "Note:", "x"]) == (
        'He said "stop." (see below). Note: x.'
    )
    assert as_sentences([]) == ""


def test_rich_text_pieces():
    html = (
        "<h3>Title</h3><p>One &amp; two<br/>three</p><ol><li>a</li>"
        "<li>b <i>c</i></li></ol><pre>kept</pre>"
    )
    pieces = [piece.strip() for piece in rich_text_pieces(html) if piece.strip()]
    assert pieces == ["Title", "One & two", "three", "a", "b c", "kept"]


def test_migrating_past_the_marker_rewrites_text_indexed_before(client, demo, settings):
    """A site upgraded in place: its index holds the old text until re-indexed."""
    settings.WAGTAIL_CACHE = False  # the same search twice, answered afresh
    field = _text_field()
    entry = IndexEntry.objects.filter(
        content_type__model="treatmentpage", object_id=str(demo.pk)
    )
    new = stored_texts([demo])[demo.pk]
    old = new.replace(
        f"damage. {SEED_HEADING}. The most", f"damage., {SEED_HEADING}, The most"
    )
    assert old != new
    entry.update(**{field: old})
    assert ".," in excerpt_of(client, "delayed motor")[0]

    # What ``migrate`` does when its plan applies the marker migration.
    loader = MigrationLoader(connection)
    marker = loader.get_migration("treatments", "0004_reindex_body_as_sentences")
    after_migrate(sender=None, plan=[(marker, False)], using="default")

    assert stored_texts([demo])[demo.pk] == new
    html, text = excerpt_of(client, "delayed motor")
    assert ".," not in html
    assert f"{SEED_HEADING}. The most prominent" in text


def test_a_migrate_that_applies_nothing_reindexes_nothing(demo):
    field = _text_field()
    entry = IndexEntry.objects.filter(
        content_type__model="treatmentpage", object_id=str(demo.pk)
    )
    entry.update(**{field: "left as it was"})

    after_migrate(sender=None, plan=[], using="default")

    assert getattr(entry.get(), field) == "left as it was"
