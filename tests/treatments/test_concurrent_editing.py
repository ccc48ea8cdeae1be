"""Two editors save the same page, and neither one's work is lost.

What Wagtail 7.4 does (``wagtail/admin/views/pages/edit.py`` and
``wagtail/admin/views/editing_sessions.py``), and so what these tests assert:

- The edit form carries ``loaded_revision_id`` and
  ``loaded_revision_created_at``: the revision the editor started from.
- While the editor is open, the browser pings the editing-sessions endpoint
  with that revision. Once someone else has saved a newer one, the answer
  says "<name> saved a new version", and the dialog the editor sees before
  saving says "Proceeding will overwrite the changes made by <name>".
- An autosave (a background JSON request) from a form that is out of date is
  refused with ``invalid_revision`` and saves nothing.
- Saving with the button (a normal form submission) is never refused: it
  saves a new revision on top of the other editor's. The other editor's
  revision stays in the history, where it can be viewed and restored.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.wagtail_tests import WagtailTestUtils

from tests.treatments.test_admin import add_url, page_form_data
from treatments.models import TreatmentIndexPage, TreatmentPage

BODY = [("heading", {"text": "How the treatment works", "level": "h2"})]
ALICE_SUMMARY = "Alice rewrote the introduction for parents."
BORA_SUMMARY = "Bora shortened the introduction."


def moderator(username, first_name, last_name):
    user = get_user_model().objects.create_user(
        username=username,
        password="x",
        first_name=first_name,
        last_name=last_name,
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    client = Client()
    client.force_login(user)
    return user, client


@pytest.fixture
def alice(db):
    return moderator("alice", "Alice", "Aydın")


@pytest.fixture
def bora(db):
    return moderator("bora", "Bora", "Demir")


@pytest.fixture
def page(demo, alice):
    """A treatment page made through the admin's add view, and published."""
    _user, client = alice
    index = TreatmentIndexPage.objects.get(slug="treatments")
    data = page_form_data("Botox for spasticity", "botox", BODY)
    response = client.post(add_url(index), data)
    assert response.status_code == 302
    return TreatmentPage.objects.get(slug="botox")


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.id,))


def open_editor(client, page):
    """GET the edit view; what the browser keeps from it."""
    response = client.get(edit_url(page))
    assert response.status_code == 200
    soup = WagtailTestUtils.get_soup(response.content)
    form = soup.select_one("form[data-edit-form]")
    sessions = soup.select_one("form.w-editing-sessions")
    return {
        "loaded_revision_id": form.select_one("[name=loaded_revision_id]")["value"],
        "loaded_revision_created_at": form.select_one(
            "[name=loaded_revision_created_at]"
        )["value"],
        "ping_url": sessions["data-w-swap-src-value"],
        "revision_id": sessions.select_one("[name=revision_id]")["value"],
        "revision_created_at": sessions.select_one("[name=revision_created_at]")[
            "value"
        ],
    }


def form(summary, editor, publish=False):
    data = page_form_data(
        "Botox for spasticity", "botox", BODY, summary=summary, **loaded(editor)
    )
    if not publish:
        del data["action-publish"]
    return data


def loaded(editor):
    return {
        "loaded_revision_id": editor["loaded_revision_id"],
        "loaded_revision_created_at": editor["loaded_revision_created_at"],
    }


def ping(client, editor):
    response = client.post(
        editor["ping_url"],
        {
            "revision_id": editor["revision_id"],
            "revision_created_at": editor["revision_created_at"],
            "is_editing": "1",
        },
    )
    assert response.status_code == 200
    return response.json()


def test_both_editors_start_from_the_same_revision(page, alice, bora):
    at_alice = open_editor(alice[1], page)
    at_bora = open_editor(bora[1], page)
    assert at_alice["loaded_revision_id"] == str(page.latest_revision_id)
    assert at_bora["loaded_revision_id"] == at_alice["loaded_revision_id"]
    assert at_bora["revision_id"] == at_bora["loaded_revision_id"]
    assert at_bora["loaded_revision_created_at"] == (
        page.latest_revision.created_at.isoformat()
    )
    # Before anyone saves, Bora only sees that Alice has the page open.
    other = ping(bora[1], at_bora)["other_sessions"]
    assert [(s["user"], s["revision_id"]) for s in other] == [("Alice Aydın", None)]


def test_neither_editors_revision_is_lost(page, alice, bora):
    (alice_user, alice_client), (bora_user, bora_client) = alice, bora
    first = page.latest_revision
    at_alice = open_editor(alice_client, page)
    at_bora = open_editor(bora_client, page)

    response = alice_client.post(edit_url(page), form(ALICE_SUMMARY, at_alice))
    assert response.status_code == 302
    page.refresh_from_db()
    alice_revision = page.latest_revision
    assert alice_revision != first and alice_revision.user == alice_user

    # Bora's editor is told, by name, that a newer version exists.
    answer = ping(bora_client, at_bora)
    assert [(s["user"], s["revision_id"]) for s in answer["other_sessions"]] == [
        ("Alice Aydın", alice_revision.pk)
    ]
    assert "Alice Aydın saved a new version" in answer["html"]
    warning = "Proceeding will overwrite the changes made by Alice Aydın."
    assert warning in answer["html"]

    # His background autosave from the old revision is refused...
    response = bora_client.post(
        edit_url(page), form(BORA_SUMMARY, at_bora), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "success": False,
        "error_code": "invalid_revision",
        "error_message": "Saving will overwrite a newer version.",
    }
    assert page.revisions.count() == 2

    # ...but when he presses Publish anyway, his version is saved on top.
    response = bora_client.post(
        edit_url(page), form(BORA_SUMMARY, at_bora, publish=True)
    )
    assert response.status_code == 302
    page.refresh_from_db()
    bora_revision = page.latest_revision

    revisions = list(page.revisions.order_by("created_at", "pk"))
    assert revisions == [first, alice_revision, bora_revision]
    assert [r.user for r in revisions[1:]] == [alice_user, bora_user]
    assert alice_revision.as_object().summary == ALICE_SUMMARY
    assert bora_revision.as_object().summary == BORA_SUMMARY
    assert page.live_revision == bora_revision
    assert page.summary == BORA_SUMMARY

    # Alice's version is in the history and one click from being restored.
    history = alice_client.get(reverse("wagtailadmin_pages:history", args=(page.id,)))
    assert history.status_code == 200
    html = history.content.decode()
    assert "Alice Aydın" in html and "Bora Demir" in html
    revert = alice_client.get(
        reverse(
            "wagtailadmin_pages:revisions_revert", args=(page.id, alice_revision.pk)
        )
    )
    assert revert.status_code == 200
    soup = WagtailTestUtils.get_soup(revert.content)
    assert soup.select_one("textarea[name=summary]").text.strip() == ALICE_SUMMARY

    # And Alice, back in her editor on her own revision, is told Bora saved.
    answer = ping(
        alice_client,
        {
            "ping_url": at_alice["ping_url"],
            "revision_id": str(alice_revision.pk),
            "revision_created_at": alice_revision.created_at.isoformat(),
        },
    )
    assert [(s["user"], s["revision_id"]) for s in answer["other_sessions"]] == [
        ("Bora Demir", bora_revision.pk)
    ]
    assert "Bora Demir saved a new version" in answer["html"]


def test_an_autosave_from_the_latest_revision_is_saved(page, bora):
    """The refusal above is about the stale revision, not about autosaving."""
    bora_user, bora_client = bora
    at_bora = open_editor(bora_client, page)
    response = bora_client.post(
        edit_url(page), form(BORA_SUMMARY, at_bora), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    assert response.json()["success"] is True
    page.refresh_from_db()
    assert response.json()["revision_id"] == page.latest_revision_id
    assert page.latest_revision.user == bora_user
    assert page.latest_revision.as_object().summary == BORA_SUMMARY
    assert page.revisions.count() == 2
