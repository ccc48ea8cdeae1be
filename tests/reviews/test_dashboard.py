"""The editors' dashboard: their pages in review, and the SEO audit's worst."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

import seo.audit
from seo import audit_store
from seo.models import PageAuditResult
from treatments.models import TreatmentIndexPage, TreatmentPage

from .admin import add_url, treatment_data
from .test_review_due import add_treatment, dashboard_section


@pytest.fixture
def audit_runs(monkeypatch):
    """Counts the audits the dashboard runs (the real audit still runs)."""
    calls = []
    real = seo.audit.run_audit

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(seo.audit, "run_audit", counting)
    return calls


def home(client):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response


def worst_rows(response):
    section = dashboard_section(response, "Lowest SEO and trust scores")
    rows = []
    for tr in section.select("tbody tr"):
        link = tr.select_one("td.title a")
        rows.append(
            (link.get_text(strip=True), link["href"], tr.select_one(".seo-score").text)
        )
    return section, rows


def test_editor_sees_their_submitted_page_awaiting_review(
    login, marketing_editor, index_page
):
    client = login(marketing_editor)
    response = client.post(
        add_url(index_page), treatment_data("Waiting for a doctor", "waiting")
    )
    assert response.status_code == 302
    section = dashboard_section(home(client), "Your pages and snippets in a workflow")
    text = " ".join(section.get_text(" ", strip=True).split())
    assert "Waiting for a doctor" in text
    assert "Awaiting Medical review" in text


def test_seo_panel_lists_the_five_lowest_scores_with_edit_links(
    login, marketing_editor, index_page, audit_runs
):
    for number in range(4):
        add_treatment(index_page, f"Thin page {number}", 10)
    report = audit_store.refresh_all()
    client = login(marketing_editor)
    section, rows = worst_rows(home(client))

    expected = report.pages[:5]
    assert len(expected) == 5
    assert rows == [
        (
            audit.title,
            reverse("wagtailadmin_pages:edit", args=(audit.page_id,)),
            f"{audit.score}/100",
        )
        for audit in expected
    ]
    scores = [audit.score for audit in expected]
    assert scores == sorted(scores)
    text = section.get_text(" ", strip=True)
    assert f"{len(report.pages)} live pages audited" in text
    assert "not audited yet" not in text
    assert section.find("a", href=reverse("seo_audit_report"))
    assert len(audit_runs) == 1, "the dashboard reads the stored audit"


def test_seo_panel_follows_publishing_without_auditing_the_site(
    login, site_admin, index_page, audit_runs, django_capture_on_commit_callbacks
):
    audit_store.refresh_all()
    client = login(site_admin)
    home(client)
    home(client)
    assert len(audit_runs) == 1

    # Publishing through the admin re-audits that page once the transaction
    # commits (the test settings run the task at once).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            add_url(index_page),
            treatment_data("New and thin", "new-and-thin", action="publish"),
        )
    assert response.status_code == 302
    _section, rows = worst_rows(home(client))
    assert "New and thin" in [title for title, _href, _score in rows]

    # So does unpublishing.
    page = TreatmentPage.objects.get(slug="new-and-thin")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:unpublish", args=(page.id,)))
    assert response.status_code == 302
    _section, rows = worst_rows(home(client))
    assert "New and thin" not in [title for title, _href, _score in rows]
    assert len(audit_runs) == 1, "only the pages published were audited again"


def test_seo_panel_follows_publishing_a_turkish_page(
    login, site_admin, demo, django_capture_on_commit_callbacks
):
    """The Turkish tree (under the English home page's translation) is the
    site's too: a Turkish page published through the admin is re-audited and
    shown, and the panel counts the Turkish pages with the English ones."""
    audit_store.refresh_all()
    turkish_index = TreatmentIndexPage.objects.get(locale__language_code="tr")
    client = login(site_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            add_url(turkish_index),
            treatment_data("Yeni ve kısa", "yeni-ve-kisa", action="publish"),
        )

    assert response.status_code == 302
    page = TreatmentPage.objects.get(slug="yeni-ve-kisa")
    row = PageAuditResult.objects.get(page=page)
    assert (row.language, row.url) == ("tr", "/tr/tedaviler/yeni-ve-kisa/")
    section, rows = worst_rows(home(client))
    assert ("Yeni ve kısa", reverse("wagtailadmin_pages:edit", args=(page.pk,))) in [
        (title, href) for title, href, _score in rows
    ]
    text = section.get_text(" ", strip=True)
    live = Page.objects.live().filter(depth__gt=1).count()
    assert live == PageAuditResult.objects.count() == 13
    assert f"{live} live pages audited" in text
    assert "not audited yet" not in text


def test_panels_are_for_page_editors_only(login, db, demo):
    from django.contrib.auth.models import Permission

    from .conftest import make_user

    user = make_user("viewer")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = login(user)
    soup = BeautifulSoup(home(client).content, "html.parser")
    headings = [h.get_text(strip=True) for h in soup.select(".w-panel__heading")]
    assert "Due for medical review" not in headings
    assert "Lowest SEO and trust scores" not in headings


def test_seo_panel_says_how_old_the_stored_audit_is(login, site_admin, demo):
    audit_store.refresh_all()
    PageAuditResult.objects.update(computed_at=timezone.now() - timedelta(minutes=20))
    PageAuditResult.objects.filter(page=demo).delete()

    client = login(site_admin)
    section, rows = worst_rows(home(client))

    text = " ".join(section.get_text(" ", strip=True).split())
    assert "the latest result is 20 minutes old" in text
    assert "1 live page is not audited yet." in text
    stored = PageAuditResult.objects.order_by("score", "url")[:5]
    assert [title for title, _href, _score in rows] == [row.title for row in stored]
