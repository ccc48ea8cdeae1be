"""Publishing, unpublishing, moving or deleting a page re-audits it in the
background: through the real database queue (django-tasks-db) and its real
worker (``db_worker --batch``), as production runs it.

These tests commit (the task is enqueued when the transaction commits), so
they build the demo themselves and the database is put back afterwards.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page, Site

from seo import audit_store
from seo.models import PageAuditResult, SiteAuditResult
from tests.seo.demo_pages import TURKISH_SEED_URL
from treatments.models import TreatmentIndexPage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queued(demo):
    """The demo audited and stored, with tasks going to the database queue."""
    audit_store.refresh_all()
    with override_settings(TASKS=DATABASE_QUEUE):
        yield demo


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())


def waiting(name="reaudit_pages"):
    return [
        task.args_kwargs["args"]
        for task in DBTaskResult.objects.filter(status="READY")
        if task.task_path.endswith(name)
    ]


def stored(page):
    return PageAuditResult.objects.filter(page_id=page.pk).first()


def test_publishing_re_audits_the_page_through_the_worker(queued):
    page = queued
    before = stored(page)
    page.title = "Stem cells for cerebral palsy"
    page.search_description = ""
    page.save_revision().publish()

    # Queued, not run: the stored result is still the old one.
    assert waiting() == [[[page.pk]]]
    assert stored(page).title == before.title
    run_worker()

    after = stored(page)
    assert after.title == "Stem cells for cerebral palsy"
    assert after.computed_at > before.computed_at
    assert after.revision_id == Page.objects.get(pk=page.pk).live_revision_id
    assert "|description_length|" in after.tags
    assert waiting() == []
    done = DBTaskResult.objects.filter(status="SUCCESSFUL")
    assert [t.task_path for t in done if t.task_path.endswith("reaudit_pages")] == [
        "seo.tasks.reaudit_pages"
    ]
    # The site-wide checks ran again: the page now lacks a description.
    site_result = SiteAuditResult.objects.get(site__is_default_site=True)
    (missing,) = [
        f for f in site_result.findings if f["check"] == "missing_descriptions"
    ]
    assert after.url in missing["urls"]


def test_publishing_a_turkish_page_re_audits_it_through_the_worker(queued):
    """The Turkish seed page, in the Turkish tree beside the English one, is
    the default site's: its publish is re-audited like any other."""
    page = Page.objects.get(
        translation_key=queued.translation_key, locale__language_code="tr"
    ).specific
    before = stored(page)
    assert (before.url, before.language) == (TURKISH_SEED_URL, "tr")
    page.title = "Serebral palside kök hücreler"
    page.search_description = ""
    page.save_revision().publish()

    assert waiting() == [[[page.pk]]]
    run_worker()

    after = stored(page)
    assert after.title == "Serebral palside kök hücreler"
    assert after.computed_at > before.computed_at
    assert after.revision_id == Page.objects.get(pk=page.pk).live_revision_id
    assert "|description_length|" in after.tags
    site_result = SiteAuditResult.objects.get(site__is_default_site=True)
    (missing,) = [
        f for f in site_result.findings if f["check"] == "missing_descriptions"
    ]
    assert TURKISH_SEED_URL in missing["urls"]


def test_unpublishing_and_deleting_remove_the_stored_result(queued):
    page = queued
    page.unpublish()
    assert waiting() == [[[page.pk]]]
    assert stored(page) is not None
    run_worker()
    assert stored(page) is None

    page.save_revision().publish()
    run_worker()
    assert stored(page) is not None
    page_id = page.pk
    Page.objects.get(pk=page_id).delete()
    run_worker()

    assert not PageAuditResult.objects.filter(page_id=page_id).exists()
    site_result = SiteAuditResult.objects.get(site__is_default_site=True)
    assert "stem-cell" not in str(site_result.findings)


def test_moving_a_page_re_audits_it_with_its_new_url(queued):
    page = queued
    site = Site.objects.get(is_default_site=True)
    new_parent = site.root_page
    old_url = stored(page).url

    Page.objects.get(pk=page.pk).move(new_parent, pos="last-child")
    assert [page.pk] in [args[0] for args in waiting()]
    run_worker()

    row = stored(page)
    assert row.url != old_url
    assert row.url == Page.objects.get(pk=page.pk).get_url()
    assert TreatmentIndexPage.objects.exists()


def test_a_bulk_publish_queues_one_task_for_all_its_pages(queued):
    """Inside ``reaudit_once`` (the demo loader) the pages re-audit in one
    task; a block that fails queues nothing, and leaves nothing behind."""
    from django.db import transaction

    from seo.signals import reaudit_once

    seed = queued
    index = TreatmentIndexPage.objects.get(locale__language_code="en")
    with reaudit_once(), transaction.atomic():
        seed.save_revision().publish()
        index.save_revision().publish()
        seed.save_revision().publish()
    assert waiting() == [[sorted([index.pk, seed.pk])]]
    run_worker()

    with pytest.raises(RuntimeError), reaudit_once(), transaction.atomic():
        seed.save_revision().publish()
        raise RuntimeError("the import failed")
    assert waiting() == []
    index.save_revision().publish()
    assert waiting() == [[[index.pk]]]
