"""Wagtail's revision compare, rollback and audit log on treatment pages."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from treatments.models import TreatmentPage

from .admin import add_url, edit_url, treatment_data, workflow_action_url

OLD = "Four sessions are usual."
NEW = "Six sessions are usual."


@pytest.fixture
def edited_page(login, site_admin, index_page):
    """A page published with OLD text, then republished with a new title and NEW."""
    client = login(site_admin)
    data = treatment_data("Old title", "revised", action="publish", paragraph=OLD)
    assert client.post(add_url(index_page), data).status_code == 302
    page = TreatmentPage.objects.get(slug="revised")
    first = page.live_revision
    data = treatment_data("New title", "revised", action="publish", paragraph=NEW)
    assert client.post(edit_url(page), data).status_code == 302
    page.refresh_from_db()
    assert page.title == "New title"
    return page, first, page.live_revision


def test_compare_two_revisions_shows_the_changed_text(
    login, marketing_editor, edited_page
):
    page, first, second = edited_page
    client = login(marketing_editor)
    url = reverse(
        "wagtailadmin_pages:revisions_compare", args=(page.id, first.id, second.id)
    )
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    changes = {}
    for row in soup.select("table.listing tbody tr"):
        field = row.select_one("td.title").get_text(strip=True)
        cell = row.select_one("td.comparison")
        changes[field] = (
            [d.get_text(" ", strip=True) for d in cell.select(".deletion")],
            [a.get_text(" ", strip=True) for a in cell.select(".addition")],
        )
    assert changes["Title:"] == (["Old"], ["New"])
    deleted, added = changes["Body:"]
    assert OLD in deleted and NEW not in deleted
    assert NEW in added and OLD not in added


def test_revert_loads_the_old_revision_in_the_editor(
    login, marketing_editor, site_admin, edited_page
):
    page, first, _second = edited_page
    client = login(marketing_editor)
    url = reverse("wagtailadmin_pages:revisions_revert", args=(page.id, first.id))
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("input", attrs={"name": "title"})["value"] == "Old title"
    assert OLD in response.content.decode()
    assert "You are viewing a previous version of this page" in (
        response.content.decode()
    )

    # A site administrator publishes the old version again.
    client = login(site_admin)
    data = treatment_data("Old title", "revised", action="publish", paragraph=OLD)
    data["revision"] = str(first.id)
    assert client.post(url, data).status_code == 302
    page.refresh_from_db()
    assert page.title == "Old title"
    assert OLD in page.body[1].value.source
    history = client.get(reverse("wagtailadmin_pages:history", args=(page.id,)))
    rows = [
        " ".join(tr.get_text(" ", strip=True).split())
        for tr in BeautifulSoup(history.content, "html.parser").select("tbody tr")
    ]
    reverted = f"Reverted to previous revision with id {first.id} from"
    assert any(reverted in text and "siteadmin" in text for text in rows), rows


def test_history_and_site_history_show_who_did_what(
    login,
    marketing_editor,
    reviewer_user,
    reviewing_doctor,
    site_admin,
    index_page,
):
    client = login(marketing_editor)
    response = client.post(add_url(index_page), treatment_data("Audited", "audited"))
    assert response.status_code == 302
    page = TreatmentPage.objects.get(slug="audited")
    task_state = page.current_workflow_task_state
    client = login(reviewer_user)
    response = client.post(
        workflow_action_url(page, "approve", task_state), {"comment": "Checked."}
    )
    assert response.status_code == 302

    client = login(site_admin)
    response = client.get(reverse("wagtailadmin_pages:history", args=(page.id,)))
    assert response.status_code == 200
    rows = [
        " ".join(tr.get_text(" ", strip=True).split())
        for tr in BeautifulSoup(response.content, "html.parser").select("tbody tr")
    ]
    today = timezone.localdate().isoformat()

    def row(*words):
        matches = [text for text in rows if all(word in text for word in words)]
        assert matches, f"no history row with {words}: {rows}"
        return matches[0]

    assert row("Created").endswith("Mia Just now")
    assert row("'Medical review' started").endswith("Mia Just now")
    assert "Comment: Checked. drdemir" in row("Approved at 'Medical review'")
    assert row(f"Reviewed by Dr. Ayşe Demir on {today}").endswith("drdemir Just now")
    assert row("Published").endswith("drdemir Just now")

    response = client.get(reverse("wagtailadmin_reports:site_history"))
    assert response.status_code == 200
    text = " ".join(response.content.decode().split())
    # The log's action filter offers the review, and the entry names the doctor.
    assert "Medical review recorded" in text
    assert f"Reviewed by Dr. Ayşe Demir on {today}" in text
    assert "Audited" in text
