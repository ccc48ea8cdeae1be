"""The admin flow through the real views: upload or paste, preview, create."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.reviews.conftest import (  # noqa: F401 - fixtures
    MARKETING_EDITORS,
    MEDICAL_REVIEWERS,
    make_user,
)
from treatments.models import TreatmentIndexPage, TreatmentPage

from .briefs import KNEE, seed_as_docx

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(demo):
    return TreatmentIndexPage.objects.get(slug="treatments")


@pytest.fixture
def editor_client(client, demo):
    client.force_login(make_user("marketer", MARKETING_EDITORS))
    return client


def url(index):
    return reverse("briefs_import", args=[index.pk])


def read(client, index, **data):
    data.setdefault("locale", "en")
    data.setdefault("text_format", "text")
    return client.post(url(index), data)


def token_of(response):
    return re.search(r'name="token" value="([^"]+)"', response.content.decode())[1]


def test_the_treatments_index_offers_import_a_brief(editor_client, index):
    response = editor_client.get(reverse("wagtailadmin_explore", args=[index.pk]))
    assert url(index) in response.content.decode()
    home = index.get_parent()
    response = editor_client.get(reverse("wagtailadmin_explore", args=[home.pk]))
    # In the home page's listing, on the treatments index's row only.
    assert response.content.decode().count("/admin/briefs/import/") == 1


def test_a_pasted_brief_is_previewed_then_made_a_draft(editor_client, index):
    before = TreatmentPage.objects.count()
    response = read(editor_client, index, text=KNEE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "PRP Therapy for Knee Osteoarthritis" in html
    assert "No match: choose one" in html
    assert html.count("data-block-type=") == 11
    assert TreatmentPage.objects.count() == before  # nothing yet
    headings = re.findall(r'name="(level_\d+)"', html)
    assert len(headings) == 4
    data = {"token": token_of(response), "condition_name": "Knee osteoarthritis"}
    data.update(dict.fromkeys(headings, "h2"))
    data[headings[1]] = "h3"
    response = editor_client.post(url(index), data)
    page = TreatmentPage.objects.get(title="PRP Therapy for Knee Osteoarthritis")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert not page.live
    assert page.get_parent().pk == index.pk
    assert page.condition_name == "Knee osteoarthritis"
    levels = [b.value["level"] for b in page.body if b.block_type == "heading"]
    assert levels == ["h2", "h3", "h2", "h2"]
    assert TreatmentPage.objects.count() == before + 1
    # The editor opens it.
    assert editor_client.get(response["Location"]).status_code == 200


def test_an_uploaded_docx_matches_the_quoted_doctor(editor_client, index):
    upload = SimpleUploadedFile("seed.docx", seed_as_docx())
    response = editor_client.post(
        url(index), {"file": upload, "locale": "en", "text_format": "text"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    selected = re.search(r'<option value="(\d+)" selected>Prof. Dr. Erdinç Özek', html)
    assert selected


def refused(response):
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_who_may_not_add_pages_is_refused(client, index):
    before = TreatmentPage.objects.count()
    client.force_login(make_user("nurse", MEDICAL_REVIEWERS))
    assert refused(client.get(url(index)))
    assert refused(read(client, index, text=KNEE))
    assert TreatmentPage.objects.count() == before
    response = client.get(reverse("wagtailadmin_explore", args=[index.pk]))
    assert "/admin/briefs/import/" not in response.content.decode()


def test_only_a_treatments_index_takes_briefs(editor_client, index):
    home = index.get_parent()
    assert refused(editor_client.get(url(home)))


def test_csrf_is_required(demo, index):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("marketer", MARKETING_EDITORS))
    assert read(client, index, text=KNEE).status_code == 403


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("fake.docx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "not a Word document"),
        ("notitle.md", b"## Section\n\nText.\n", "no title"),
        ("brief.pdf", b"%PDF-1.4", ".docx, .md or .txt"),
    ],
)
def test_bad_uploads_are_form_errors(editor_client, index, name, content, message):
    before = TreatmentPage.objects.count()
    upload = SimpleUploadedFile(name, content)
    response = editor_client.post(
        url(index), {"file": upload, "locale": "en", "text_format": "text"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert TreatmentPage.objects.count() == before


def test_a_20_mb_upload_is_refused_with_a_form_error(editor_client, index):
    upload = SimpleUploadedFile("big.txt", b"a" * (20 * 1024 * 1024))
    response = editor_client.post(
        url(index), {"file": upload, "locale": "en", "text_format": "text"}
    )
    assert response.status_code == 200
    assert "too large" in response.content.decode()


def test_script_in_a_brief_is_shown_as_text_never_run(editor_client, index):
    brief = "Title\nIntro.\nSection\n<script>alert('x')</script> text.\n"
    response = read(editor_client, index, text=brief)
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "HTML or script" in html


def test_an_expired_preview_creates_nothing(editor_client, index):
    before = TreatmentPage.objects.count()
    response = editor_client.post(
        url(index), {"token": "nope", "condition_name": "x"}, follow=True
    )
    assert response.status_code == 200
    assert "expired" in response.content.decode()
    assert TreatmentPage.objects.count() == before
