"""Run every check over the site's live pages, and the site-level checks.

One function, ``run_audit``, feeds the admin report, the ``seo_audit``
command and the editor dashboard, so they always agree.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, ReferenceIndex, Site

from clinic.models import ClinicSettings

from . import site_checks
from .checks import run_checks, score
from .content import extract
from .findings import ERROR, INFO, WARNING, Finding
from .models import ClinicSeoMixin, OutboundLinkCheck


@dataclass
class PageAudit:
    page_id: int
    title: str
    url: str
    score: int
    results: list
    findings: list

    @property
    def errors(self):
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self):
        return sum(1 for f in self.findings if f.severity == WARNING)

    @property
    def findings_text(self):
        """All findings on one line each, for spreadsheet exports."""
        return "\n".join(
            f"[{f.severity}] {f.check}: {f.message}" for f in self.findings
        )

    def as_dict(self):
        return {
            "url": self.url,
            "title": self.title,
            "score": self.score,
            "findings": [f.as_dict() for f in self.findings],
        }


@dataclass
class AuditReport:
    pages: list = field(default_factory=list)
    site: list = field(default_factory=list)

    def as_dict(self):
        return {
            "pages": [page.as_dict() for page in self.pages],
            "site": [finding.as_dict() for finding in self.site],
        }


def _reviewer_model(page):
    return type(page)._meta.get_field("medical_reviewer").related_model


def _reviewers(pages):
    """{reviewer model: {pk: reviewer}} for every page that names a reviewer."""
    wanted = {}
    for page in pages:
        if getattr(page, "medical_reviewer_id", None):
            wanted.setdefault(_reviewer_model(page), set()).add(
                page.medical_reviewer_id
            )
    return {model: model.objects.in_bulk(ids) for model, ids in wanted.items()}


def _live_pages(site, clinic):
    """Every live page of the site, specific, with what the checks read
    (locale, reviewer, the site and its name) fetched once, not per page.

    Reviewers are read in one query per kind of reviewer model, found from the
    pages' own ``medical_reviewer`` field, so this app need not import it.
    """
    pages = list(
        Page.objects.live()
        .descendant_of(site.root_page, inclusive=True)
        .specific()
        .select_related("locale", for_specific_subqueries=True)
        .order_by("path")
    )
    reviewers = _reviewers(pages)
    site_name = clinic.name or site.site_name or ""
    for page in pages:
        if getattr(page, "medical_reviewer_id", None):
            reviewer_model = _reviewer_model(page)
            page.medical_reviewer = reviewers[reviewer_model].get(
                page.medical_reviewer_id
            )
        if isinstance(page, ClinicSeoMixin):
            page.seo_site = site
            page.seo_sitename = site_name
    return pages


def _references_between_pages(page_ids):
    """{source page id: {target page ids}} from Wagtail's reference index."""
    page_type = ContentType.objects.get_for_model(Page)
    links = {}
    rows = ReferenceIndex.objects.filter(
        base_content_type=page_type,
        to_content_type=page_type,
        object_id__in=[str(pk) for pk in page_ids],
    ).values_list("object_id", "to_object_id")
    for source, target in rows:
        if target.isdigit():
            links.setdefault(int(source), set()).add(int(target))
    return links


def _redirect_pairs(site):
    pairs = []
    redirects = Redirect.objects.filter(Q(site=site) | Q(site__isnull=True))
    for redirect in redirects.select_related("redirect_page"):
        target = redirect.redirect_page.url if redirect.redirect_page else None
        if target is None and redirect.redirect_link:
            parts = urlsplit(redirect.redirect_link)
            if not parts.netloc or parts.hostname == site.hostname:
                target = parts.path or "/"
        pairs.append((redirect.old_path, target))
    return pairs


def audit_page(page, clinic, site, today=None):
    """The checks' results and findings for one page."""
    content = extract(page, clinic, site)
    results = run_checks(content, today=today)
    findings = [finding for result in results for finding in result.findings]
    if content.noindex:
        findings.append(
            Finding(
                "robots",
                INFO,
                "This page is hidden from search engines (noindex) and left out "
                "of the sitemap. Untick noindex if patients should find it.",
                "robots_noindex",
            )
        )
    return content, results, findings


def run_audit(site=None, today=None):
    """Audit every live page of ``site`` (the default site if not given)."""
    site = site or Site.objects.get(is_default_site=True)
    clinic = ClinicSettings.for_site(site)
    pages = _live_pages(site, clinic)
    live_ids = {page.pk for page in pages}
    private_ids = set(Page.objects.live().not_public().values_list("pk", flat=True))
    by_path = {page.path: page for page in pages}
    indexed_links = _references_between_pages(live_ids)

    report = AuditReport()
    facts, page_links, outbound = [], [], {}
    for page in pages:
        content, results, findings = audit_page(page, clinic, site, today)
        url = page.get_url() or ""
        report.pages.append(
            PageAudit(page.pk, page.title, url, score(results), results, findings)
        )
        parent = by_path.get(page.path[: -Page.steplen])
        linked = {link.page_id for link in content.links if link.page_id}
        linked |= indexed_links.get(page.pk, set())
        facts.append(
            site_checks.PageFacts(
                page_id=page.pk,
                url=url,
                title=content.seo_title,
                description=content.description,
                noindex=content.noindex,
                is_root=page.pk == site.root_page_id,
                listed_by_parent=bool(getattr(parent, "lists_children", False)),
                in_menu=bool(
                    page.show_in_menus
                    and parent is not None
                    and parent.pk == site.root_page_id
                ),
                in_sitemap=not content.noindex and page.pk not in private_ids,
                linked_page_ids=linked - {page.pk},
            )
        )
        page_links.extend(
            (url, link.page_id, link.target) for link in content.links if link.page_id
        )
        for link in content.links:
            if not link.internal and link.href.lower().startswith(("http:", "https:")):
                outbound.setdefault(link.href, set()).add(url)

    broken = [
        (check.url, check.status_code or check.error, outbound[check.url])
        for check in OutboundLinkCheck.objects.filter(ok=False, url__in=list(outbound))
    ]
    report.site = [
        *site_checks.duplicate_titles(facts),
        *site_checks.duplicate_descriptions(facts),
        *site_checks.missing_descriptions(facts),
        *site_checks.orphans(facts),
        *site_checks.broken_internal_links(page_links, live_ids),
        *site_checks.redirect_chains(_redirect_pairs(site)),
        *site_checks.sitemap_exclusions(facts),
        *site_checks.broken_outbound_links(broken),
    ]
    report.pages.sort(key=lambda audit: (audit.score, audit.url))
    return report
