"""``run_audit`` on the demo site: page scores, findings and site-wide checks.

Everything here goes through the database: real pages published with
revisions, real redirects and real outbound link check rows.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page, PageViewRestriction, Site

from clinic.models import ClinicSettings
from home.models import HomePage
from seo.audit import run_audit
from seo.checks import ERROR_COST, WARNING_COST, run_checks, score
from seo.content import extract
from seo.findings import ERROR, INFO, SEVERITIES, WARNING
from seo.models import OutboundLinkCheck
from tests.conftest import SEED_URL
from tests.seo.demo_pages import DEMO_URLS, TURKISH_DEMO_URLS, TURKISH_SEED_URL
from treatments.models import TreatmentIndexPage, TreatmentPage

pytestmark = pytest.mark.django_db

PUBMED = "https://pubmed.ncbi.nlm.nih.gov/31515568/"
LANCET = "https://www.thelancet.com/journals/laneur/home"
FRONTIERS = "https://www.frontiersin.org/articles/10.3389/fneur.2020.00079/full"

PAGE_KEYS = {"url", "title", "score", "findings"}
FINDING_KEYS = {"check", "severity", "message", "target"}
SITE_KEYS = {"check", "severity", "message", "urls"}


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_treatment(slug, **fields):
    """A live treatment page under /treatments/."""
    index = TreatmentIndexPage.objects.get(slug="treatments")
    fields.setdefault("title", f"Treatment {slug}")
    fields.setdefault("condition_name", "Cerebral palsy")
    fields.setdefault("summary", "What the treatment involves and who it helps.")
    page = TreatmentPage(slug=slug, **fields)
    index.add_child(instance=page)
    return publish(page)


def site_findings(report, check):
    return [finding for finding in report.site if finding.check == check]


def audit_of(report, url):
    (audit,) = [page for page in report.pages if page.url == url]
    return audit


def reference_target(page, url):
    """The target the checks give the reference of ``page`` linking to ``url``."""
    for index, block in enumerate(page.body):
        if block.block_type == "references":
            for number, item in enumerate(block.value["items"], start=1):
                if item["url"] == url:
                    return f"body[{index}] (references) reference {number}"
    raise AssertionError(f"No reference links to {url}")


# Pages and scores ---------------------------------------------------------


def test_every_live_page_is_audited_with_its_score(demo):
    report = run_audit()

    assert {page.url for page in report.pages} == DEMO_URLS
    site = Site.objects.get(is_default_site=True)
    clinic = ClinicSettings.for_site(site)
    for audit in report.pages:
        page = Page.objects.get(pk=audit.page_id).specific
        assert page.live
        assert audit.url == page.get_url()
        assert audit.title == page.title
        assert 0 <= audit.score <= 100
        # The same score, recomputed from scratch and from the rule itself.
        results = run_checks(extract(page, clinic, site))
        assert audit.score == score(results)
        findings = [f for result in results for f in result.findings]
        errors = sum(1 for f in findings if f.severity == ERROR)
        warnings = sum(1 for f in findings if f.severity == WARNING)
        expected = max(0, 100 - ERROR_COST * errors - WARNING_COST * warnings)
        assert audit.score == expected
        assert audit.errors == errors
        assert audit.warnings == warnings


def test_pages_are_sorted_worst_first(demo):
    report = run_audit()

    keys = [(page.score, page.url) for page in report.pages]
    assert keys == sorted(keys)
    # The demo's pages do not all score the same, so the order means something.
    assert len({page.score for page in report.pages}) > 1


def test_drafts_and_unpublished_pages_are_left_out(demo):
    draft = TreatmentPage(
        title="Draft", slug="draft", condition_name="x", summary="Not yet.", live=False
    )
    TreatmentIndexPage.objects.get(locale__language_code="en").add_child(instance=draft)
    draft.save_revision()  # saved, never published
    gone = add_treatment("gone")
    gone.unpublish()

    report = run_audit()

    assert {page.url for page in report.pages} == DEMO_URLS
    ids = {page.page_id for page in report.pages}
    assert draft.pk not in ids
    assert gone.pk not in ids


def test_seed_page_flags_only_the_lancet_home_page_reference(demo):
    report = run_audit()

    seed = audit_of(report, SEED_URL)
    specificity = [f for f in seed.findings if f.check == "reference_specificity"]
    assert [f.target for f in specificity] == [reference_target(demo, LANCET)]
    (finding,) = specificity
    assert finding.severity == WARNING
    assert LANCET in finding.message
    targets = {f.target for f in seed.findings}
    assert reference_target(demo, PUBMED) not in targets
    assert reference_target(demo, FRONTIERS) not in targets


def test_report_as_dict_has_exactly_the_documented_shape(demo):
    add_treatment("no-description")  # a site-level finding with a URL list
    report = run_audit()

    data = json.loads(json.dumps(report.as_dict()))

    assert set(data) == {"pages", "site"}
    assert len(data["pages"]) == len(report.pages) == len(DEMO_URLS) + 1
    assert data["site"], "the demo with an extra page has site-wide findings"
    assert any(page["findings"] for page in data["pages"])
    for page in data["pages"]:
        assert set(page) == PAGE_KEYS
        assert isinstance(page["url"], str)
        assert isinstance(page["title"], str)
        assert isinstance(page["score"], int)
        assert 0 <= page["score"] <= 100
        for finding in page["findings"]:
            assert set(finding) == FINDING_KEYS
            assert finding["severity"] in SEVERITIES
            assert all(isinstance(finding[key], str) for key in FINDING_KEYS)
    for finding in data["site"]:
        assert set(finding) == SITE_KEYS
        assert finding["severity"] in SEVERITIES
        assert isinstance(finding["urls"], list)
        assert all(isinstance(url, str) for url in finding["urls"])
    assert {page["url"] for page in data["pages"]} == DEMO_URLS | {
        "/treatments/no-description/"
    }


# Site-level findings on real data -----------------------------------------


def test_duplicate_seo_titles_are_reported_with_both_urls(demo):
    assert site_findings(run_audit(), "duplicate_titles") == []
    title = "Stem cell therapy for autism and cerebral palsy in Istanbul"
    add_treatment("twin-one", seo_title=title)
    add_treatment("twin-two", seo_title=title.upper())

    (finding,) = site_findings(run_audit(), "duplicate_titles")

    assert finding.severity == WARNING
    assert finding.urls == ("/treatments/twin-one/", "/treatments/twin-two/")
    assert "2 pages share the SEO title" in finding.message


def test_pages_without_a_description_are_reported(demo):
    add_treatment("undescribed")
    add_treatment("described", search_description="A description of its own.")

    (finding,) = site_findings(run_audit(), "missing_descriptions")

    assert finding.severity == WARNING
    # The demo's home and index pages have none either, in both languages;
    # the seed page and its translation have one.
    assert finding.urls == (
        "/",
        "/tr/",
        "/tr/tedaviler/",
        "/treatments/",
        "/treatments/undescribed/",
    )


def test_a_page_nothing_leads_to_is_an_orphan(demo):
    # HomePage allows plain pages as children, and it does not list them.
    home = HomePage.objects.get(locale__language_code="en")
    assert Page in HomePage.allowed_subpage_models()
    assert site_findings(run_audit(), "orphan_pages") == []
    forgotten = Page(title="Forgotten page", slug="forgotten")
    home.add_child(instance=forgotten)
    publish(forgotten)

    (finding,) = site_findings(run_audit(), "orphan_pages")

    assert finding.severity == WARNING
    assert finding.urls == ("/forgotten/",)


def test_a_linked_page_is_not_an_orphan(demo):
    home = HomePage.objects.get(locale__language_code="en")
    forgotten = Page(title="Forgotten page", slug="forgotten")
    home.add_child(instance=forgotten)
    publish(forgotten)
    add_treatment(
        "linking",
        body=[
            {
                "type": "paragraph",
                "value": f'<p>See <a linktype="page" id="{forgotten.pk}">this</a>.</p>',
            }
        ],
    )

    assert site_findings(run_audit(), "orphan_pages") == []


def test_a_page_in_the_menu_is_not_an_orphan(demo):
    home = HomePage.objects.get(locale__language_code="en")
    contact = Page(title="Visit us", slug="visit-us", show_in_menus=True)
    home.add_child(instance=contact)
    publish(contact)

    assert site_findings(run_audit(), "orphan_pages") == []


def test_treatments_are_never_orphans_because_the_index_lists_them(demo):
    add_treatment("unlinked-treatment")

    assert site_findings(run_audit(), "orphan_pages") == []


def test_a_link_to_an_unpublished_page_is_a_broken_internal_link(demo):
    target = add_treatment("target")
    source = add_treatment(
        "source",
        body=[
            {
                "type": "paragraph",
                "value": f'<p>Read <a linktype="page" id="{target.pk}">more</a>.</p>',
            }
        ],
    )
    assert site_findings(run_audit(), "broken_internal_links") == []

    target.unpublish()
    (finding,) = site_findings(run_audit(), "broken_internal_links")

    assert finding.severity == ERROR
    assert finding.urls == (source.url,)
    assert f"body[0] (paragraph) → {target.pk}" in finding.message


def test_a_redirect_chain_is_a_warning(demo):
    site = Site.objects.get(is_default_site=True)
    Redirect.objects.create(old_path="/a", redirect_link="/b")
    # An absolute link to the site's own host counts as the path /c.
    Redirect.objects.create(
        old_path="/b", redirect_link=f"http://{site.hostname}:{site.port}/c"
    )
    # Leaving the site ends the chain: /elsewhere is not followed.
    Redirect.objects.create(old_path="/x", redirect_link="https://other.example/a")

    findings = site_findings(run_audit(), "redirect_chains")

    assert [(f.severity, f.urls) for f in findings] == [(WARNING, ("/a", "/b", "/c"))]
    assert "Point /a straight at /c" in findings[0].message


def test_a_redirect_to_a_page_that_is_redirected_to_is_a_chain(demo):
    Redirect.objects.create(old_path="/old-seed", redirect_page=demo)
    Redirect.objects.create(old_path="/older-seed", redirect_link="/old-seed")

    findings = site_findings(run_audit(), "redirect_chains")

    assert [(f.severity, f.urls) for f in findings] == [
        (WARNING, ("/older-seed", "/old-seed", SEED_URL))
    ]


def test_a_redirect_loop_is_an_error(demo):
    Redirect.objects.create(old_path="/loop-1", redirect_link="/loop-2")
    Redirect.objects.create(old_path="/loop-2", redirect_link="/loop-1")

    findings = site_findings(run_audit(), "redirect_chains")

    assert findings
    assert {f.severity for f in findings} == {ERROR}
    assert ("/loop-1", "/loop-2", "/loop-1") in [f.urls for f in findings]
    assert all(f.message.startswith("Redirect loop:") for f in findings)


def test_single_redirects_are_fine(demo):
    Redirect.objects.create(old_path="/old", redirect_link="/treatments/")
    Redirect.objects.create(old_path="/older", redirect_page=demo)

    assert site_findings(run_audit(), "redirect_chains") == []


def test_a_noindex_page_is_left_out_of_the_sitemap_and_says_so(demo):
    assert site_findings(run_audit(), "left_out_of_sitemap") == []
    hidden = add_treatment("hidden", robots_noindex=True)

    report = run_audit()

    (finding,) = site_findings(report, "left_out_of_sitemap")
    assert finding.severity == INFO
    assert finding.urls == (hidden.url,)
    robots = [f for f in audit_of(report, hidden.url).findings if f.check == "robots"]
    assert [(f.severity, f.target) for f in robots] == [(INFO, "robots_noindex")]
    assert "noindex" in robots[0].message
    # Hidden pages need no meta description: they are not in search results.
    (missing,) = site_findings(report, "missing_descriptions")
    assert hidden.url not in missing.urls
    # Only that page has the robots note.
    others = [page for page in report.pages if page.url != hidden.url]
    assert not any(f.check == "robots" for page in others for f in page.findings)


def test_a_private_page_is_left_out_of_the_sitemap(demo):
    private = add_treatment("private", search_description="Staff only.")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    (finding,) = site_findings(run_audit(), "left_out_of_sitemap")

    assert finding.urls == (private.url,)


def test_a_failed_outbound_link_check_is_reported_with_the_linking_page(demo):
    now = timezone.now()
    OutboundLinkCheck.objects.create(
        url=LANCET, ok=False, status_code=404, checked_at=now
    )
    OutboundLinkCheck.objects.create(
        url=PUBMED, ok=True, status_code=200, checked_at=now
    )
    # A failed check for a URL no live page links to is not reported.
    OutboundLinkCheck.objects.create(
        url="https://unlinked.example/gone", ok=False, status_code=410, checked_at=now
    )

    findings = site_findings(run_audit(), "broken_outbound_links")

    # The seed page and its Turkish translation cite the same sources.
    assert [(f.severity, f.urls) for f in findings] == [
        (ERROR, (TURKISH_SEED_URL, SEED_URL))
    ]
    assert LANCET in findings[0].message
    assert "(404 Not Found)" in findings[0].message


def test_an_outbound_link_that_never_answered_reports_the_error(demo):
    OutboundLinkCheck.objects.create(
        url=FRONTIERS, ok=False, error="timed out", checked_at=timezone.now()
    )

    (finding,) = site_findings(run_audit(), "broken_outbound_links")

    assert finding.urls == (TURKISH_SEED_URL, SEED_URL)
    assert "(timed out)" in finding.message


def test_the_demo_has_no_site_findings_but_missing_descriptions(demo):
    """A baseline: the other site checks start from nothing on the demo."""
    assert [f.check for f in run_audit().site] == ["missing_descriptions"]


# Language trees ------------------------------------------------------------
# The Turkish home page is the English one's translation, a sibling in the
# page tree with its own subtree: the site's pages in Turkish.


def add_turkish_treatment(slug, **fields):
    """A live treatment page under /tr/tedaviler/ that translates nothing."""
    index = TreatmentIndexPage.objects.get(locale__language_code="tr")
    fields.setdefault("title", f"Tedavi {slug}")
    fields.setdefault("condition_name", "Serebral palsi")
    fields.setdefault("summary", "Tedavinin ne olduğu ve kime yardımcı olduğu.")
    page = TreatmentPage(slug=slug, locale=index.locale, **fields)
    index.add_child(instance=page)
    return publish(page)


def turkish(page):
    return page.get_translation(Locale.objects.get(language_code="tr"))


def link_to(page):
    return [
        {
            "type": "paragraph",
            "value": f'<p>Bkz. <a linktype="page" id="{page.pk}">bu sayfa</a>.</p>',
        }
    ]


def test_the_turkish_tree_is_audited_in_turkish(demo):
    report = run_audit()

    audits = [audit for audit in report.pages if audit.url in TURKISH_DEMO_URLS]
    assert {audit.url for audit in audits} == TURKISH_DEMO_URLS
    for audit in audits:
        page = Page.objects.get(pk=audit.page_id)
        assert page.locale.language_code == audit.language == "tr"
        assert audit.url == page.get_url()
    seed = audit_of(report, TURKISH_SEED_URL)
    assert seed.page_id == turkish(demo).pk
    # Judged by the Turkish claims list: Case A's "%30 azalma" cites nothing.
    (statistic,) = [f for f in seed.findings if f.check == "claims.statistic_uncited"]
    assert "%30" in statistic.message


def test_a_turkish_home_page_in_draft_keeps_its_tree_out(demo):
    """Wagtail serves a language's tree only under its live home page."""
    HomePage.objects.get(locale__language_code="tr").unpublish()

    report = run_audit()

    assert {page.url for page in report.pages} == DEMO_URLS - TURKISH_DEMO_URLS


def test_a_page_and_its_translation_with_one_title_are_not_duplicates(demo):
    translation = turkish(demo)
    translation.seo_title = demo.seo_title
    translation.search_description = demo.search_description
    publish(translation)

    report = run_audit()

    assert site_findings(report, "duplicate_titles") == []
    assert site_findings(report, "duplicate_descriptions") == []
    # Another Turkish page with that title is a duplicate of both.
    other = add_turkish_treatment("baska-tedavi", seo_title=demo.seo_title)
    (finding,) = site_findings(run_audit(), "duplicate_titles")
    assert finding.urls == tuple(sorted([SEED_URL, TURKISH_SEED_URL, other.url]))
    assert "3 pages share the SEO title" in finding.message


def test_orphans_are_found_in_every_language_tree(demo):
    home = HomePage.objects.get(locale__language_code="tr")
    forgotten = Page(title="Unutulan sayfa", slug="unutulan", locale=home.locale)
    home.add_child(instance=forgotten)
    publish(forgotten)
    menu = Page(
        title="Bize ulaşın", slug="bize-ulasin", locale=home.locale, show_in_menus=True
    )
    home.add_child(instance=menu)
    publish(menu)

    # In the Turkish menu (its home page is a root of the site): no orphan.
    (finding,) = site_findings(run_audit(), "orphan_pages")
    assert finding.urls == ("/tr/unutulan/",)

    # A link from an English page leads to it as well as a Turkish one would.
    add_treatment("linking", body=link_to(forgotten))
    assert site_findings(run_audit(), "orphan_pages") == []


def test_a_link_from_the_turkish_tree_to_an_unpublished_page_is_broken(demo):
    target = add_treatment("target")
    source = add_turkish_treatment("kaynak", body=link_to(target))
    assert site_findings(run_audit(), "broken_internal_links") == []

    target.unpublish()

    (finding,) = site_findings(run_audit(), "broken_internal_links")
    assert finding.urls == (source.url,) == ("/tr/tedaviler/kaynak/",)
    assert f"body[0] (paragraph) → {target.pk}" in finding.message


# Queries -------------------------------------------------------------------

# run_audit's queries should depend on the number of page *types* (``specific()``
# makes one query per type), not on the number of pages: reviewers, reference
# index rows, redirects and outbound checks are all fetched in bulk. Adding pages
# of a type already present should add no query; 2 leaves room for a cache that
# is filled once (site root paths) without hiding a per-page query (10 pages
# are added, so a single per-page query would add 10).
EXTRA_QUERIES_ALLOWED = 2


def add_treatments(start, count):
    """Treatment pages, every other one without an SEO title of its own."""
    for number in range(start, start + count):
        title = f"Treatment number {number} for cerebral palsy patients"
        add_treatment(
            f"treatment-{number}",
            seo_title=title if number % 2 else "",
            search_description=f"What treatment {number} involves and who it helps.",
            body=[{"type": "paragraph", "value": f"<p>Treatment {number}.</p>"}],
        )


def count_audit_queries():
    run_audit()  # warm the caches a first run fills
    with CaptureQueriesContext(connection) as queries:
        run_audit()
    return len(queries)


def test_audit_queries_do_not_grow_with_the_number_of_pages(demo):
    add_treatments(0, 2)
    with_two = count_audit_queries()
    add_treatments(2, 10)
    with_twelve = count_audit_queries()

    assert with_twelve <= with_two + EXTRA_QUERIES_ALLOWED, (with_two, with_twelve)
