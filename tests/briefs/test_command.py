"""``import_brief``: the JSON of a dry run, and the draft it makes."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from treatments.models import TreatmentPage

from .briefs import KNEE, SEED_TEXT, seed_as_docx, write

pytestmark = pytest.mark.django_db

BLOCK_KEYS = {
    "heading": {"type", "level", "text"},
    "paragraph": {"type", "text"},
    "table": {"type", "header", "rows"},
    "doctor_quote": {"type", "doctor", "quote"},
    "case_study": {"type", "label", "text"},
    "faq": {"type", "items"},
    "references": {"type", "items"},
}


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_brief", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_json_has_the_issues_shape_and_creates_nothing(demo, tmp_path):
    before = TreatmentPage.objects.count()
    out, _err = run(
        str(write(tmp_path, "seed.txt", SEED_TEXT)), "--dry-run", "--format", "json"
    )
    data = json.loads(out)
    assert set(data) == {
        "title",
        "seo_title",
        "seo_description",
        "summary",
        "blocks",
        "warnings",
    }
    assert data["title"] == "Stem Cell Therapy for Cerebral Palsy"
    for block in data["blocks"]:
        assert set(block) == BLOCK_KEYS[block["type"]], block
    faq = next(b for b in data["blocks"] if b["type"] == "faq")
    assert set(faq["items"][0]) == {"question", "answer"}
    references = next(b for b in data["blocks"] if b["type"] == "references")
    assert set(references["items"][0]) == {"source", "title", "url"}
    assert data["warnings"] == []
    assert TreatmentPage.objects.count() == before


def test_without_dry_run_a_draft_is_made_and_its_edit_url_printed(demo, tmp_path):
    out, _err = run(str(write(tmp_path, "knee.txt", KNEE)))
    page = TreatmentPage.objects.get(title="PRP Therapy for Knee Osteoarthritis")
    assert not page.live
    assert page.has_unpublished_changes
    assert page.get_parent().specific == demo.get_parent().specific
    assert f"/admin/pages/{page.pk}/edit/" in out
    assert page.seo_title == "PRP Injections for Knee Osteoarthritis | Clinic"
    assert page.condition_name == "Knee Osteoarthritis"
    assert [b.block_type for b in page.body][:4] == [
        "heading",
        "paragraph",
        "table",
        "doctor_quote",
    ]
    assert page.body[3].value["doctor"] is None  # no such doctor on the site
    assert page.revisions.count() == 1


def test_a_docx_brief_matches_the_doctor_by_name(demo, tmp_path):
    out, _err = run(
        str(write(tmp_path, "seed.docx", seed_as_docx())), "--condition", "CP"
    )
    page = TreatmentPage.objects.exclude(pk=demo.pk).get(
        title="Stem Cell Therapy for Cerebral Palsy"
    )
    assert page.slug == "stem-cell-therapy-for-cerebral-palsy-2"
    quote = next(b for b in page.body if b.block_type == "doctor_quote")
    assert quote.value["doctor"].full_name == "Prof. Dr. Erdinç Özek"
    assert not page.live


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("fake.docx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "not a Word document"),
        ("notitle.txt", b"A sentence.\nAnother.\n", "no title"),
    ],
)
def test_bad_briefs_are_command_errors_and_create_nothing(
    demo, tmp_path, name, content, message
):
    before = TreatmentPage.objects.count()
    with pytest.raises(CommandError, match=message):
        run(str(write(tmp_path, name, content)))
    assert TreatmentPage.objects.count() == before


def test_an_unknown_parent_or_locale_is_an_error(demo, tmp_path):
    path = str(write(tmp_path, "knee.txt", KNEE))
    with pytest.raises(CommandError, match="No treatments index"):
        run(path, "--parent", "/nowhere/")
    with pytest.raises(CommandError, match="No content language"):
        run(path, "--locale", "xx")
