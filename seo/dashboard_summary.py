"""The SEO audit's worst pages for the dashboard, from the stored audit.

The dashboard never audits: it reads ``PageAuditResult`` rows (kept fresh by
``seo.tasks`` after each publish and by the scheduled full audit), worst
first, limited to the pages the user may edit. A handful of queries whatever
the size of the site.
"""

from django.db.models import Max, Min
from wagtail.models import Page, Site

from .audit import default_site, in_site, site_pages, site_roots
from .models import PageAuditResult, SiteAuditResult
from .page_access import editable_by


def _live_results(site, roots):
    """The stored results of the live pages of every language tree of ``site``."""
    return PageAuditResult.objects.filter(site=site, page__live=True).filter(
        in_site(site, roots, prefix="page__")
    )


def audit_summary(user, limit=5):
    """{"rows", "audited", "not_audited", "oldest", "newest", "full_audit_at"}:
    the ``limit`` worst stored pages ``user`` may edit, and how fresh the
    stored audit is."""
    try:
        site = default_site()
    except Site.DoesNotExist:
        return {"rows": [], "audited": 0, "not_audited": 0}
    roots = site_roots(site)
    results = _live_results(site, roots)
    mine = results
    if not (user.is_active and user.is_superuser):
        mine = results.filter(page__in=editable_by(Page.objects.all(), user))
    rows = list(
        mine.order_by("score", "url").values(
            "page_id", "title", "url", "score", "computed_at"
        )[:limit]
    )
    stats = results.aggregate(oldest=Min("computed_at"), newest=Max("computed_at"))
    audited = results.count()
    live = site_pages(site, roots).count()
    # Not the site-wide findings: a large site stores megabytes of them.
    full_audit_at = (
        SiteAuditResult.objects.filter(site=site)
        .values_list("full_audit_at", flat=True)
        .first()
    )
    return {
        "rows": rows,
        "audited": audited,
        "not_audited": max(0, live - audited),
        "oldest": stats["oldest"],
        "newest": stats["newest"],
        "full_audit_at": full_audit_at,
    }
