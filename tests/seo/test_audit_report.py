"""The SEO & trust audit report in the Wagtail admin (Reports menu)."""

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.db.models import Q
from django.urls import reverse
from openpyxl import load_workbook
from wagtail import hooks
from wagtail.models import Page, Site

from seo.audit_store import refresh_all
from seo.findings import ERROR, WARNING
from seo.models import SiteAuditResult
from seo.site_checks import SiteFinding
from tests.conftest import SEED_URL
from tests.seo.demo_pages import DEMO_URLS, TURKISH_SEED_URL

pytestmark = pytest.mark.django_db

HEADER = ["Title", "URL", "Score", "Errors", "Warnings", "Findings"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def report_url():
    return reverse("seo_audit_report")


@pytest.fixture
def audited(demo):
    """The demo, audited and stored (what the report reads): the report."""
    return refresh_all()


def live_urls():
    """The URLs of every live page of the default site: under its root page
    and under the root page's translation (the Turkish home page)."""
    site = Site.objects.get(is_default_site=True)
    trees = Q()
    for root in site.root_page.get_translations(inclusive=True):
        trees |= Q(path__startswith=root.path)
    urls = {page.get_url() for page in Page.objects.live().filter(trees)}
    assert urls == DEMO_URLS
    return urls


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response


def page_rows(response):
    """{page URL: {edit, title, score, severities, checks}} from the pages table."""
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.select_one("table.seo-audit-pages")
    assert table is not None
    rows = {}
    for tr in table.select("tbody tr"):
        cells = tr.find_all("td", recursive=False)
        if len(cells) == 1:  # the "no page matches" row
            continue
        edit, view = cells[0].find_all("a")
        findings = cells[2].select("li.seo-finding")
        rows[view["href"]] = {
            "edit": edit["href"],
            "title": edit.get_text(strip=True),
            "score": cells[1].select_one(".seo-score").get_text(strip=True),
            "badges": [li.strong.get_text(strip=True) for li in findings],
            "classes": [cls for li in findings for cls in li["class"]],
            "text": cells[2].get_text(" ", strip=True),
        }
    return rows


def site_section(response):
    soup = BeautifulSoup(response.content, "html.parser")
    findings = soup.select_one("ul.seo-site-findings")
    return findings.get_text(" ", strip=True) if findings else ""


def site_findings(response):
    """The text of each site-wide finding shown, in order."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        item.get_text(" ", strip=True)
        for item in soup.select("ul.seo-site-findings > li")
    ]


def csv_rows(response):
    if response.streaming:
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(response):
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


# The report page -----------------------------------------------------------


def test_report_lists_every_page_with_edit_link_and_score(
    audited, admin_client, report_url
):
    report = audited

    rows = page_rows(get(admin_client, report_url))

    assert set(rows) == live_urls()
    for audit in report.pages:
        row = rows[audit.url]
        assert row["edit"] == reverse("wagtailadmin_pages:edit", args=[audit.page_id])
        assert row["title"] == audit.title
        assert row["score"] == str(audit.score)
        assert len(row["badges"]) == len(audit.findings)


def test_report_shows_the_pages_worst_first(audited, admin_client, report_url):
    rows = page_rows(get(admin_client, report_url))

    scores = [int(row["score"]) for row in rows.values()]
    assert scores == sorted(scores)


def test_report_shows_site_wide_findings(audited, admin_client, report_url):
    response = get(admin_client, report_url)

    text = site_section(response)
    assert "Missing meta descriptions" in text
    (missing,) = [f for f in audited.site if f.check == "missing_descriptions"]
    assert missing.message in text
    assert "No site-wide findings." not in response.content.decode()


def test_severity_filter_keeps_only_error_findings(audited, admin_client, report_url):
    report = audited
    with_errors = {p.url for p in report.pages if p.errors}
    assert with_errors and with_errors != live_urls()  # the filter hides a page

    response = get(admin_client, report_url, severity="error")

    rows = page_rows(response)
    assert set(rows) == with_errors
    for row in rows.values():
        assert row["badges"]
        assert set(row["badges"]) == {"Error"}
        assert "seo-finding--warning" not in row["classes"]
        assert "seo-finding--info" not in row["classes"]
    table = BeautifulSoup(response.content, "html.parser").select_one(
        "table.seo-audit-pages"
    )
    assert "Warning" not in [strong.get_text() for strong in table.find_all("strong")]
    # The demo's only site-wide finding is a warning, so none is left.
    assert site_section(response) == ""
    assert "No site-wide findings." in response.content.decode()


def test_check_filter_shows_only_the_seed_page_and_its_translation(
    audited, admin_client, report_url
):
    response = get(admin_client, report_url, check="reference_specificity")

    rows = page_rows(response)
    assert set(rows) == {SEED_URL, TURKISH_SEED_URL}
    for url in rows:
        (badge,) = rows[url]["badges"]
        assert badge == "Warning"
        assert "reference_specificity" in rows[url]["text"]
        assert "thelancet.com" in rows[url]["text"]
    assert site_section(response) == ""


def test_a_site_check_filter_keeps_its_site_finding(audited, admin_client, report_url):
    response = get(admin_client, report_url, check="missing_descriptions")

    assert "Missing meta descriptions" in site_section(response)
    assert page_rows(response) == {}
    assert "No page has findings that match these filters." in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "params", [{"severity": "bogus"}, {"check": "bogus"}, {"severity": "<b>"}]
)
def test_an_invalid_filter_value_is_ignored(audited, admin_client, report_url, params):
    response = get(admin_client, report_url, **params)

    assert set(page_rows(response)) == live_urls()
    assert "Missing meta descriptions" in site_section(response)


def test_filter_form_offers_page_and_site_checks(audited, admin_client, report_url):
    soup = BeautifulSoup(get(admin_client, report_url).content, "html.parser")

    checks = {o["value"] for o in soup.select("select[name=check] option")}
    assert {"", "reference_specificity", "robots", "orphan_pages"} <= checks
    severities = {o["value"] for o in soup.select("select[name=severity] option")}
    assert severities == {"", "error", "warning", "info"}


# Exports -------------------------------------------------------------------


def test_csv_export_has_one_row_per_page(audited, admin_client, report_url):
    report = audited

    response = get(admin_client, report_url, export="csv")

    assert response["Content-Type"].startswith("text/csv")
    assert "seo-audit.csv" in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header == HEADER
    assert len(rows) == len(report.pages) == len(live_urls())
    by_url = {row[1]: row for row in rows}
    assert set(by_url) == live_urls()
    for audit in report.pages:
        title, _url, score, errors, warnings, findings = by_url[audit.url]
        assert (title, score) == (audit.title, str(audit.score))
        assert (errors, warnings) == (str(audit.errors), str(audit.warnings))
        assert len(findings.splitlines()) == len(audit.findings)
    assert "[warning] reference_specificity:" in by_url[SEED_URL][5]


def test_xlsx_export_has_one_row_per_page(audited, admin_client, report_url):
    report = audited

    response = get(admin_client, report_url, export="xlsx")

    assert response["Content-Type"] == XLSX
    assert "seo-audit.xlsx" in response["Content-Disposition"]
    header, *rows = xlsx_rows(response)
    assert header == HEADER
    assert len(rows) == len(live_urls())
    by_url = {row[1]: row for row in rows}
    assert set(by_url) == live_urls()
    for audit in report.pages:
        assert by_url[audit.url][0] == audit.title
        assert int(by_url[audit.url][2]) == audit.score


def test_csv_export_follows_the_filters(audited, admin_client, report_url):
    with_errors = {p.url for p in audited.pages if p.errors}

    response = get(admin_client, report_url, severity="error", export="csv")

    header, *rows = csv_rows(response)
    assert header == HEADER
    assert {row[1] for row in rows} == with_errors
    for row in rows:
        assert int(row[3]) > 0
        assert row[4] == "0"  # the warnings were filtered out
        assert all(line.startswith(f"[{ERROR}]") for line in row[5].splitlines())


def test_xlsx_export_follows_the_filters(audited, admin_client, report_url):
    response = get(
        admin_client, report_url, check="reference_specificity", export="xlsx"
    )

    header, *rows = xlsx_rows(response)
    assert header == HEADER
    assert {row[1] for row in rows} == {SEED_URL, TURKISH_SEED_URL}
    assert len(rows) == 2
    assert all(row[5].startswith("[warning] reference_specificity:") for row in rows)


def test_page_links_to_the_exports_keep_the_filters(audited, admin_client, report_url):
    response = get(admin_client, report_url, severity="error")

    soup = BeautifulSoup(response.content, "html.parser")
    hrefs = {a["href"] for a in soup.select("form.seo-audit-filters a")}
    assert hrefs == {"?severity=error&export=csv", "?severity=error&export=xlsx"}


# Access --------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login(audited, client, report_url):
    response = client.get(report_url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert "next=" in response["Location"]


def test_anonymous_visitors_cannot_export(audited, client, report_url):
    response = client.get(report_url, {"export": "csv"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_users_without_admin_access_are_turned_away(
    audited, client, django_user_model, report_url
):
    user = django_user_model.objects.create_user(
        username="patient", email="patient@example.com", password="secret"
    )
    client.force_login(user)

    response = client.get(report_url)

    # Wagtail turns away a signed-in user without admin access to the login.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert b"seo-audit-pages" not in response.content


def test_editors_with_admin_access_can_see_the_report(
    audited, client, django_user_model, report_url
):
    editor = django_user_model.objects.create_user(
        username="editor", email="editor@example.com", password="secret"
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    assert set(page_rows(get(client, report_url))) == live_urls()


# The Reports menu ----------------------------------------------------------


def menu_items(node):
    """Every dict in the sidebar's JSON that has a URL (the menu's links)."""
    if isinstance(node, dict):
        if "url" in node and "label" in node:
            yield node
        for value in node.values():
            yield from menu_items(value)
    elif isinstance(node, list):
        for value in node:
            yield from menu_items(value)


def test_reports_menu_links_to_the_report(audited, admin_client, report_url):
    response = get(admin_client, reverse("wagtailadmin_home"))

    soup = BeautifulSoup(response.content, "html.parser")
    props = json.loads(soup.find(id="wagtail-sidebar-props").string)
    items = {item["label"]: item["url"] for item in menu_items(props)}
    assert items["SEO & trust audit"] == report_url


def test_reports_menu_hook_registers_the_item():
    items = [hook() for hook in hooks.get_hooks("register_reports_menu_item")]

    (item,) = [i for i in items if i.url == reverse("seo_audit_report")]
    assert item.label == "SEO & trust audit"
    assert item.icon_name == "search"


def test_many_site_findings_are_filtered_before_the_first_ones_are_shown(
    audited, admin_client, report_url
):
    """A large site stores thousands of site-wide findings (a duplicate title
    per pair of pages): the report shows the first 50 that match the filters
    and says how many more there are."""
    titles = [
        SiteFinding("duplicate_titles", WARNING, f"Title {n} is shared.", ("/a/",))
        for n in range(55)
    ]
    missing = [
        SiteFinding("missing_descriptions", WARNING, f"Page {n} lacks one.", ("/b/",))
        for n in range(5)
    ]
    SiteAuditResult.objects.filter(site=Site.objects.get(is_default_site=True)).update(
        findings=[finding.as_stored_dict() for finding in titles + missing]
    )

    response = get(admin_client, report_url)
    shown = site_findings(response)
    assert len(shown) == 50
    assert "Title 0 is shared." in shown[0] and "Title 49 is shared." in shown[49]
    more = BeautifulSoup(response.content, "html.parser").select_one(
        "p.seo-more-findings"
    )
    assert "And 10 more site-wide findings" in " ".join(more.get_text().split())

    response = get(admin_client, report_url, check="missing_descriptions")
    shown = site_findings(response)
    assert len(shown) == 5
    assert all(f"Page {n} lacks one." in shown[n] for n in range(5))
    assert b"seo-more-findings" not in response.content
