"""The full audit of a large site runs in several forked processes
(seo/audit_processes.py), and finds exactly what one process finds."""

import pytest
from django.db import connection

from seo import audit, audit_processes, audit_store
from seo.audit import default_site
from seo.models import PageAuditResult

needs_a_shared_database = pytest.mark.skipif(
    "connection.vendor == 'sqlite'",
    reason="Needs PostgreSQL: on SQLite the test database is in this process's "
    "memory, which other processes cannot open.",
)


def comparable(page_audits):
    return [
        (
            page_audit.page_id,
            page_audit.url,
            page_audit.language,
            page_audit.revision_id,
            page_audit.score,
            [finding.as_stored_dict() for finding in page_audit.findings],
            page_audit.facts,
        )
        for page_audit in page_audits
    ]


@needs_a_shared_database
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_forked_processes_audit_the_pages_as_this_process_does(demo, settings):
    settings.SEO_AUDIT_MIN_PAGES_PER_PROCESS = 1
    site = default_site()
    clinic = audit.ClinicSettings.for_site(site)
    ids = audit.live_page_ids(site)
    assert len(ids) == 12  # both language trees of the demo

    here = audit.audit_pages(audit.iter_pages(site, clinic, ids), clinic, site)
    audit_processes.CHUNK, chunk = 5, audit_processes.CHUNK  # three chunks
    try:
        forked = audit_processes.audit_pages(site, ids, None, processes=2)
    finally:
        audit_processes.CHUNK = chunk

    assert [page_audit.page_id for page_audit in forked] == ids
    assert comparable(forked) == comparable(here)


@needs_a_shared_database
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_site_is_audited_in_several_processes(demo, settings):
    settings.SEO_AUDIT_PROCESSES = 2
    settings.SEO_AUDIT_MIN_PAGES_PER_PROCESS = 5
    assert audit_processes.process_count(12) == 2
    parallel = audit.run_audit()

    settings.SEO_AUDIT_PROCESSES = 1
    assert audit_processes.process_count(12) == 1
    serial = audit.run_audit()

    assert comparable(parallel.pages) == comparable(serial.pages)
    assert [f.as_dict() for f in parallel.site] == [f.as_dict() for f in serial.site]


def stored_rows(site):
    return list(
        PageAuditResult.objects.filter(site=site)
        .order_by("page_id")
        .values_list(
            "page_id", "revision_id", "url", "score", "findings", "tags", "facts"
        )
    )


@needs_a_shared_database
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_audit_processes_store_what_they_audit(demo, settings):
    """``refresh_all`` in several processes: each stores the pages it
    audited, all with the audit's time, as one process stores them."""
    site = default_site()
    settings.SEO_AUDIT_PROCESSES = 2
    settings.SEO_AUDIT_MIN_PAGES_PER_PROCESS = 5
    audit_processes.CHUNK, chunk = 5, audit_processes.CHUNK  # three chunks
    try:
        parallel = audit_store.refresh_all(site)
    finally:
        audit_processes.CHUNK = chunk
    forked = stored_rows(site)
    times = set(PageAuditResult.objects.values_list("computed_at", flat=True))
    assert len(forked) == len(parallel.pages) == 12
    assert times == {parallel.pages[0].computed_at}

    PageAuditResult.objects.all().delete()
    settings.SEO_AUDIT_PROCESSES = 1
    audit_store.refresh_all(site)
    assert stored_rows(site) == forked


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_too_few_pages_are_audited_here(settings):
    settings.SEO_AUDIT_PROCESSES = 4
    settings.SEO_AUDIT_MIN_PAGES_PER_PROCESS = 500
    shared = not (connection.vendor == "sqlite" and connection.is_in_memory_db())
    assert audit_processes.process_count(999) == 1
    assert audit_processes.process_count(1000) == (2 if shared else 1)
    assert audit_processes.process_count(10_000) == (4 if shared else 1)


def test_pages_not_yet_committed_are_audited_here(demo, settings):
    """Inside a transaction (the test's, an editor's publish), other processes
    would not see the pages: the audit stays in this process."""
    settings.SEO_AUDIT_PROCESSES = 2
    settings.SEO_AUDIT_MIN_PAGES_PER_PROCESS = 1
    assert connection.in_atomic_block
    assert audit_processes.process_count(12) == 1
    report = audit.run_audit()
    assert len(report.pages) == 12
