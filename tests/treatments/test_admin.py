"""Treatment pages through the real Wagtail admin views.

Every test here drives the admin the way an editor's browser does: a logged-in
user POSTs the page form (built with ``wagtail.test.utils.form_data``) to the
add or edit view, then the tests check what the database holds and what the
public page serves.

Who may publish: Wagtail's migrations give the "Editors" group add and change
permission on the root page but not publish, so the user who publishes here is
in "Moderators" (add, change, publish, lock). One test shows what an editor's
"publish" click does instead.
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Page
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)
from wagtail.test.utils.wagtail_tests import WagtailTestUtils

from doctors.models import Doctor
from home.models import HomePage
from treatments.models import TreatmentIndexPage, TreatmentPage

RICH_FEATURES = ["bold", "italic", "link", "ol", "ul"]
PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript"]

ALL_BLOCK_TYPES = [
    "heading",
    "paragraph",
    "table",
    "doctor_quote",
    "case_study",
    "faq",
    "references",
    "callout",
    "image",
]

FAQ_QUESTION = "How many sessions does the treatment need?"
TABLE_CELL = "Intrathecal injection"
TABLE_CAPTION = "Routes of administration compared"
PUBMED_ID = "31234567"


# --- form data helpers -------------------------------------------------------


def list_block(values):
    """ListBlock form data in Wagtail 7's layout (count, N-value, N-deleted...)."""
    data = {"count": str(len(values))}
    for index, value in enumerate(values):
        data[str(index)] = {"value": value, "deleted": "", "order": str(index)}
    return data


def table_value(data, caption=TABLE_CAPTION):
    """The data table's form: a caption, the header row and rows of cells."""
    return {
        "caption": caption,
        "header": list_block(data[0]),
        "rows": list_block([{"cells": list_block(row)} for row in data[1:]]),
    }


def reference(**fields):
    return {"title": "A study", "source": "", "url": "", "pubmed_id": "", "doi": ""} | (
        fields
    )


def references_block(*items):
    return ("references", {"items": list_block(list(items))})


def image_block(image, alt_text="An MRI scan of a child's brain"):
    return (
        "image",
        {"image": str(image.pk), "alt_text": alt_text, "caption": "Before treatment"},
    )


def every_block(doctor, image):
    """One block of each type of TreatmentStreamBlock, in declaration order."""
    return [
        ("heading", {"text": "How the treatment works", "level": "h2"}),
        (
            "paragraph",
            rich_text(
                "<p>Stem cells are <b>collected</b> and prepared.</p>",
                features=PARAGRAPH_FEATURES,
            ),
        ),
        (
            "table",
            table_value(
                [
                    ["Method", "Sessions"],
                    [TABLE_CELL, "4"],
                    ["Intravenous infusion", "2"],
                ]
            ),
        ),
        (
            "doctor_quote",
            {"quote": "Every child responds differently.", "doctor": str(doctor.pk)},
        ),
        (
            "case_study",
            {
                "label": "Case A",
                "heading_level": "h4",
                "patient_age": "5 years",
                "classification": "GMFCS Level 4",
                "intervention": "Four intrathecal applications.",
                "outcome": "Sits without support.",
                "narrative": "The family came after two years of physiotherapy.",
                "anonymised": "on",
            },
        ),
        (
            "faq",
            {
                "items": list_block(
                    [
                        {
                            "question": FAQ_QUESTION,
                            "answer": rich_text(
                                "<p>Usually four.</p>", features=RICH_FEATURES
                            ),
                        }
                    ]
                )
            },
        ),
        references_block(
            reference(
                title="Cord blood for cerebral palsy",
                source="Pediatrics",
                pubmed_id=PUBMED_ID,
                doi="10.1542/peds.2019-1234",
            )
        ),
        (
            "callout",
            {
                "kind": "warning",
                "heading": "Not a cure",
                "heading_level": "h3",
                "text": rich_text(
                    "<p>Results vary between patients.</p>", features=RICH_FEATURES
                ),
            },
        ),
        image_block(image),
    ]


def page_form_data(title, slug, body, **extra):
    """The POST data of a TreatmentPage form, with the publish button pressed."""
    data = {
        "title": title,
        "slug": slug,
        "condition_name": "Cerebral palsy",
        "summary": "What the treatment is and who it is for.",
        "hero_image": "",
        "body": streamfield(body),
        "medical_reviewer": "",
        "last_reviewed": "",
        "seo_title": "",
        "search_description": "",
        "canonical_url": "",
        "og_image": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
        "action-publish": "action-publish",
    }
    data.update(extra)
    return nested_form_data(data)


def add_url(parent, model=TreatmentPage):
    return reverse(
        "wagtailadmin_pages:add",
        args=(model._meta.app_label, model._meta.model_name, parent.id),
    )


def _form_errors(response):
    """The form's errors, for assertion messages when a POST did not redirect."""
    context = getattr(response, "context", None)
    if not context or "form" not in context:
        return f"status {response.status_code}"
    form = context["form"]
    return {
        "errors": form.errors.as_data(),
        "formsets": {name: fs.errors for name, fs in form.formsets.items()},
    }


def _body_block_errors(response):
    """The body's block errors as rendered for the editor's StreamField widget.

    Wagtail renders the StreamField as ``<div id="body" data-controller="w-block"
    data-w-block-arguments-value="[value, errors]">``; the errors are what the
    admin's JavaScript shows next to each block.
    """
    soup = WagtailTestUtils.get_soup(response.content)
    widget = soup.find("div", id="body", attrs={"data-controller": "w-block"})
    assert widget is not None, "the body StreamField widget was not rendered"
    _value, errors = json.loads(widget["data-w-block-arguments-value"])
    assert errors is not None, "the body widget was rendered without errors"
    return errors


# --- fixtures ----------------------------------------------------------------


@pytest.fixture
def index_page(demo):
    return TreatmentIndexPage.objects.get(slug="treatments")


@pytest.fixture
def doctor(db):
    return Doctor.objects.create(
        honorific="Dr.",
        name="Ayşe Demir",
        specialty="Paediatric neurology",
        locale=Locale.get_default(),
    )


@pytest.fixture
def image(db):
    return Image.objects.create(title="MRI scan", file=get_test_image_file())


def _user_in_group(username, group_name):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.com", password="x"
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def moderator(db):
    """A non-superuser in Wagtail's default "Moderators" group (can publish)."""
    return _user_in_group("moderator", "Moderators")


@pytest.fixture
def editor(db):
    """A non-superuser in Wagtail's default "Editors" group (cannot publish)."""
    return _user_in_group("editor", "Editors")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


# --- creating and publishing -------------------------------------------------


def test_default_groups_decide_who_publishes(editor, moderator):
    """Why the publishing user is a moderator: editors lack publish_page."""
    home = HomePage.objects.get(locale__language_code="en")
    assert not editor.is_superuser and not moderator.is_superuser
    assert editor.has_perm("wagtailadmin.access_admin")
    assert moderator.has_perm("wagtailadmin.access_admin")
    # The group permissions sit on the root page and so cover the home page.
    assert home.permissions_for_user(editor).can_add_subpage()
    assert not home.permissions_for_user(editor).can_publish_subpage()
    assert home.permissions_for_user(moderator).can_publish_subpage()


def test_moderator_creates_and_publishes_page_with_every_block(
    moderator_client, index_page, doctor, image
):
    data = page_form_data(
        "Stem cells for spasticity", "stem-cells-spasticity", every_block(doctor, image)
    )
    response = moderator_client.post(add_url(index_page), data)

    assert response.status_code == 302, _form_errors(response)
    assert response["Location"] == reverse(
        "wagtailadmin_explore", args=(index_page.id,)
    )

    page = TreatmentPage.objects.get(slug="stem-cells-spasticity")
    assert page.get_parent().id == index_page.id
    assert page.live
    assert not page.has_unpublished_changes
    assert page.owner.username == "moderator"
    assert page.live_revision is not None
    assert page.live_revision.user.username == "moderator"

    assert [block.block_type for block in page.body] == ALL_BLOCK_TYPES
    blocks = {block.block_type: block.value for block in page.body}
    assert blocks["heading"]["text"] == "How the treatment works"
    assert "<b>collected</b>" in blocks["paragraph"].source
    assert blocks["table"]["caption"] == TABLE_CAPTION
    assert list(blocks["table"]["header"]) == ["Method", "Sessions"]
    assert list(blocks["table"]["rows"][0]["cells"]) == [TABLE_CELL, "4"]
    assert blocks["doctor_quote"]["doctor"].pk == doctor.pk
    assert blocks["case_study"]["anonymised"] is True
    assert blocks["case_study"]["classification"] == "GMFCS Level 4"
    assert [item["question"] for item in blocks["faq"]["items"]] == [FAQ_QUESTION]
    assert "Usually four." in blocks["faq"]["items"][0]["answer"].source
    assert [item["pubmed_id"] for item in blocks["references"]["items"]] == [PUBMED_ID]
    assert blocks["references"]["items"][0]["doi"] == "10.1542/peds.2019-1234"
    assert blocks["callout"]["kind"] == "warning"
    assert blocks["image"]["image"].pk == image.pk
    assert blocks["image"]["alt_text"] == "An MRI scan of a child's brain"

    moderator_client.logout()
    public = moderator_client.get(page.url)
    assert public.status_code == 200
    html = public.content.decode()
    assert "<h1>Stem cells for spasticity</h1>" in html
    assert '<h2 id="how-the-treatment-works">How the treatment works</h2>' in html
    assert f"<summary>{FAQ_QUESTION}</summary>" in html
    assert f"<caption>{TABLE_CAPTION}</caption>" in html
    assert '<th scope="col">Method</th>' in html
    assert f"<td>{TABLE_CELL}</td>" in html
    assert "<p>Every child responds differently.</p>" in html
    assert "Dr. Ayşe Demir" in html
    assert f'href="https://pubmed.ncbi.nlm.nih.gov/{PUBMED_ID}/"' in html
    assert 'alt="An MRI scan of a child&#x27;s brain"' in html


def test_editor_publish_click_saves_a_draft_only(client, editor, index_page):
    """Editors have no publish permission: "publish" falls back to a draft."""
    client.force_login(editor)
    data = page_form_data(
        "Draft treatment",
        "draft-treatment",
        [("heading", {"text": "Overview", "level": "h2"})],
    )
    response = client.post(add_url(index_page), data)

    assert response.status_code == 302, _form_errors(response)
    page = TreatmentPage.objects.get(slug="draft-treatment")
    assert not page.live
    assert page.live_revision is None
    assert page.get_latest_revision().user == editor
    client.logout()
    assert client.get("/treatments/draft-treatment/").status_code == 404


# --- validation --------------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "field", "message"),
    [
        (
            reference(),
            "url",
            "Give a URL, a PubMed ID or a DOI so readers can find the source.",
        ),
        (reference(pubmed_id="abc"), "pubmed_id", "A PubMed ID is digits only."),
        (reference(doi="doi:123"), "doi", "A DOI starts with 10. and a slash."),
    ],
    ids=["no-locator", "pubmed-not-digits", "bad-doi"],
)
def test_invalid_reference_is_a_form_error(
    moderator_client, index_page, ref, field, message
):
    before = TreatmentPage.objects.count()
    data = page_form_data("Bad reference", "bad-reference", [references_block(ref)])
    response = moderator_client.post(add_url(index_page), data)

    assert response.status_code == 200
    assert not TreatmentPage.objects.filter(slug="bad-reference").exists()
    assert TreatmentPage.objects.count() == before
    assert "The page could not be created due to validation errors" in (
        response.content.decode()
    )
    errors = _body_block_errors(response)
    item_errors = errors["blockErrors"]["0"]["blockErrors"]["items"]["blockErrors"]
    assert item_errors["0"]["blockErrors"] == {field: {"messages": [message]}}


def test_image_without_alt_text_is_a_form_error(moderator_client, index_page, image):
    data = page_form_data("No alt", "no-alt", [image_block(image, alt_text="")])
    response = moderator_client.post(add_url(index_page), data)

    assert response.status_code == 200
    assert not TreatmentPage.objects.filter(slug="no-alt").exists()
    errors = _body_block_errors(response)
    assert errors["blockErrors"]["0"]["blockErrors"] == {
        "alt_text": {"messages": ["This field is required."]}
    }


NOT_ANONYMISED_CASE = {
    "label": "Case B",
    "heading_level": "h4",
    "patient_age": "",
    "classification": "",
    "intervention": "",
    "outcome": "",
    "narrative": "A case whose editor did not tick the anonymised box.",
    # "anonymised" is left out: an unticked checkbox sends nothing.
}


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            ("faq", {"items": list_block([])}),
            {"items": {"messages": ["The minimum number of items is 1"]}},
        ),
        (
            ("case_study", NOT_ANONYMISED_CASE),
            {"anonymised": {"messages": ["This field is required."]}},
        ),
        (
            ("doctor_quote", {"quote": "Unattributed words.", "doctor": ""}),
            {"doctor": {"messages": ["This field is required."]}},
        ),
        (
            ("doctor_quote", {"quote": "Words of nobody.", "doctor": "999999"}),
            {"doctor": {"messages": ["This field is required."]}},
        ),
        (
            ("image", {"image": "999999", "alt_text": "Gone", "caption": ""}),
            {"image": {"messages": ["This field is required."]}},
        ),
    ],
    ids=[
        "faq-without-questions",
        "case-not-anonymised",
        "quote-without-doctor",
        "quote-unknown-doctor",
        "image-unknown",
    ],
)
def test_invalid_block_is_a_form_error(moderator_client, index_page, block, expected):
    data = page_form_data("Invalid block", "invalid-block", [block])
    response = moderator_client.post(add_url(index_page), data)

    assert response.status_code == 200
    assert not TreatmentPage.objects.filter(slug="invalid-block").exists()
    assert _body_block_errors(response)["blockErrors"]["0"]["blockErrors"] == expected


# --- page tree rules ---------------------------------------------------------


def test_page_type_rules():
    assert TreatmentPage.allowed_parent_page_models() == [TreatmentIndexPage]
    assert TreatmentIndexPage.allowed_parent_page_models() == [HomePage]
    assert TreatmentPage.allowed_subpage_models() == []
    assert TreatmentIndexPage.allowed_subpage_models() == [TreatmentPage]


def test_tree_rules_hold_in_the_tree(index_page):
    home = HomePage.objects.get(locale__language_code="en")
    assert not TreatmentPage.can_create_at(home)
    assert TreatmentPage.can_create_at(index_page)
    assert TreatmentIndexPage.can_create_at(home)
    assert not TreatmentIndexPage.can_create_at(index_page)


def test_admin_refuses_treatment_page_under_home_page(moderator_client, index_page):
    """Wagtail turns the view's PermissionDenied into a redirect with a message."""
    home = HomePage.objects.get(locale__language_code="en")
    before = TreatmentPage.objects.count()
    url = add_url(home)

    response = moderator_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    messages = [str(m).strip() for m in get_messages(response.wsgi_request)]
    assert "Sorry, you do not have permission to access this area." in messages

    data = page_form_data(
        "Wrong place", "wrong-place", [("heading", {"text": "Hi", "level": "h2"})]
    )
    response = moderator_client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert TreatmentPage.objects.count() == before
    assert not Page.objects.filter(slug="wrong-place").exists()


def test_admin_refuses_subpage_of_treatment_page(moderator_client, demo):
    url = add_url(demo, TreatmentPage)
    response = moderator_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_add_subpage_of_index_goes_straight_to_treatment_form(
    moderator_client, index_page
):
    response = moderator_client.get(
        reverse("wagtailadmin_pages:add_subpage", args=(index_page.id,))
    )
    assert response.status_code == 302
    assert response["Location"] == add_url(index_page)


# --- editing -----------------------------------------------------------------


def test_edit_and_publish_changes_the_live_title(
    moderator_client, index_page, doctor, image
):
    body = every_block(doctor, image)
    response = moderator_client.post(
        add_url(index_page), page_form_data("Old title", "editable", body)
    )
    assert response.status_code == 302, _form_errors(response)
    page = TreatmentPage.objects.get(slug="editable")
    revisions_before = page.revisions.count()
    first_revision = page.live_revision

    edit_url = reverse("wagtailadmin_pages:edit", args=(page.id,))
    assert moderator_client.get(edit_url).status_code == 200
    response = moderator_client.post(
        edit_url, page_form_data("New title", "editable", body)
    )
    assert response.status_code == 302, _form_errors(response)

    page.refresh_from_db()
    assert page.title == "New title"
    assert page.live
    assert not page.has_unpublished_changes
    assert page.revisions.count() == revisions_before + 1
    assert page.live_revision != first_revision
    assert page.live_revision.as_object().title == "New title"
    assert [block.block_type for block in page.body] == ALL_BLOCK_TYPES

    moderator_client.logout()
    public = moderator_client.get(page.url)
    assert public.status_code == 200
    html = public.content.decode()
    assert "<h1>New title</h1>" in html
    assert "Old title" not in html


def test_unreadable_table_is_a_form_error(moderator_client, index_page):
    """A hand-made POST without the table's list counts is a form error, not
    a 500."""
    broken = {"caption": "Broken", "header": {"count": "x"}, "rows": {}}
    data = page_form_data("Broken table", "broken-table", [("table", broken)])
    response = moderator_client.post(add_url(index_page), data)

    assert response.status_code == 200
    assert not TreatmentPage.objects.filter(slug="broken-table").exists()
    assert _body_block_errors(response)["blockErrors"]["0"] == {
        "messages": ["The table could not be read. Please edit it again."]
    }
