"""The stored audit is read in the reader's language, whatever language the
worker audited in: the report, its CSV export and ``seo_audit`` show what an
audit in the reader's language would have said."""

import csv
import io
import json
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import override
from wagtail.users.models import UserProfile

from seo.audit import default_site, run_audit
from seo.audit_store import refresh_all
from seo.models import PageAuditResult, SiteAuditResult
from seo.site_checks import SITE_CHECKS

pytestmark = pytest.mark.django_db

OTHER = {"en": "tr", "tr": "en"}


def audited_in(language):
    with override(language):
        return refresh_all()


def fresh(language):
    """What auditing afresh in ``language`` says (stores nothing)."""
    with override(language):
        return run_audit()


def messages_of(report):
    pages = {
        page.url: [finding.message for finding in page.findings]
        for page in report.pages
    }
    return pages, [finding.message for finding in report.site]


def admin_in(admin_user, language):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = language
    profile.save()


def report_texts(response):
    """({page URL: [finding texts]}, [site-wide finding texts]) of the report."""
    soup = BeautifulSoup(response.content, "html.parser")
    pages = {}
    for tr in soup.select("table.seo-audit-pages tbody tr"):
        cells = tr.find_all("td", recursive=False)
        if len(cells) < 3:
            continue
        url = cells[0].find_all("a")[1]["href"]
        pages[url] = [li.get_text(" ", strip=True) for li in cells[2].select("li")]
    site = [
        li.get_text(" ", strip=True) for li in soup.select("ul.seo-site-findings > li")
    ]
    return pages, site


@pytest.mark.parametrize("stored_in", ["en", "tr"])
def test_the_report_shows_stored_findings_in_the_editors_language(
    demo, admin_client, admin_user, stored_in
):
    reader = OTHER[stored_in]
    audited_in(stored_in)
    expected_pages, expected_site = messages_of(fresh(reader))
    stored_pages, _stored_site = messages_of(fresh(stored_in))
    admin_in(admin_user, reader)

    response = admin_client.get(reverse("seo_audit_report"))

    assert response.status_code == 200
    pages, site = report_texts(response)
    assert set(pages) == set(expected_pages)
    compared = 0
    for url, messages in expected_pages.items():
        assert len(pages[url]) == len(messages)
        for shown, message, stored in zip(
            pages[url], messages, stored_pages[url], strict=True
        ):
            assert shown.endswith(message)
            if message != stored:
                assert stored not in shown
                compared += 1
    assert compared, "some finding reads differently in the two languages"
    labels = dict(SITE_CHECKS)
    with override(reader):
        for shown, message in zip(site, expected_site, strict=True):
            assert message in shown
        assert any(str(label) in " ".join(site) for label in labels.values())


def test_the_report_badges_and_filters_are_in_turkish(demo, admin_client, admin_user):
    audited_in("en")
    admin_in(admin_user, "tr")

    response = admin_client.get(reverse("seo_audit_report"))

    soup = BeautifulSoup(response.content, "html.parser")
    badges = {strong.get_text() for strong in soup.select("li.seo-finding strong")}
    assert badges <= {"Hata", "Uyarı", "Not"}
    assert badges
    options = [o.get_text() for o in soup.select("select[name=severity] option")]
    assert options[1:] == ["Hata", "Uyarı", "Not"]


@pytest.mark.parametrize("stored_in", ["en", "tr"])
def test_the_csv_export_is_in_the_editors_language(
    demo, admin_client, admin_user, stored_in
):
    reader = OTHER[stored_in]
    audited_in(stored_in)
    expected = fresh(reader)
    admin_in(admin_user, reader)

    response = admin_client.get(reverse("seo_audit_report"), {"export": "csv"})

    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content)
        if response.streaming
        else (response.content)
    )
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    findings = {row[1]: row[5] for row in rows[1:]}
    for page in expected.pages:
        assert findings[page.url] == page.findings_text


@pytest.mark.parametrize("stored_in", ["en", "tr"])
def test_seo_audit_prints_the_stored_findings_in_its_language(demo, stored_in):
    reader = OTHER[stored_in]
    audited_in(stored_in)
    expected = fresh(reader).as_dict()
    out = StringIO()

    call_command("seo_audit", "--format", "json", "--language", reader, stdout=out)

    data = json.loads(out.getvalue())
    assert data == expected
    assert data != fresh(stored_in).as_dict()


def test_seo_audit_takes_the_language_from_the_settings(demo, settings):
    audited_in("en")
    settings.LANGUAGE_CODE = "tr"
    out = StringIO()

    call_command("seo_audit", stdout=out)

    text = out.getvalue()
    expected_pages, expected_site = messages_of(fresh("tr"))
    for messages in expected_pages.values():
        for message in messages:
            assert message in text
    for message in expected_site:
        assert message in text


def test_rows_of_the_previous_release_still_show_their_text(
    demo, admin_client, admin_user
):
    """Rows stored before findings kept their msgid: their text, as stored."""
    audited_in("en")
    site = default_site()
    row = PageAuditResult.objects.filter(site=site).exclude(findings=[]).first()
    row.findings = [
        {
            "check": "text_length",
            "severity": "warning",
            "message": "An old finding, as the previous release stored it.",
            "target": "body",
        }
    ]
    row.tags = "|text_length|warning|text_length:warning|"
    row.save()
    SiteAuditResult.objects.filter(site=site).update(
        findings=[
            {
                "check": "orphan_pages",
                "severity": "warning",
                "message": "3 page(s) have no internal link pointing to them.",
                "urls": ["/a/", "/b/", "/c/"],
            }
        ]
    )
    admin_in(admin_user, "tr")

    pages, site_texts = report_texts(admin_client.get(reverse("seo_audit_report")))

    [shown] = pages[row.url]
    assert shown.startswith("Uyarı · text_length")
    assert shown.endswith("An old finding, as the previous release stored it.")
    assert site_texts[0].startswith(
        "Uyarı · Yetim sayfalar: 3 page(s) have no internal link pointing to them."
    )
    out = StringIO()
    call_command("seo_audit", "--format", "json", "--language", "tr", stdout=out)
    data = json.loads(out.getvalue())
    assert data["site"] == [
        {
            "check": "orphan_pages",
            "severity": "warning",
            "message": "3 page(s) have no internal link pointing to them.",
            "urls": ["/a/", "/b/", "/c/"],
        }
    ]
    old = next(page for page in data["pages"] if page["url"] == row.url)
    assert old["findings"][0]["message"] == (
        "An old finding, as the previous release stored it."
    )
