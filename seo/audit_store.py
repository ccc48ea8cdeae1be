"""The stored audit: write it after auditing, read it for the report.

``seo.audit`` computes; this module keeps the outcome in ``PageAuditResult``
(one row per live page and site) and ``SiteAuditResult`` (the site-wide
findings), so the report, its exports, the dashboard and ``seo_audit`` read
rows instead of auditing every page inside a request. ``seo.tasks`` calls the
``refresh_*`` functions in the background.

Writes are upserts on (site, page): two workers re-auditing the same page at
once both succeed, the later one wins.
"""

from functools import partial

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from wagtail.models import Page, Site

from clinic.models import ClinicSettings

from . import audit
from .findings import Finding
from .models import PageAuditResult, SiteAuditResult
from .site_checks import SiteFinding

BATCH_SIZE = 500
UPDATED_FIELDS = [
    "revision",
    "language",
    "title",
    "url",
    "score",
    "errors",
    "warnings",
    "notes",
    "findings",
    "tags",
    "facts",
    "computed_at",
]


def tags_of(findings):
    """``|check|severity|check:severity|`` for the report's filters."""
    tags = set()
    for finding in findings:
        tags.update(
            {finding.check, finding.severity, f"{finding.check}:{finding.severity}"}
        )
    return "|" + "|".join(sorted(tags)) + "|" if tags else ""


def tag_filter(severity="", check=""):
    """The tag a stored row must hold to match the filters, or ""."""
    if severity and check:
        return f"|{check}:{severity}|"
    return f"|{check or severity}|" if (check or severity) else ""


def _row(site, page_audit, computed_at):
    findings = page_audit.findings
    return PageAuditResult(
        site=site,
        page_id=page_audit.page_id,
        revision_id=page_audit.revision_id,
        language=page_audit.language[:20],
        title=page_audit.title[:255],
        url=page_audit.url[:2000],
        score=page_audit.score,
        errors=page_audit.errors,
        warnings=page_audit.warnings,
        notes=page_audit.notes,
        findings=[f.as_stored_dict() for f in findings],
        tags=tags_of(findings),
        facts=page_audit.facts,
        computed_at=computed_at,
    )


def save_pages(site, page_audits, computed_at=None):
    """Store (insert or replace) the audits of these pages of ``site``."""
    computed_at = computed_at or timezone.now()
    rows = [_row(site, page_audit, computed_at) for page_audit in page_audits]
    PageAuditResult.objects.bulk_create(
        rows,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=["site", "page"],
        update_fields=UPDATED_FIELDS,
    )


def save_site(site, findings, computed_at=None, full=False):
    computed_at = computed_at or timezone.now()
    defaults = {
        "findings": [finding.as_stored_dict() for finding in findings],
        "computed_at": computed_at,
    }
    if full:
        defaults["full_audit_at"] = computed_at
    SiteAuditResult.objects.update_or_create(site=site, defaults=defaults)


def stored_facts(site):
    """(page id, URL, facts) of the stored pages of ``site``, in tree order."""
    return list(
        PageAuditResult.objects.filter(site=site)
        .order_by("page__path")
        .values_list("page_id", "url", "facts")
    )


def refresh_site_findings(site):
    """Run the site-wide checks again from the stored facts of every page."""
    findings = audit.site_findings(site, stored_facts(site))
    save_site(site, findings)
    return findings


def refresh_all(site=None, today=None):
    """Audit every live page of ``site`` afresh and store it all: the full
    audit. Pages no longer live lose their stored result. Returns the
    ``AuditReport``.

    Pages are stored a chunk at a time as they are audited (by the audit
    processes, ``seo.audit_processes``); if the audit fails half way, the
    pages stored so far keep their new results and the others their old
    ones, each right for when it was computed.
    """
    site = site or audit.default_site()
    computed_at = timezone.now()
    store = partial(save_pages, computed_at=computed_at)
    report = audit.run_audit(site, today=today, store=store)
    with transaction.atomic():
        PageAuditResult.objects.filter(site=site).exclude(
            page_id__in=[page_audit.page_id for page_audit in report.pages]
        ).delete()
        save_site(site, report.site, computed_at, full=True)
    for page_audit in report.pages:
        page_audit.computed_at = computed_at
    return report


def sites_of(page_ids):
    """The sites whose language trees hold any of ``page_ids`` or that have
    stored results for them (a page moved out of a site still has a row there
    to remove)."""
    paths = list(Page.objects.filter(pk__in=page_ids).values_list("path", flat=True))
    stored = set(
        PageAuditResult.objects.filter(page_id__in=page_ids).values_list(
            "site_id", flat=True
        )
    )
    sites = []
    for site in Site.objects.select_related("root_page"):
        roots = audit.site_roots(site)
        if site.pk in stored or any(
            path.startswith(root.path) for path in paths for root in roots
        ):
            sites.append(site)
    return sites


def _with_trees_of_roots(page_ids):
    """``page_ids`` and, for any that is a translation of a site's root page,
    the descendants whose stored results its publishing or unpublishing
    changes: publishing the Turkish home page brings its tree into the site
    (its pages not stored yet are audited), unpublishing it takes the tree
    away (its stored rows go). Editing a live home page adds nothing."""
    roots = Page.objects.filter(
        pk__in=page_ids,
        translation_key__in=Site.objects.values("root_page__translation_key"),
    ).exclude(pk__in=Site.objects.values("root_page_id"))
    extra = set()
    for root in roots:
        stored = PageAuditResult.objects.filter(page_id=OuterRef("pk"))
        tree = Page.objects.descendant_of(root)
        if root.live:
            tree = tree.live().exclude(Exists(stored))
        else:
            tree = tree.filter(Exists(stored))
        extra.update(tree.values_list("pk", flat=True))
    return sorted({*page_ids, *extra})


def refresh_pages(page_ids, today=None):
    """Re-audit ``page_ids`` in every site they belong to (a page that is no
    longer live there loses its row), then the site-wide checks."""
    page_ids = _with_trees_of_roots(sorted(set(page_ids)))
    sites = sites_of(page_ids)
    for site in sites:
        clinic = ClinicSettings.for_site(site)
        pages = audit.live_pages(site, clinic, page_ids)
        page_audits = audit.audit_pages(pages, clinic, site, today)
        with transaction.atomic():
            save_pages(site, page_audits)
            audited = {page_audit.page_id for page_audit in page_audits}
            PageAuditResult.objects.filter(
                site=site, page_id__in=set(page_ids) - audited
            ).delete()
        refresh_site_findings(site)
    # A deleted page has no site any more and its rows went with it, but the
    # site-wide findings stored before may still name it (a link to it).
    done = {site.pk for site in sites}
    for site_result in SiteAuditResult.objects.select_related("site__root_page"):
        if site_result.site_id not in done:
            refresh_site_findings(site_result.site)


def fill_missing(site, today=None):
    """Audit the live pages of ``site`` that have no stored result yet; the
    number audited."""
    missing = list(
        audit.site_pages(site)
        .exclude(pk__in=PageAuditResult.objects.filter(site=site).values("page_id"))
        .values_list("pk", flat=True)
    )
    if missing:
        clinic = ClinicSettings.for_site(site)
        pages = audit.live_pages(site, clinic, missing)
        save_pages(site, audit.audit_pages(pages, clinic, site, today))
    if missing or not SiteAuditResult.objects.filter(site=site).exists():
        refresh_site_findings(site)
    return len(missing)


def _page_audit(row):
    return audit.PageAudit(
        row.page_id,
        row.title,
        row.url,
        row.score,
        [Finding.from_dict(finding) for finding in row.findings],
        language=row.language,
        revision_id=row.revision_id,
        computed_at=row.computed_at,
    )


def site_finding(data):
    return SiteFinding.from_dict(data)


def stored_report(site):
    """The ``AuditReport`` of ``site`` as stored, for its live pages only (in
    every language tree)."""
    rows = (
        PageAuditResult.objects.filter(site=site, page__live=True)
        .filter(audit.in_site(site, prefix="page__"))
        .defer("facts", "tags")
    )
    report = audit.AuditReport(pages=[_page_audit(row) for row in rows])
    report.pages.sort(key=lambda page_audit: (page_audit.score, page_audit.url))
    site_result = SiteAuditResult.objects.filter(site=site).first()
    report.site = (
        [site_finding(data) for data in site_result.findings] if (site_result) else []
    )
    return report
