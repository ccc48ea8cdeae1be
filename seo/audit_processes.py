"""The full audit of a large site, in several processes.

Auditing is pure CPU once a page is read (its text, the checks), and the
full audit of a 10,000-page site is run by the task worker or ``seo_audit
--refresh``, never inside a request. So ``run_audit`` splits the live pages,
in tree order, into chunks and hands them to ``SEO_AUDIT_PROCESSES`` forked
processes, each reading its pages through its own database connection and,
for ``seo.audit_store.refresh_all``, storing their results (so the storing is
shared out too, and overlaps the auditing); the results come back in order.
Forked, not spawned: the children start with Django set up and the
word lists compiled, at no cost.

It falls back to auditing in this process when that is not safe or not worth
it: fewer than ``SEO_AUDIT_MIN_PAGES_PER_PROCESS`` pages a process, a
database other processes cannot open (SQLite in memory), or an open
transaction, whose uncommitted pages the children could not see.
"""

import gc
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from django.conf import settings
from django.db import connection, connections
from django.utils import translation

# Pages a child audits (and stores) at a time: enough to keep the pickling
# of results and a chunk's queries small next to the work, few enough to
# share the pages out evenly (the last chunk keeps one process busy alone).
CHUNK = 100


def process_count(pages):
    """How many processes to audit ``pages`` pages in (1: this one)."""
    wanted = settings.SEO_AUDIT_PROCESSES
    minimum = max(1, settings.SEO_AUDIT_MIN_PAGES_PER_PROCESS)
    if wanted <= 1 or pages < 2 * minimum or not _shared_with_other_processes():
        return 1
    return min(wanted, pages // minimum)


def _shared_with_other_processes():
    if connection.in_atomic_block:
        return False
    return not (connection.vendor == "sqlite" and connection.is_in_memory_db())


def audit_pages(site, ids, today, processes, store=None):
    """``seo.audit.audit_pages`` of the pages of ``ids`` (tree order), in
    ``processes`` forked processes; the ``PageAudit`` list, in order. Each
    child calls ``store(site, page audits)`` (if given) on each chunk it
    audits."""
    chunks = [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)]
    # The children must not share this process's database socket.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    language = translation.get_language()
    # What this process holds (Django, Wagtail, the word lists) is never
    # garbage here: frozen, the collector does not walk it again and again
    # while the audits pile up, here and in the children, which inherit it.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
            results = pool.map(
                _audit_chunk,
                [(site.pk, chunk, today, language, store) for chunk in chunks],
            )
            return [page_audit for chunk in results for page_audit in chunk]
    finally:
        gc.unfreeze()


def _audit_chunk(job):
    """In a child: audit one chunk of pages."""
    from wagtail.models import Site

    from clinic.models import ClinicSettings

    from . import audit

    site_id, ids, today, language, store = job
    site = Site.objects.select_related("root_page").get(pk=site_id)
    clinic = ClinicSettings.for_site(site)
    with translation.override(language):
        page_audits = audit.audit_pages(
            audit.iter_pages(site, clinic, ids), clinic, site, today
        )
    if store is not None:
        store(site, page_audits)
    return page_audits
