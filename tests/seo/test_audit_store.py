"""The stored audit: written by a full or partial audit, read by the report,
its exports, the dashboard panel and ``seo_audit``, none of which audits."""

import csv
import io
import json
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site

import seo.views
from seo import audit_store
from seo.audit import run_audit
from seo.models import PageAuditResult, SiteAuditResult
from tests.conftest import SEED_URL
from tests.seo.demo_pages import DEMO_URLS, TURKISH_SEED_URL

pytestmark = pytest.mark.django_db

# Queries of a report page, an export, the dashboard: a bound that does not
# depend on the number of pages (tested below with 30 more pages).
REPORT_QUERIES = 30
DASHBOARD_QUERIES = 60


@pytest.fixture
def site():
    return Site.objects.select_related("root_page").get(is_default_site=True)


@pytest.fixture
def audited(demo):
    return audit_store.refresh_all()


def live_pages(site):
    """The live pages of the site's language trees: under its root page and
    under the root page's translation (the Turkish home page)."""
    trees = Q()
    for root in site.root_page.get_translations(inclusive=True):
        trees |= Q(path__startswith=root.path)
    return Page.objects.live().filter(trees)


def stamps():
    return dict(PageAuditResult.objects.values_list("page_id", "computed_at"))


def report_rows(response):
    """{URL: (score cell text, row classes)} of the report's pages table."""
    soup = BeautifulSoup(response.content, "html.parser")
    rows = {}
    for tr in soup.select("table.seo-audit-pages tbody tr"):
        cells = tr.find_all("td", recursive=False)
        if len(cells) == 1:
            continue
        url = cells[0].find_all("a")[1]["href"]
        rows[url] = (cells[1].get_text(" ", strip=True), tr.get("class") or [])
    return rows


# Writing ---------------------------------------------------------------------


def test_a_full_audit_stores_every_live_page_and_the_site_findings(demo, site):
    report = audit_store.refresh_all()

    rows = {row.page_id: row for row in PageAuditResult.objects.filter(site=site)}
    assert set(rows) == set(live_pages(site).values_list("pk", flat=True))
    # Both language trees: the Turkish pages are the site's too.
    assert {row.url for row in rows.values()} == DEMO_URLS
    (turkish_seed,) = [row for row in rows.values() if row.url == TURKISH_SEED_URL]
    assert turkish_seed.language == "tr"
    assert turkish_seed.page.translation_key == demo.translation_key
    seed = rows[demo.pk]
    (seed_audit,) = [page for page in report.pages if page.page_id == demo.pk]
    assert seed.score == seed_audit.score
    assert seed.findings == [f.as_stored_dict() for f in seed_audit.findings]
    assert seed.url == SEED_URL
    assert seed.language == "en"
    assert seed.revision_id == demo.live_revision_id is not None
    assert seed.computed_at is not None
    assert seed.warnings == sum(
        1 for f in seed_audit.findings if f.severity == "warning"
    )
    assert "|reference_specificity:warning|" in seed.tags
    stored_site = SiteAuditResult.objects.get(site=site)
    assert stored_site.findings == [f.as_stored_dict() for f in report.site]
    assert stored_site.full_audit_at == stored_site.computed_at == seed.computed_at


def test_the_stored_report_is_the_audit_run_afresh(audited, site):
    assert audit_store.stored_report(site).as_dict() == run_audit().as_dict()


def test_re_auditing_one_page_changes_its_row_only(audited, demo, site):
    before = stamps()
    demo.search_description = ""
    demo.save_revision().publish()

    audit_store.refresh_pages([demo.pk])

    after = stamps()
    assert after[demo.pk] > before[demo.pk]
    assert {pk: at for pk, at in after.items() if pk != demo.pk} == {
        pk: at for pk, at in before.items() if pk != demo.pk
    }
    row = PageAuditResult.objects.get(page=demo)
    assert row.revision_id == Page.objects.get(pk=demo.pk).live_revision_id
    assert "|description_length|" in row.tags
    # The site-wide checks ran again from the stored facts: one more page
    # without a description, and the same answer as a full audit.
    stored = SiteAuditResult.objects.get(site=site)
    (missing,) = [f for f in stored.findings if f["check"] == "missing_descriptions"]
    assert SEED_URL in missing["urls"]
    assert stored.findings == [f.as_stored_dict() for f in run_audit().site]


def test_an_unpublished_page_loses_its_row(audited, demo):
    demo.unpublish()

    audit_store.refresh_pages([demo.pk])

    assert not PageAuditResult.objects.filter(page_id=demo.pk).exists()


def test_a_turkish_page_is_re_audited_in_the_default_site(audited, demo, site):
    translation = Page.objects.get(
        translation_key=demo.translation_key, locale__language_code="tr"
    ).specific
    before = stamps()
    translation.search_description = ""
    translation.save_revision().publish()

    audit_store.refresh_pages([translation.pk])

    row = PageAuditResult.objects.get(page=translation)
    assert (row.site, row.url, row.language) == (site, TURKISH_SEED_URL, "tr")
    assert row.computed_at > before[translation.pk]
    assert "|description_length|" in row.tags
    stored = SiteAuditResult.objects.get(site=site)
    (missing,) = [f for f in stored.findings if f["check"] == "missing_descriptions"]
    assert TURKISH_SEED_URL in missing["urls"]
    assert stored.findings == [f.as_stored_dict() for f in run_audit().site]


def test_the_turkish_home_page_takes_its_tree_in_and_out_of_the_site(audited, site):
    home = Page.objects.get(depth=2, locale__language_code="tr")
    tree = set(
        Page.objects.live()
        .descendant_of(home, inclusive=True)
        .values_list("pk", flat=True)
    )
    assert len(tree) == 6

    # In draft, the home page no longer serves its tree: its rows go.
    home.unpublish()
    audit_store.refresh_pages([home.pk])
    assert not PageAuditResult.objects.filter(page_id__in=tree).exists()
    assert "/tr/" not in json.dumps(SiteAuditResult.objects.get(site=site).findings)

    # Published again, its whole tree is audited again.
    Page.objects.get(pk=home.pk).specific.save_revision().publish()
    audit_store.refresh_pages([home.pk])
    stored = PageAuditResult.objects.filter(site=site, page_id__in=tree)
    assert set(stored.values_list("page_id", flat=True)) == tree
    assert audit_store.stored_report(site).as_dict() == run_audit().as_dict()

    # Editing the live home page re-audits it alone.
    before = stamps()
    Page.objects.get(pk=home.pk).specific.save_revision().publish()
    audit_store.refresh_pages([home.pk])
    after = stamps()
    assert after[home.pk] > before[home.pk]
    assert {pk for pk in after if after[pk] != before[pk]} == {home.pk}


def test_seo_audit_refresh_audits_afresh_and_the_default_reads_the_store(audited, demo):
    # A change that nothing has re-audited yet: the stored audit does not see
    # it, --refresh does (and stores it).
    Page.objects.filter(pk=demo.pk).update(title="Renamed behind the audit's back")
    before = stamps()

    stored = json.loads(_command("--format", "json"))
    assert stamps() == before, "reading the store audits nothing"
    fresh = json.loads(_command("--format", "json", "--refresh"))

    assert "Renamed behind the audit's back" not in {
        p["title"] for p in stored["pages"]
    }
    assert "Renamed behind the audit's back" in {p["title"] for p in fresh["pages"]}
    assert all(stamps()[pk] > at for pk, at in before.items())
    assert json.loads(_command("--format", "json")) == fresh


def test_seo_audit_audits_the_pages_not_audited_yet(demo, site):
    assert not PageAuditResult.objects.exists()

    data = json.loads(_command("--format", "json"))

    assert PageAuditResult.objects.filter(site=site).count() == live_pages(site).count()
    assert data == run_audit().as_dict()


def test_seo_audit_refresh_enqueue_queues_a_full_audit(demo, site):
    output = _command("--refresh", "--enqueue")

    # The test settings run tasks at once (ImmediateBackend).
    assert output.startswith(f"Queued a full audit of {site}")
    assert SiteAuditResult.objects.get(site=site).full_audit_at is not None
    assert PageAuditResult.objects.filter(site=site).count() == live_pages(site).count()


def _command(*args):
    out = StringIO()
    call_command("seo_audit", *args, stdout=out)
    return out.getvalue()


# Reading: the report ------------------------------------------------------------


def test_live_pages_without_a_result_show_as_not_audited_yet(demo, admin_client, site):
    response = admin_client.get(reverse("seo_audit_report"))

    assert response.status_code == 200
    rows = report_rows(response)
    assert set(rows) == {page.get_url() for page in live_pages(site)}
    for score, classes in rows.values():
        assert score == "Not audited yet"
        assert "seo-not-audited" in classes
    assert not PageAuditResult.objects.exists(), "the report audits nothing"


def test_the_report_shows_what_is_stored_and_when_it_was_computed(
    audited, demo, admin_client
):
    # Stored results are what the report shows, even when the page has
    # changed since (until its re-audit runs).
    PageAuditResult.objects.filter(page=demo).update(score=42)
    before = stamps()

    response = admin_client.get(reverse("seo_audit_report"))

    rows = report_rows(response)
    assert rows[SEED_URL][0] == "42"
    assert stamps() == before
    soup = BeautifulSoup(response.content, "html.parser")
    times = soup.select("table.seo-audit-pages .seo-computed-at time")
    row = PageAuditResult.objects.get(page=demo)
    expected = timezone.localtime(row.computed_at).isoformat()
    assert expected in {time["datetime"] for time in times}
    assert "Every page was last audited" in soup.select_one(".seo-audit-status").text


def test_the_report_is_paginated(audited, admin_client, monkeypatch, site):
    monkeypatch.setattr(seo.views, "PAGE_SIZE", 2)
    total = live_pages(site).count()

    first = admin_client.get(reverse("seo_audit_report"))
    second = admin_client.get(reverse("seo_audit_report"), {"p": 2})

    assert len(report_rows(first)) == len(report_rows(second)) == 2
    assert not set(report_rows(first)) & set(report_rows(second))
    nav = BeautifulSoup(first.content, "html.parser").select_one(
        "nav.seo-audit-pagination"
    )
    assert f"Page 1 of {(total + 1) // 2}" in nav.get_text(" ", strip=True)
    assert nav.find("a", href="?p=2")
    scores = [int(s) for s, _c in report_rows(first).values()]
    assert scores == sorted(scores)
    assert max(scores) <= min(int(s) for s, _c in report_rows(second).values())


@pytest.mark.parametrize("params", [{}, {"severity": "error"}, {"export": "csv"}])
def test_report_and_exports_take_a_bounded_number_of_queries(
    audited, admin_client, django_assert_max_num_queries, params
):
    admin_client.get(reverse("seo_audit_report"), params)  # warm the caches
    with django_assert_max_num_queries(REPORT_QUERIES):
        response = admin_client.get(reverse("seo_audit_report"), params)
    assert response.status_code == 200


def _queries(client, django_assert_max_num_queries, url, params=None):
    client.get(url, params or {})
    with django_assert_max_num_queries(1000) as captured:
        response = client.get(url, params or {})
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_report_dashboard_and_export_queries_do_not_grow_with_the_site(
    audited, admin_client, django_assert_max_num_queries
):
    report = reverse("seo_audit_report")
    home = reverse("wagtailadmin_home")
    before = [
        _queries(admin_client, django_assert_max_num_queries, report),
        _queries(
            admin_client, django_assert_max_num_queries, report, {"export": "csv"}
        ),
        _queries(admin_client, django_assert_max_num_queries, home),
    ]
    call_command("generate_pages", "--count", "30", "--seed", "3", stdout=StringIO())
    audit_store.refresh_all()

    after = [
        _queries(admin_client, django_assert_max_num_queries, report),
        _queries(
            admin_client, django_assert_max_num_queries, report, {"export": "csv"}
        ),
        _queries(admin_client, django_assert_max_num_queries, home),
    ]

    assert after == before
    assert before[2] <= DASHBOARD_QUERIES


def test_the_csv_export_lists_pages_not_audited_yet(audited, demo, admin_client):
    PageAuditResult.objects.filter(page=demo).delete()

    response = admin_client.get(reverse("seo_audit_report"), {"export": "csv"})

    content = (
        b"".join(response.streaming_content)
        if response.streaming
        else (response.content)
    )
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    (seed,) = [row for row in rows if row[1] == SEED_URL]
    assert seed[2] == ""
    assert seed[5] == "Not audited yet."
    assert not PageAuditResult.objects.filter(page=demo).exists()


# Reading: the dashboard -------------------------------------------------------


def test_the_dashboard_panel_reads_the_store(audited, demo, admin_client):
    PageAuditResult.objects.filter(page=demo).update(score=1)
    before = stamps()

    response = admin_client.get(reverse("wagtailadmin_home"))

    soup = BeautifulSoup(response.content, "html.parser")
    panel = soup.find(id="seo-worst-pages-content")
    first = panel.select_one("tbody tr")
    assert first.select_one(".seo-score").get_text(strip=True) == "1/100"
    assert first.find("a")["href"] == reverse("wagtailadmin_pages:edit", args=[demo.pk])
    assert stamps() == before


def test_the_dashboard_counts_pages_not_audited_yet(audited, demo, admin_client):
    PageAuditResult.objects.filter(page=demo).delete()

    response = admin_client.get(reverse("wagtailadmin_home"))

    panel = BeautifulSoup(response.content, "html.parser").find(
        id="seo-worst-pages-content"
    )
    assert "1 live page is not audited yet." in panel.get_text(" ", strip=True)
    assert not PageAuditResult.objects.filter(page=demo).exists()


# Audit again ----------------------------------------------------------------------


def _editor(django_user_model, group):
    user = django_user_model.objects.create_user(
        username=group.lower().replace(" ", "-"),
        password="secret",  # noqa: S106
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def test_an_editor_without_the_permission_gets_403_and_no_button(
    demo, client, django_user_model
):
    client.force_login(_editor(django_user_model, "Editors"))

    page = client.get(reverse("seo_audit_report"))
    response = client.post(reverse("seo_audit_refresh"))

    assert page.status_code == 200
    assert b"Audit again" not in page.content
    assert response.status_code == 403
    assert not PageAuditResult.objects.exists()
    assert not SiteAuditResult.objects.exists()


def test_site_administrators_may_audit_again(demo, client, django_user_model, site):
    client.force_login(_editor(django_user_model, "Site Administrators"))

    page = client.get(reverse("seo_audit_report"))
    soup = BeautifulSoup(page.content, "html.parser")
    form = soup.select_one("form.seo-audit-again")
    assert form["action"] == reverse("seo_audit_refresh")
    assert form["method"] == "post"
    response = client.post(reverse("seo_audit_refresh"))

    assert response.status_code == 302
    assert response["Location"] == reverse("seo_audit_report")
    # ImmediateBackend in the tests: the queued full audit has run.
    stored = SiteAuditResult.objects.get(site=site)
    assert stored.full_audit_at is not None and stored.requested_at is not None
    assert PageAuditResult.objects.filter(site=site).count() == live_pages(site).count()


def test_audit_again_is_post_only(demo, admin_client):
    response = admin_client.get(reverse("seo_audit_refresh"))

    assert response.status_code == 405
    assert not SiteAuditResult.objects.exists()
