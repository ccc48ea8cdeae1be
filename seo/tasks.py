"""The audit's background work, through Django's tasks API (django-tasks).

In development and tests the ``ImmediateBackend`` runs a task at once; in
production ``django_tasks_db.DatabaseBackend`` queues it in the database for
``manage.py db_worker`` (docs/deployment.md, "The worker"). Arguments are
plain ids, as a queued task's arguments must be JSON.
"""

from django.utils import timezone
from django_tasks import task
from wagtail.models import Site

from . import audit_store
from .models import SiteAuditResult


@task()
def reaudit_pages(page_ids: list[int]) -> int:
    """Audit these pages again, then the site-wide checks they can affect
    (duplicate titles and descriptions, orphans, broken internal links)."""
    audit_store.refresh_pages(page_ids)
    return len(page_ids)


@task()
def audit_site(site_id: int) -> int:
    """The full audit of one site: every live page afresh."""
    site = Site.objects.select_related("root_page").filter(pk=site_id).first()
    if site is None:
        return 0
    return len(audit_store.refresh_all(site).pages)


def request_full_audit(site):
    """Queue a full audit of ``site`` and note when it was asked for."""
    SiteAuditResult.objects.update_or_create(
        site=site, defaults={"requested_at": timezone.now()}
    )
    return audit_site.enqueue(site.pk)
