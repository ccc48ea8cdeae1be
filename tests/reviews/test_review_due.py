"""Pages due for medical review: the report, the dashboard panel and the emails."""

import csv
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Locale

from doctors.models import Doctor
from treatments.models import TreatmentPage

from .conftest import MEDICAL_REVIEWERS, make_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TODAY = timezone.localdate


def add_treatment(index_page, title, reviewed_days_ago, reviewer=None, live=True):
    """A treatment page last reviewed ``reviewed_days_ago`` days ago (None: never)."""
    slug = title.lower().replace(" ", "-")
    page = TreatmentPage(
        title=title,
        slug=slug,
        condition_name="Cerebral palsy",
        summary="A summary.",
        medical_reviewer=reviewer,
        last_reviewed=(
            None
            if reviewed_days_ago is None
            else TODAY() - timedelta(days=reviewed_days_ago)
        ),
    )
    index_page.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    else:
        page.unpublish()
    return TreatmentPage.objects.get(pk=page.pk)


@pytest.fixture
def doctor_with_account(db):
    user = make_user("drkaya", MEDICAL_REVIEWERS, first_name="Deniz", last_name="Kaya")
    return Doctor.objects.create(
        honorific="Dr.", name="Deniz Kaya", locale=Locale.get_default(), user=user
    )


@pytest.fixture
def doctor_without_account(db):
    return Doctor.objects.create(name="Ali Yılmaz", locale=Locale.get_default())


@pytest.fixture
def pages(index_page, doctor_with_account, doctor_without_account, demo):
    """Due: overdue (own reviewer), never reviewed, unlinked reviewer, a day
    past the window. Not due: the seed page (today), fresh, exactly at the
    window, a draft."""
    return {
        "overdue": add_treatment(index_page, "Overdue", 400, doctor_with_account),
        "never": add_treatment(index_page, "Never reviewed", None),
        "unlinked": add_treatment(
            index_page, "Unlinked reviewer", 500, doctor_without_account
        ),
        "just_due": add_treatment(index_page, "Just due", 366, doctor_with_account),
        "at_window": add_treatment(index_page, "At the window", 365),
        "fresh": add_treatment(index_page, "Fresh", 10, doctor_with_account),
        "draft": add_treatment(index_page, "Old draft", 900, live=False),
        "seed": demo,
    }


DUE_IN_ORDER = ["Never reviewed", "Unlinked reviewer", "Overdue", "Just due"]
NOT_DUE = ["Fresh", "At the window", "Old draft", "Stem Cell Therapy"]


def report_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select("table.listing td.title a")]


# --- the report --------------------------------------------------------------


def test_report_lists_live_pages_due_worst_first(login, marketing_editor, pages):
    client = login(marketing_editor)
    response = client.get(reverse("reviews_due_report"))
    assert response.status_code == 200
    assert report_titles(response) == DUE_IN_ORDER
    html = response.content.decode()
    assert reverse("wagtailadmin_pages:edit", args=(pages["overdue"].id,)) in html
    assert "Dr. Deniz Kaya" in html
    assert "Never" in html


def test_report_follows_the_configured_window(login, site_admin, pages, settings):
    settings.SEO_CHECKS = {**settings.SEO_CHECKS, "REVIEW_MAX_AGE_DAYS": 5}
    client = login(site_admin)
    titles = report_titles(client.get(reverse("reviews_due_report")))
    assert titles == [*DUE_IN_ORDER, "At the window", "Fresh"]


def test_report_filters_by_reviewer(login, site_admin, pages, doctor_with_account):
    client = login(site_admin)
    response = client.get(
        reverse("reviews_due_report"), {"medical_reviewer": doctor_with_account.pk}
    )
    assert report_titles(response) == ["Overdue", "Just due"]
    response = client.get(reverse("reviews_due_report"), {"never_reviewed": "true"})
    assert report_titles(response) == ["Never reviewed"]


def test_report_exports_csv_and_xlsx(login, marketing_editor, pages):
    client = login(marketing_editor)
    response = client.get(reverse("reviews_due_report"), {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "Title",
        "URL",
        "Reviewer",
        "Last reviewed",
        "Days overdue",
        "Status",
    ]
    by_title = {row[0]: row for row in rows[1:]}
    assert list(by_title) == DUE_IN_ORDER
    overdue = by_title["Overdue"]
    assert overdue[1] == "http://127.0.0.1:8000/treatments/overdue/"
    assert overdue[2] == "Dr. Deniz Kaya"
    assert overdue[3] == (TODAY() - timedelta(days=400)).isoformat()
    assert overdue[4] == "35"
    assert overdue[5] == "live"
    assert by_title["Never reviewed"][2:5] == ["", "", ""]

    response = client.get(reverse("reviews_due_report"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    assert values[0][0] == "Title"
    assert [row[0] for row in values[1:]] == DUE_IN_ORDER


def test_report_is_in_the_reports_menu_for_editors_only(login, marketing_editor, pages):
    client = login(marketing_editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("reviews_due_report") in html
    nobody = make_user("nobody", email="")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = login(nobody)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("reviews_due_report") not in html
    response = client.get(reverse("reviews_due_report"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


# --- the dashboard panel -----------------------------------------------------


def dashboard_section(response, heading):
    """The dashboard panel whose heading is ``heading``."""
    soup = BeautifulSoup(response.content, "html.parser")
    for section in soup.select("section.w-panel"):
        title = section.select_one(".w-panel__heading")
        if title and heading in title.get_text(" ", strip=True):
            return section
    raise AssertionError(f"no dashboard panel {heading!r}")


def test_dashboard_panel_lists_due_pages_with_edit_links(
    login, marketing_editor, pages
):
    client = login(marketing_editor)
    section = dashboard_section(
        client.get(reverse("wagtailadmin_home")), "Due for medical review"
    )
    links = section.select("td.title a")
    assert [a.get_text(strip=True) for a in links] == DUE_IN_ORDER
    assert links[2]["href"] == reverse(
        "wagtailadmin_pages:edit", args=(pages["overdue"].id,)
    )
    text = section.get_text(" ", strip=True)
    assert "35 days overdue" in text
    assert "4 live treatment pages are due for review." in text
    assert section.find("a", href=reverse("reviews_due_report"))


def test_dashboard_panel_shows_ten_and_counts_all(login, site_admin, index_page):
    for number in range(12):
        add_treatment(index_page, f"Due page {number:02}", 400 + number)
    client = login(site_admin)
    section = dashboard_section(
        client.get(reverse("wagtailadmin_home")), "Due for medical review"
    )
    titles = [a.get_text(strip=True) for a in section.select("td.title a")]
    assert titles == [f"Due page {number:02}" for number in range(11, 1, -1)]
    assert "12 live treatment pages are due for review." in section.get_text(" ")


def test_dashboard_panel_says_when_nothing_is_due(login, marketing_editor, demo):
    client = login(marketing_editor)
    section = dashboard_section(
        client.get(reverse("wagtailadmin_home")), "Due for medical review"
    )
    assert "No live treatment page is due for medical review." in section.get_text()
    assert not section.select("td.title a")


# --- the reminder emails -----------------------------------------------------


@pytest.fixture
def reviewers_group(db, doctor_with_account):
    """Medical Reviewers: the doctor above, another doctor, one inactive
    member and one without an email address."""
    other = make_user("drozturk", MEDICAL_REVIEWERS)
    make_user("retired", MEDICAL_REVIEWERS, is_active=False)
    make_user("noemail", MEDICAL_REVIEWERS, email="")
    return {"kaya": doctor_with_account.user, "ozturk": other}


def edit_link(page):
    return f"http://testserver/admin/pages/{page.id}/edit/"


def test_notify_review_due_emails_each_reviewer_once(pages, reviewers_group):
    out = io.StringIO()
    call_command("notify_review_due", stdout=out)

    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert sorted(by_recipient) == [("drkaya@example.com",), ("drozturk@example.com",)]

    # Dr Kaya gets their own two pages and the two with no reachable reviewer.
    kaya = by_recipient[("drkaya@example.com",)]
    assert kaya.subject == "[Clinic CMS] 4 treatment pages are due for medical review"
    for key in ("overdue", "just_due", "never", "unlinked"):
        assert pages[key].title in kaya.body
        assert edit_link(pages[key]) in kaya.body
    assert "Hello Deniz Kaya," in kaya.body
    assert "Last reviewed: never" in kaya.body

    # The other reviewer only gets the pages without a reachable reviewer.
    ozturk = by_recipient[("drozturk@example.com",)]
    assert ozturk.subject == "[Clinic CMS] 2 treatment pages are due for medical review"
    assert edit_link(pages["never"]) in ozturk.body
    assert edit_link(pages["unlinked"]) in ozturk.body
    assert edit_link(pages["overdue"]) not in ozturk.body
    for key in ("fresh", "at_window", "draft", "seed"):
        assert edit_link(pages[key]) not in kaya.body + ozturk.body

    lines = out.getvalue().splitlines()
    assert len(lines) == 5
    assert lines[0].startswith("Never reviewed (last reviewed never) ")
    assert lines[0].endswith("-> drkaya@example.com, drozturk@example.com")
    assert f"Overdue (last reviewed {pages['overdue'].last_reviewed})" in lines[2]
    assert lines[2].endswith(f"{edit_link(pages['overdue'])} -> drkaya@example.com")
    assert lines[-1] == "4 page(s) due for review; 2 email(s) sent."


def test_notify_review_due_dry_run_sends_nothing(pages, reviewers_group):
    out = io.StringIO()
    call_command("notify_review_due", "--dry-run", stdout=out)
    assert mail.outbox == []
    lines = out.getvalue().splitlines()
    assert len(lines) == 5
    assert lines[-1] == "4 page(s) due for review; 2 email(s) would be sent (dry run)."


def test_notify_review_due_with_nothing_due(demo, reviewers_group):
    out = io.StringIO()
    call_command("notify_review_due", stdout=out)
    assert mail.outbox == []
    assert out.getvalue().splitlines() == ["0 page(s) due for review; 0 email(s) sent."]
