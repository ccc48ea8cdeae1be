"""A treatment page translated with wagtail-localize's own models and admin
views: every block is segments (the table cell by cell), identifiers are
copied, a change to the source leaves only the changed segments to translate,
and a PO file goes out and comes back through the admin."""

import polib
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from content_blocks.tables import table_value
from treatments.models import TreatmentPage

PUBMED_ID = "31234567"
DOI = "10.1542/peds.2019-1234"
URL = "https://example.org/study"


def body():
    return [
        {"type": "heading", "value": {"text": "How it is given", "level": "h2"}},
        {"type": "paragraph", "value": "<p>Cells are given in <b>two</b> ways.</p>"},
        {
            "type": "table",
            "value": table_value(
                ["Route", "Sessions"],
                [["Intravenous", "Two"], ["Intrathecal", "Four"]],
                caption="Routes compared",
                first_col_is_header=True,
            ),
        },
        {
            "type": "faq",
            "value": {
                "items": [{"question": "Does it hurt?", "answer": "<p>Rarely.</p>"}]
            },
        },
        {
            "type": "references",
            "value": {
                "items": [
                    {
                        "title": "A trial of cells",
                        "source": "Pediatrics",
                        "url": URL,
                        "pubmed_id": PUBMED_ID,
                        "doi": DOI,
                    }
                ]
            },
        },
    ]


@pytest.fixture
def turkish(db):
    return Locale.objects.get(language_code="tr")


@pytest.fixture
def page(demo):
    page = TreatmentPage(
        title="Cells for spasticity",
        slug="cells-for-spasticity",
        condition_name="Spasticity",
        summary="How cells are given for spasticity.",
        body=body(),
    )
    demo.get_parent().add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def translation(page, turkish):
    """As "Translate this page" makes it: a Turkish draft of the source."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=turkish)
    translation.save_target(publish=False)
    return translation


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """``publish(translation)``: wagtail-localize publishes on commit."""

    def _publish(translation):
        with django_capture_on_commit_callbacks(execute=True):
            translation.save_target(publish=True)

    return _publish


def segments(source):
    return {
        segment.context.path: segment.string.data
        for segment in StringSegment.objects.filter(source=source).select_related(
            "string", "context"
        )
    }


def translate(translation, texts=None, prefix="TR "):
    """Translate the source's strings (only ``texts`` when given)."""
    for segment in StringSegment.objects.filter(
        source=translation.source
    ).select_related("string", "context"):
        if texts is not None and segment.string.data not in texts:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            defaults={"data": prefix + segment.string.data},
        )


def untranslated(translation):
    return {
        segment.string.data
        for segment in StringSegment.objects.filter(
            source=translation.source
        ).select_related("string", "context")
        if not StringTranslation.objects.filter(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
        ).exists()
    }


def table_of(page):
    value = next(b.value for b in page.body if b.block_type == "table")
    return {
        "caption": value["caption"],
        "header": list(value["header"]),
        "rows": [list(row["cells"]) for row in value["rows"]],
        "first_col_is_header": value["first_col_is_header"],
    }


def test_every_text_is_a_segment_and_identifiers_are_not(translation):
    texts = set(segments(translation.source).values())
    cells = {"Route", "Sessions", "Intravenous", "Two", "Intrathecal", "Four"}
    assert cells | {"Routes compared", "How it is given", "Does it hurt?"} <= texts
    assert {"A trial of cells", "Pediatrics", "Spasticity"} <= texts
    assert not {PUBMED_ID, DOI, URL} & texts
    # Each cell is a segment of its own, at the path of its list item.
    paths = [
        path
        for path, text in segments(translation.source).items()
        if text == "Intrathecal"
    ]
    assert len(paths) == 1 and ".rows." in paths[0] and ".cells." in paths[0]


def test_translate_edit_sync_only_the_changed_segments_are_untranslated(
    page, translation, turkish, publish
):
    translate(translation)
    publish(translation)
    page_tr = page.get_translation(turkish)
    assert page_tr.live
    assert page_tr.title == "TR Cells for spasticity"
    assert table_of(page_tr) == {
        "caption": "TR Routes compared",
        "header": ["TR Route", "TR Sessions"],
        "rows": [["TR Intravenous", "TR Two"], ["TR Intrathecal", "TR Four"]],
        "first_col_is_header": True,
    }
    reference = next(b.value for b in page_tr.body if b.block_type == "references")
    item = reference["items"][0]
    assert (item["pubmed_id"], item["doi"], item["url"]) == (PUBMED_ID, DOI, URL)
    assert item["title"] == "TR A trial of cells"
    assert untranslated(translation) == set()

    # The English page changes one cell and the summary.
    page.refresh_from_db()
    english = page.get_latest_revision_as_object()
    table = next(b for b in english.body if b.block_type == "table")
    table.value["rows"][1]["cells"][1] = "Five"
    english.summary = "How cells are given for spasticity today."
    english.save_revision().publish()

    translation.source.update_from_db()
    assert untranslated(translation) == {
        "Five",
        "How cells are given for spasticity today.",
    }
    # Synchronised before it is translated, the page keeps every other
    # translation and shows the source text where a translation is missing.
    publish(translation)
    page_tr.refresh_from_db()
    assert table_of(page_tr)["rows"] == [
        ["TR Intravenous", "TR Two"],
        ["TR Intrathecal", "Five"],
    ]
    assert page_tr.summary == "How cells are given for spasticity today."
    assert page_tr.title == "TR Cells for spasticity"

    translate(translation, {"Five"})
    publish(translation)
    page_tr.refresh_from_db()
    assert table_of(page_tr)["rows"][1] == ["TR Intrathecal", "TR Five"]


@pytest.fixture
def admin_client_(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(user)
    return client


def test_po_download_and_upload_through_the_admin(
    admin_client_, page, translation, publish
):
    download = reverse("wagtail_localize:download_pofile", args=[translation.pk])
    response = admin_client_.get(download)
    assert response.status_code == 200
    po = polib.pofile(response.content.decode())
    assert po.metadata["X-WagtailLocalize-TranslationID"] == str(translation.uuid)
    msgids = {entry.msgid for entry in po}
    assert {"Intrathecal", "Routes compared", "Does it hurt?"} <= msgids
    assert PUBMED_ID not in msgids
    for entry in po:
        entry.msgstr = "TR " + entry.msgid

    upload = reverse("wagtail_localize:upload_pofile", args=[translation.pk])
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = admin_client_.post(
        upload,
        {"file": SimpleUploadedFile("tr.po", str(po).encode()), "next": edit},
    )
    assert response.status_code == 302
    assert response["Location"] == edit
    assert untranslated(translation) == set()
    imported = StringTranslation.objects.filter(
        locale=translation.target_locale,
        context__object_id=translation.source.object_id,
    )
    assert set(imported.values_list("tool_name", flat=True)) == {"PO File"}
    publish(translation)
    page_tr = page.get_translation(translation.target_locale)
    assert table_of(page_tr)["rows"][1] == ["TR Intrathecal", "TR Four"]


def test_a_po_file_of_another_translation_or_broken_imports_nothing(
    admin_client_, page, translation
):
    upload = reverse("wagtail_localize:upload_pofile", args=[translation.pk])
    other = polib.POFile()
    other.metadata = {"X-WagtailLocalize-TranslationID": "not-this-one"}
    other.append(polib.POEntry(msgid="Intrathecal", msgstr="İntratekal"))
    for data in [
        {"file": SimpleUploadedFile("tr.po", str(other).encode())},
        {"file": SimpleUploadedFile("tr.po", b'msgid "unterminated')},
        {"file": SimpleUploadedFile("tr.po", b"\xff\xfe not text")},
        {},
    ]:
        response = admin_client_.post(upload, data)
        assert response.status_code == 302
    assert untranslated(translation) == set(segments(translation.source).values())
