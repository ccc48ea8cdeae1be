"""The editors' dashboard: their pages in review, and the SEO audit's worst."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.urls import reverse

import seo.audit
from seo import dashboard_summary as seo_summary
from treatments.models import TreatmentPage

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
    client = login(marketing_editor)
    section, rows = worst_rows(home(client))

    expected = seo.audit.run_audit().pages[:5]
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
    # The demo's four pages (home, treatments, doctors, seed) and the four above.
    assert "Audited 8 live pages just now (at " in text
    assert "at least every 60 minutes" in text
    assert section.find("a", href=reverse("seo_audit_report"))


def test_seo_summary_is_cached_until_a_page_is_published(
    login, site_admin, index_page, audit_runs
):
    client = login(site_admin)
    home(client)
    home(client)
    assert len(audit_runs) == 1

    # Publishing through the admin runs the audit again on the next visit.
    response = client.post(
        add_url(index_page),
        treatment_data("New and thin", "new-and-thin", action="publish"),
    )
    assert response.status_code == 302
    _section, rows = worst_rows(home(client))
    assert len(audit_runs) == 2
    assert "New and thin" in [title for title, _href, _score in rows]
    home(client)
    assert len(audit_runs) == 2

    # So does unpublishing.
    page = TreatmentPage.objects.get(slug="new-and-thin")
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=(page.id,)))
    assert response.status_code == 302
    _section, rows = worst_rows(home(client))
    assert len(audit_runs) == 3
    assert "New and thin" not in [title for title, _href, _score in rows]


def test_an_audit_started_before_a_publish_is_not_kept(demo, audit_runs):
    """The version is read before the audit runs: a publish meanwhile wins."""
    real = seo.audit.run_audit

    def publish_during_audit(*args, **kwargs):
        report = real(*args, **kwargs)
        demo.save_revision().publish()
        return report

    seo.audit.run_audit = publish_during_audit
    try:
        seo_summary.audit_summary()
    finally:
        seo.audit.run_audit = real
    assert len(audit_runs) == 1
    seo_summary.audit_summary()
    assert len(audit_runs) == 2
    seo_summary.audit_summary()
    assert len(audit_runs) == 2


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


def test_seo_panel_says_how_old_a_cached_audit_is(login, site_admin, demo, audit_runs):
    summary = seo_summary.audit_summary()
    assert len(audit_runs) == 1
    summary["computed_at"] -= timedelta(minutes=20)
    key = seo_summary.SUMMARY_KEY.format(version=seo_summary._version())
    cache.set(key, summary)

    client = login(site_admin)
    section, rows = worst_rows(home(client))
    assert len(audit_runs) == 1
    text = " ".join(section.get_text(" ", strip=True).split())
    assert "Audited 4 live pages 20 minutes ago (at " in text
    assert [title for title, _href, _score in rows] == [
        row["title"] for row in summary["pages"][:5]
    ]
