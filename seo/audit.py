"""Run every check over the site's live pages, and the site-level checks.

A site's pages are those of each of its language trees: the tree under its
root page and those under the root page's live translations (the Turkish
home page is a sibling of the English one, with its own subtree), as
Wagtail serves them (``Site.get_site_root_paths``, ``Page.localized``).

``run_audit`` audits a whole site; ``audit_pages`` some of its pages, and
``site_findings`` runs the site-wide checks from the facts of audited pages
(fresh, or stored). ``seo.audit_store`` stores the outcome, which the admin
report, the dashboard and ``seo_audit`` read, so they always agree.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlsplit

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, ReferenceIndex, Site

from clinic.models import ClinicSettings

from . import audit_processes, site_checks
from .checks import run_checks, score
from .content import extract
from .findings import INFO, CountsFindings, Finding
from .models import ClinicSeoMixin, OutboundLinkCheck


@dataclass
class PageAudit(CountsFindings):
    page_id: int
    title: str
    url: str
    score: int
    findings: list
    language: str = ""
    revision_id: int | None = None
    facts: dict = field(default_factory=dict)
    path: str = ""
    computed_at: datetime | None = None

    @property
    def audited(self):
        return True

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


CHUNK_SIZE = 500


def site_roots(site):
    """The root pages of ``site``'s language trees: its root page and the
    root page's live translations, which Wagtail serves as the site's home
    page in their languages (a draft translation is not served, nor is what
    lies under it)."""
    root = site.root_page
    translations = (
        Page.objects.live()
        .filter(translation_key=root.translation_key)
        .exclude(pk=root.pk)
        .order_by("path")
    )
    return [root, *translations]


def in_site(site, roots=None, prefix=""):
    """A ``Q`` for the pages of ``site``'s language trees (``roots`` from
    ``site_roots``); ``prefix`` reaches the page through a relation
    (``"page__"``)."""
    query = Q()
    for root in site_roots(site) if roots is None else roots:
        query |= Q(**{f"{prefix}path__startswith": root.path})
    return query


def site_pages(site, roots=None):
    """The live pages of every language tree of ``site``."""
    return Page.objects.live().filter(in_site(site, roots))


def live_pages(site, clinic, page_ids=None):
    """Every live page of the site (or those of ``page_ids``), in tree order;
    see ``iter_live_pages``."""
    return list(iter_live_pages(site, clinic, page_ids))


def iter_live_pages(site, clinic, page_ids=None, chunk_size=CHUNK_SIZE):
    """Every live page of the site (or those of ``page_ids``), specific, in
    tree order, with what the checks read (locale, reviewer, the site and its
    name, the sites' root paths for the URL) fetched once, not per page.

    Pages are read ``chunk_size`` at a time (a few queries per chunk), so a
    full audit never holds every page's body at once. Reviewers are read in
    one query per chunk and kind of reviewer model, found from the pages' own
    ``medical_reviewer`` field, so this app need not import it.
    """
    return iter_pages(site, clinic, live_page_ids(site, page_ids), chunk_size)


def live_page_ids(site, page_ids=None):
    """The ids of the live pages of ``site`` (of ``page_ids`` only, if given),
    in tree order."""
    queryset = site_pages(site)
    if page_ids is not None:
        queryset = queryset.filter(pk__in=page_ids)
    return list(queryset.order_by("path").values_list("pk", flat=True))


def iter_pages(site, clinic, ids, chunk_size=CHUNK_SIZE):
    """The pages of ``ids`` (in tree order already), ready to audit; see
    ``iter_live_pages``."""
    site_name = clinic.name or site.site_name or ""
    root_paths = Site.get_site_root_paths()
    for start in range(0, len(ids), chunk_size):
        pages = list(
            Page.objects.filter(pk__in=ids[start : start + chunk_size])
            .specific()
            .select_related("locale", for_specific_subqueries=True)
            .order_by("path")
        )
        reviewers = _reviewers(pages)
        for page in pages:
            # What ``get_url`` would read from the cache for every page.
            page._wagtail_cached_site_root_paths = root_paths
            if getattr(page, "medical_reviewer_id", None):
                reviewer_model = _reviewer_model(page)
                page.medical_reviewer = reviewers[reviewer_model].get(
                    page.medical_reviewer_id
                )
            if isinstance(page, ClinicSeoMixin):
                page.seo_site = site
                page.seo_sitename = site_name
        yield from pages


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
                _(
                    "This page is hidden from search engines (noindex) and left "
                    "out of the sitemap. Untick noindex if patients should find it."
                ),
                "robots_noindex",
            )
        )
    return content, results, findings


def page_facts(content):
    """What the site-wide checks read about a page, as stored JSON."""
    return {
        "title": content.seo_title,
        "description": content.description,
        "noindex": content.noindex,
        "links": [
            [link.page_id, link.target] for link in content.links if link.page_id
        ],
        "outbound": sorted(
            {
                link.href
                for link in content.links
                if not link.internal
                and link.href.lower().startswith(("http:", "https:"))
            }
        ),
    }


def audit_pages(pages, clinic, site, today=None):
    """A ``PageAudit`` for each of ``pages`` (from ``live_pages`` or
    ``iter_live_pages``), in order."""
    audits = []
    for page in pages:
        content, results, findings = audit_page(page, clinic, site, today)
        audits.append(
            PageAudit(
                page.pk,
                page.title,
                content.url,
                score(results),
                findings,
                language=content.language,
                revision_id=page.live_revision_id,
                facts=page_facts(content),
                path=page.path,
            )
        )
    return audits


@lru_cache(maxsize=256)
def _lists_children(content_type_id):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return bool(getattr(model, "lists_children", False))


@lru_cache(maxsize=256)
def _linked_from_every_page(content_type_id):
    """Whether the site's layout links every page to pages of this type (the
    header's contact link, say), which are then never orphans."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return bool(getattr(model, "linked_from_every_page", False))


def site_findings(site, audits):
    """The site-wide findings from the facts of the audited pages.

    ``audits`` are ``(page id, URL, facts)`` of the live pages that have been
    audited, in tree order. Where a page sits (a root of one of the site's
    language trees, listed by its parent, in the menu, private) is read from
    the page tree here, not from the facts, so a stored page's facts stay
    right when a page near it moves.

    The checks look at every language tree together: a Turkish page linked
    from an English one is no orphan, and a link from one tree to a page
    unpublished in another is broken. A page and its translation are never
    duplicates of each other for carrying the same title
    (``PageFacts.translation_key``).
    """
    roots = site_roots(site)
    root_ids = {root.pk for root in roots}
    tree = {
        pk: (path, show_in_menus, content_type_id, translation_key)
        for pk, path, show_in_menus, content_type_id, translation_key in site_pages(
            site, roots
        ).values_list(
            "pk", "path", "show_in_menus", "content_type_id", "translation_key"
        )
    }
    live_ids = set(tree)
    by_path = {path: pk for pk, (path, *_rest) in tree.items()}
    private_ids = set(Page.objects.live().not_public().values_list("pk", flat=True))
    audits = [audit for audit in audits if audit[0] in tree]
    indexed_links = _references_between_pages([audit[0] for audit in audits])

    facts, page_links, outbound = [], [], {}
    for page_id, url, stored in audits:
        path, show_in_menus, content_type_id, translation_key = tree[page_id]
        parent_id = by_path.get(path[: -Page.steplen])
        links = [(target_id, target) for target_id, target in stored["links"]]
        linked = {target_id for target_id, _target in links}
        linked |= indexed_links.get(page_id, set())
        facts.append(
            site_checks.PageFacts(
                page_id=page_id,
                url=url,
                title=stored["title"],
                description=stored["description"],
                noindex=stored["noindex"],
                is_root=page_id in root_ids,
                listed_by_parent=parent_id is not None
                and _lists_children(tree[parent_id][2]),
                in_menu=bool(show_in_menus and parent_id in root_ids)
                or _linked_from_every_page(content_type_id),
                in_sitemap=not stored["noindex"] and page_id not in private_ids,
                linked_page_ids=linked - {page_id},
                translation_key=translation_key,
            )
        )
        page_links.extend((url, target_id, target) for target_id, target in links)
        for href in stored["outbound"]:
            outbound.setdefault(href, set()).add(url)

    broken = [
        (check.url, check.status_code or check.error, outbound[check.url])
        for check in OutboundLinkCheck.objects.filter(ok=False, url__in=list(outbound))
    ]
    return [
        *site_checks.duplicate_titles(facts),
        *site_checks.duplicate_descriptions(facts),
        *site_checks.missing_descriptions(facts),
        *site_checks.orphans(facts),
        *site_checks.broken_internal_links(page_links, live_ids),
        *site_checks.redirect_chains(_redirect_pairs(site)),
        *site_checks.sitemap_exclusions(facts),
        *site_checks.broken_outbound_links(broken),
    ]


def default_site():
    return Site.objects.select_related("root_page").get(is_default_site=True)


def run_audit(site=None, today=None, store=None):
    """Audit every live page of ``site`` (the default site if not given), in
    every language tree; a large site in several processes
    (``seo.audit_processes``).

    ``store``, if given, is called with ``(site, page audits)`` for each
    chunk of pages as soon as they are audited, in the process that audited
    them (``seo.audit_store.refresh_all`` stores them so).
    """
    site = site or default_site()
    clinic = ClinicSettings.for_site(site)
    ids = live_page_ids(site)
    processes = audit_processes.process_count(len(ids))
    if processes > 1:
        audits = audit_processes.audit_pages(site, ids, today, processes, store)
    else:
        audits = audit_pages(iter_pages(site, clinic, ids), clinic, site, today)
        if store is not None:
            store(site, audits)
    report = AuditReport(pages=audits)
    report.site = site_findings(
        site, [(audit.page_id, audit.url, audit.facts) for audit in audits]
    )
    report.pages.sort(key=lambda audit: (audit.score, audit.url))
    return report
