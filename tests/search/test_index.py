"""What is found, in which order, and that the index follows every change."""

import pytest
from django.db import connection
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from content_blocks.tables import table_value
from treatments.models import TreatmentIndexPage, TreatmentPage

from .conftest import heading, paragraph, results


def found(client, query, **params):
    hrefs, _soup = results(client.get("/search/", {"q": query, **params}))
    return hrefs


def test_title_outranks_headings_which_outrank_body_text(client, make_page):
    body_only = make_page(
        "Animal care B",
        body=[heading("Facts"), paragraph("Some text about the okapi and animals.")],
    )
    in_heading = make_page(
        "Animal care A",
        body=[heading("Okapi facts"), paragraph("Some text about animals.")],
    )
    in_title = make_page(
        "Okapi care",
        body=[heading("Facts"), paragraph("Some text about animals.")],
    )
    assert found(client, "okapi") == [
        in_title.url,
        in_heading.url,
        body_only.url,
    ]


def test_a_title_match_beats_many_body_mentions(client, make_page):
    chatty = make_page(
        "Animal care",
        body=[paragraph("The okapi. " * 8 + "More about the okapi and its forest.")],
    )
    titled = make_page("Okapi", body=[paragraph("A forest animal of the Congo.")])
    assert found(client, "okapi") == [titled.url, chatty.url]


def test_search_headings_lists_heading_and_callout_headings(make_page):
    page = make_page(
        "Headings",
        body=[
            heading("First section"),
            paragraph("Body words."),
            (
                "callout",
                {
                    "kind": "info",
                    "heading": "Good to know",
                    "heading_level": "h3",
                    "text": "<p>Callout words.</p>",
                },
            ),
        ],
    )
    assert page.search_headings == "First section. Good to know."
    assert [block.block_type for block in page.body] == [
        "heading",
        "paragraph",
        "callout",
    ]


@pytest.mark.parametrize(
    ("block", "query"),
    [
        (heading("Quagga migration"), "quagga"),
        (paragraph("Quagga stripes fade."), "quagga"),
        (
            (
                "callout",
                {
                    "kind": "warning",
                    "heading": "Quagga warning",
                    "heading_level": "h3",
                    "text": "<p>Numbat alert.</p>",
                },
            ),
            "numbat",
        ),
        (
            (
                "table",
                table_value(
                    ["Head", "Other"], [["Quagga cell", "x"]], caption="Numbat caption"
                ),
            ),
            "numbat",
        ),
        (
            (
                "case_study",
                {
                    "label": "Case Q",
                    "heading_level": "h4",
                    "patient_age": "",
                    "classification": "Numbat scale",
                    "intervention": "",
                    "outcome": "",
                    "narrative": "A quagga story.",
                    "anonymised": True,
                },
            ),
            "numbat",
        ),
        (
            (
                "faq",
                {
                    "items": [
                        {"question": "Quagga question?", "answer": "<p>Numbat.</p>"}
                    ]
                },
            ),
            "numbat",
        ),
        (
            (
                "references",
                {
                    "items": [
                        {
                            "title": "Quagga trial",
                            "source": "Numbat Journal",
                            "url": "https://example.org/q",
                            "pubmed_id": "",
                            "doi": "",
                        }
                    ]
                },
            ),
            "numbat",
        ),
    ],
)
def test_every_block_kind_is_searchable(client, make_page, block, query):
    page = make_page("Block test", body=[block])
    assert page.body[0].block_type == block[0]
    assert found(client, query) == [page.url]


def test_doctor_quotes_and_image_text_are_searchable(client, make_page, demo):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    image = get_image_model().objects.create(
        title="x", file=get_test_image_file(filename="quagga.png")
    )
    doctor = demo.medical_reviewer
    page = make_page(
        "Quote and image",
        body=[
            ("doctor_quote", {"quote": "Quagga advice.", "doctor": doctor.pk}),
            (
                "image",
                {"image": image.pk, "alt_text": "A numbat", "caption": "Wombat"},
            ),
        ],
    )
    assert [b.block_type for b in page.body] == ["doctor_quote", "image"]
    for query in ("quagga", "numbat", "wombat"):
        assert found(client, query) == [page.url], query


def test_only_live_public_pages_of_the_current_locale(client, make_page, turkish, demo):
    public = make_page("Dingo public")
    make_page("Dingo draft", publish=False)
    private = make_page("Dingo private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    protected = make_page("Dingo protected")
    PageViewRestriction.objects.create(
        page=protected, restriction_type="password", password="secret"
    )
    group_only = make_page("Dingo group")
    PageViewRestriction.objects.create(page=group_only, restriction_type="groups")
    section = TreatmentIndexPage(title="Members", slug="members")
    demo.get_parent().get_parent().add_child(instance=section)
    section.save_revision().publish()
    PageViewRestriction.objects.create(page=section, restriction_type="login")
    make_page("Dingo in a private section", parent=section)
    turkish_page = TreatmentPage(title="Dingo Türkçe", condition_name="x", summary="x")
    turkish.add_child(instance=turkish_page)
    turkish_page.save_revision().publish()

    assert found(client, "dingo") == [public.url]
    hrefs, _soup = results(client.get("/tr/search/", {"q": "dingo"}))
    assert hrefs == [turkish_page.url]
    assert turkish_page.url.startswith("/tr/")


def test_a_live_pages_unpublished_draft_is_not_searchable(client, make_page):
    page = make_page("Tapir", body=[paragraph("Quokka words.")])
    page.body = [{"type": "paragraph", "value": "<p>Wombat words.</p>"}]
    page.save_revision()
    assert found(client, "wombat") == []
    assert found(client, "quokka") == [page.url]
    page.get_latest_revision().publish()
    assert found(client, "wombat") == [page.url]
    assert found(client, "quokka") == []


def _index_entries(page):
    from wagtail.search.models import IndexEntry

    return IndexEntry.objects.filter(object_id=str(page.pk))


def test_unpublish_takes_a_page_out_at_once(client, make_page):
    page = make_page("Aardvark")
    assert found(client, "aardvark") == [page.url]
    page.unpublish()
    assert found(client, "aardvark") == []


def test_moving_a_page_updates_its_url_and_privacy(client, make_page, demo):
    page = make_page("Pangolin")
    home = demo.get_parent().get_parent()
    other = TreatmentIndexPage(title="More treatments", slug="more")
    home.add_child(instance=other)
    other.save_revision().publish()

    page.move(other, pos="last-child")
    page.refresh_from_db()
    assert found(client, "pangolin") == ["/more/pangolin/"]

    PageViewRestriction.objects.create(page=other, restriction_type="login")
    assert found(client, "pangolin") == []


def test_deleting_a_page_removes_it_from_the_index(client, make_page):
    page = make_page("Echidna")
    assert _index_entries(page).exists()
    pk = page.pk
    page.delete()
    assert not Page.objects.filter(pk=pk).exists()
    from wagtail.search.models import IndexEntry

    assert not IndexEntry.objects.filter(object_id=str(pk)).exists()
    assert found(client, "echidna") == []


def test_the_sqlite_fts_columns_are_where_the_weights_expect_them(db):
    backend = get_search_backend()
    if connection.vendor == "sqlite":
        from wagtail.search.models import SQLiteFTSIndexEntry

        from search.backends.sqlite import FTS_COLUMNS

        table = SQLiteFTSIndexEntry._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA table_info({table})")
            columns = tuple(row[1] for row in cursor.fetchall())
        assert columns == FTS_COLUMNS
        assert type(backend).__name__ == "WeightedSQLiteSearchBackend"
    else:
        assert type(backend).__name__ == "LocalisedPostgresSearchBackend"
        assert backend.config == "english"
        assert backend.config_for_language("tr") == "turkish"
        assert backend.config_for_language("en-gb") == "english"
