"""The ``seo_audit`` management command: text and JSON output, exit status."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from doctors.models import DoctorIndexPage
from home.models import HomePage
from seo.audit import run_audit
from seo.findings import ERROR, INFO, SEVERITIES, WARNING
from tests.conftest import SEED_URL
from tests.seo.demo_pages import DEMO_URLS, TURKISH_DEMO_URLS, TURKISH_SEED_URL
from treatments.models import TreatmentIndexPage

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(r"^(\d+) pages: (\d+) errors, (\d+) warnings, (\d+) notes\.$")

# Enough plain text (about 210 words in short paragraphs) that the home and
# index pages have no error-level finding, only warnings.
SENTENCES = "Our doctors explain each treatment in plain words. " * 6
PARAGRAPHS = [SENTENCES.strip()] * 5


def audit(*args):
    """Run the command; its output and the SystemExit code (None if it returned)."""
    out = StringIO()
    code = None
    try:
        call_command("seo_audit", *args, stdout=out)
    except SystemExit as exit_:
        code = exit_.code
    return out.getvalue(), code


def all_findings(data):
    """Every finding of a report's JSON, pages and site."""
    return [f for page in data["pages"] for f in page["findings"]] + data["site"]


def counts(data):
    return {
        severity: sum(1 for f in all_findings(data) if f["severity"] == severity)
        for severity in SEVERITIES
    }


@pytest.fixture
def warnings_only(demo):
    """The demo in English, with what makes its home and index pages errors
    fixed.

    The doctors page lists doctors, which the audit does not read as its text,
    so it gets the same intro as the treatments index. The Turkish seed page's
    long sentences are an error the seed's translation keeps: its tree is
    left out (a home page in draft takes its language's tree off the site).
    """
    HomePage.objects.get(locale__language_code="tr").unpublish()
    home = HomePage.objects.get(locale__language_code="en")
    home.search_description = (
        "Regenerative treatments for children and adults at our clinic, explained "
        "in plain words and reviewed by the doctors who provide them."
    )
    home.intro = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    home.save_revision().publish()
    index = TreatmentIndexPage.objects.get(locale__language_code="en")
    index.search_description = (
        "Every treatment our clinic offers, with what it involves, who it can "
        "help and the evidence behind it, reviewed by our own doctors."
    )
    index.intro = "\n\n".join(PARAGRAPHS)
    index.save_revision().publish()
    doctors = DoctorIndexPage.objects.get(locale__language_code="en")
    doctors.intro = "\n\n".join(PARAGRAPHS)
    doctors.save_revision().publish()
    # The enquiries' contact and privacy pages are short by nature.
    for page in (
        Page.objects.live()
        .filter(locale__language_code="en", slug__in=["contact", "privacy-notice"])
        .specific()
    ):
        field = "intro" if hasattr(page, "intro") else "body"
        value = "\n\n".join(PARAGRAPHS)
        if field == "body":
            value = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
        setattr(page, field, value)
        page.save_revision().publish()
    data = run_audit().as_dict()
    assert {page["url"] for page in data["pages"]} == DEMO_URLS - TURKISH_DEMO_URLS
    severities = {f["severity"] for f in all_findings(data)}
    assert ERROR not in severities
    assert WARNING in severities
    return demo


def test_text_lists_every_page_with_its_score_and_a_summary(demo):
    report = run_audit()

    output, code = audit()

    assert code is None
    lines = output.splitlines()
    for page in report.pages:
        assert f"{page.score:>3}  {page.url}  {page.title}" in lines
    assert {page.url for page in report.pages} == DEMO_URLS
    expected = counts(report.as_dict())
    assert all(expected.values()), "the demo has errors, warnings and notes"
    assert lines[-1] == (
        f"{len(DEMO_URLS)} pages: {expected[ERROR]} errors, "
        f"{expected[WARNING]} warnings, {expected[INFO]} notes."
    )
    assert SUMMARY.match(lines[-1])


def test_text_lists_findings_under_their_page_and_the_site_findings(demo):
    output, _code = audit()

    seed_line = next(line for line in output.splitlines() if SEED_URL in line)
    after_seed = output.split(seed_line, 1)[1]
    assert "reference_specificity [body[" in after_seed
    assert "thelancet.com" in after_seed
    site_part = output.split("\nSite:\n", 1)[1]
    assert "missing_descriptions" in site_part
    assert "         /treatments/" in site_part.splitlines()


def test_json_has_the_report_shape(demo):
    output, code = audit("--format", "json")

    assert code is None
    data = json.loads(output)
    assert set(data) == {"pages", "site"}
    assert {page["url"] for page in data["pages"]} == DEMO_URLS
    for page in data["pages"]:
        assert set(page) == {"url", "title", "score", "findings"}
        assert 0 <= page["score"] <= 100
        for finding in page["findings"]:
            assert set(finding) == {"check", "severity", "message", "target"}
            assert finding["severity"] in SEVERITIES
    assert data["site"]
    for finding in data["site"]:
        assert set(finding) == {"check", "severity", "message", "urls"}
        assert finding["severity"] in SEVERITIES
        assert isinstance(finding["urls"], list)
    assert data == run_audit().as_dict()


def test_json_has_the_turkish_pages_and_their_findings(demo):
    output, _code = audit("--format", "json")

    pages = {page["url"]: page for page in json.loads(output)["pages"]}
    assert set(pages) == DEMO_URLS
    seed = pages[TURKISH_SEED_URL]
    assert seed["title"] == "Serebral Palside Kök Hücre Tedavisi"
    (statistic,) = [
        f for f in seed["findings"] if f["check"] == "claims.statistic_uncited"
    ]
    assert "%30 azalma" in statistic["message"]
    assert statistic["severity"] == WARNING
    # The Turkish home page has no description either: a site-wide finding.
    (missing,) = [
        f for f in json.loads(output)["site"] if f["check"] == "missing_descriptions"
    ]
    assert {"/tr/", "/tr/tedaviler/"} <= set(missing["urls"])


def test_json_keeps_non_ascii_text_readable(demo):
    output, _code = audit("--format", "json")

    assert "Özek" in output  # the clinic's name, in the home page's title
    assert "\\u00d6" not in output


def test_fail_on_warning_exits_1_when_there_are_warnings(demo):
    output, code = audit("--fail-on", "warning")

    assert code == 1
    assert SUMMARY.match(output.splitlines()[-1]), "the report is printed first"


def test_fail_on_warning_also_fails_on_a_site_with_only_warnings(warnings_only):
    _output, code = audit("--fail-on", "warning", "--format", "json")

    assert code == 1


def test_fail_on_error_exits_1_on_the_demo_which_has_errors(demo):
    data = run_audit().as_dict()
    assert any(f["severity"] == ERROR for f in all_findings(data))

    _output, code = audit("--fail-on", "error")

    assert code == 1


def test_fail_on_error_exits_0_when_there_are_only_warnings(warnings_only):
    output, code = audit("--fail-on", "error")

    assert code is None
    summary = SUMMARY.match(output.splitlines()[-1])
    assert summary.group(2) == "0"
    assert int(summary.group(3)) > 0


def test_fail_on_error_fails_once_a_medical_reviewer_is_removed(warnings_only):
    warnings_only.medical_reviewer = None
    warnings_only.save_revision().publish()

    output, code = audit("--fail-on", "error", "--format", "json")

    assert code == 1
    (seed,) = [p for p in json.loads(output)["pages"] if p["url"] == SEED_URL]
    assert [f["check"] for f in seed["findings"] if f["severity"] == ERROR] == [
        "medical_reviewer"
    ]


def test_no_fail_on_exits_0_even_with_errors(demo):
    _output, code = audit()

    assert code is None


def test_site_chooses_the_site_by_hostname(demo):
    # A second site whose root is the seed page audits that page alone, in
    # its two languages: Wagtail serves the Turkish seed page as that site's
    # home page in Turkish.
    Site.objects.create(hostname="second.example", port=80, root_page=demo)

    output, code = audit("--site", "second.example", "--format", "json")

    assert code is None
    data = json.loads(output)
    assert sorted(page["title"] for page in data["pages"]) == [
        "Serebral Palside Kök Hücre Tedavisi",
        demo.title,
    ]
    default = Site.objects.get(is_default_site=True)
    output, _code = audit("--site", default.hostname, "--format", "json")
    # With two sites, URLs are absolute; the default site still has them all.
    titles = {page["title"] for page in json.loads(output)["pages"]}
    assert len(titles) == len(DEMO_URLS)
    assert demo.title in titles


def test_unknown_site_is_a_command_error(demo):
    with pytest.raises(CommandError, match="No site has the hostname 'nope.example'"):
        call_command("seo_audit", "--site", "nope.example", stdout=StringIO())


def test_unknown_format_is_a_command_error(demo):
    with pytest.raises(CommandError, match="invalid choice: 'xml'"):
        call_command("seo_audit", "--format", "xml", stdout=StringIO())


def test_unknown_fail_on_level_is_a_command_error(demo):
    with pytest.raises(CommandError, match="invalid choice: 'info'"):
        call_command("seo_audit", "--fail-on", "info", stdout=StringIO())
