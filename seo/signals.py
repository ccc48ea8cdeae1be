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


class _Pending:
    """The pages a transaction changed, enqueued as one task at its commit."""

    def __init__(self):
        self.page_ids = set()

    def enqueue(self):
        from .tasks import reaudit_pages

        if self.page_ids:
            reaudit_pages.enqueue(sorted(self.page_ids))


def _pending(connection):
    """This transaction's pending set, registered with ``on_commit`` once.

    A set left by a transaction that rolled back (its callback is gone from
    the connection's list) is replaced, so nothing is carried over.
    """
    pending = getattr(connection, "_seo_reaudit_pending", None)
    if pending is None or not any(
        entry[1] == pending.enqueue for entry in connection.run_on_commit
    ):
        pending = _Pending()
        connection._seo_reaudit_pending = pending
        transaction.on_commit(pending.enqueue)
    return pending


def enqueue_reaudit(page_ids):
    """Re-audit these pages once the transaction commits: one task for all
    the pages a transaction changed (a bulk import or the demo loader publish
    dozens), not one per publish."""
    from .tasks import reaudit_pages

    page_ids = {int(pk) for pk in page_ids if pk}
    if not page_ids:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        transaction.on_commit(partial(reaudit_pages.enqueue, sorted(page_ids)))
        return
    _pending(connection).page_ids.update(page_ids)


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
