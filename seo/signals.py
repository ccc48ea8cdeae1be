"""Publishing, unpublishing, moving or deleting a page re-audits it.

The task is enqueued once the transaction commits, so a worker never reads
the database before the change is in it (and a rolled-back change enqueues
nothing). A move re-audits the page's descendants too: their URLs changed.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

DISPATCH_UID = "seo-reaudit"


_gathered = ContextVar("seo_reaudit_gathered", default=None)


@contextmanager
def reaudit_once():
    """Gather the re-audits of the block into one task, queued when its work
    commits: a bulk publish (the demo loader publishes a dozen pages) then
    runs the site-wide checks once, not once per page. Nothing is queued if
    the block fails."""
    page_ids = set()
    token = _gathered.set(page_ids)
    try:
        yield
    finally:
        _gathered.reset(token)
    _enqueue_on_commit(page_ids)


def _enqueue_on_commit(page_ids):
    from .tasks import reaudit_pages

    if page_ids:
        transaction.on_commit(partial(reaudit_pages.enqueue, sorted(page_ids)))


def enqueue_reaudit(page_ids):
    """Re-audit these pages once the transaction commits (inside
    ``reaudit_once``, with the rest of its block)."""
    page_ids = {int(pk) for pk in page_ids if pk}
    gathered = _gathered.get()
    if gathered is not None:
        gathered.update(page_ids)
    else:
        _enqueue_on_commit(page_ids)


def _published(instance, **kwargs):
    enqueue_reaudit([instance.pk])


def _moved(instance, **kwargs):
    ids = list(
        Page.objects.descendant_of(instance, inclusive=True).values_list(
            "pk", flat=True
        )
    )
    enqueue_reaudit(ids or [instance.pk])


def _deleted(sender, instance, **kwargs):
    enqueue_reaudit([instance.pk])


def connect():
    page_published.connect(_published, weak=False, dispatch_uid=DISPATCH_UID)
    page_unpublished.connect(_published, weak=False, dispatch_uid=DISPATCH_UID)
    post_page_move.connect(_moved, weak=False, dispatch_uid=DISPATCH_UID)
    post_delete.connect(_deleted, sender=Page, weak=False, dispatch_uid=DISPATCH_UID)
