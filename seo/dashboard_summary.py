"""The SEO audit's worst pages for the dashboard, cached.

``seo.audit.run_audit`` checks every live page, which takes seconds on a site
with thousands of pages: far too slow for each dashboard visit. Its summary is
kept in Django's default cache under a key that holds a version; publishing or
unpublishing any page sets a new version (``seo.apps``), so the next
dashboard visit audits again. The version, not a deletion, is what makes this
safe: an audit that was running while a page was published stores its result
under the old version, where nobody looks. ``SUMMARY_TIMEOUT`` bounds the age
of what is shown for changes that publish nothing (settings, link checks, the
passing of time for review dates).
"""

import uuid

from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Site

from . import audit

VERSION_KEY = "seo:dashboard-summary:version"
SUMMARY_KEY = "seo:dashboard-summary:{version}"
SUMMARY_TIMEOUT = 60 * 60
# Enough pages that, after leaving out those a user cannot edit, five remain.
KEPT_PAGES = 50


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def invalidate():
    """Make the next dashboard visit run the audit again."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def audit_summary():
    """{"computed_at", "total", "pages": [{page_id, title, url, score}]}, worst
    first; from the cache when the pages have not changed since."""
    key = SUMMARY_KEY.format(version=_version())
    summary = cache.get(key)
    if summary is not None:
        return summary
    try:
        report = audit.run_audit()
    except Site.DoesNotExist:
        report = None
    pages = report.pages if report else []
    summary = {
        "computed_at": timezone.now(),
        "total": len(pages),
        "pages": [
            {
                "page_id": audit.page_id,
                "title": audit.title,
                "url": audit.url,
                "score": audit.score,
            }
            for audit in pages[:KEPT_PAGES]
        ],
    }
    cache.set(key, summary, SUMMARY_TIMEOUT)
    return summary
