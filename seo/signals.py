"""Publishing, unpublishing, moving or deleting a page re-audits it.

The task is enqueued once the transaction commits, so a worker never reads
the database before the change is in it (and a rolled-back change enqueues
nothing). A move re-audits the page's descendants too: their URLs changed.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

DISPATCH_UID = "seo-reaudit"


def enqueue_reaudit(page_ids):
    from .tasks import reaudit_pages

    page_ids = sorted({int(pk) for pk in page_ids if pk})
    if page_ids:
        transaction.on_commit(partial(reaudit_pages.enqueue, page_ids))


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
