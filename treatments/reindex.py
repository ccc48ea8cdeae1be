"""Re-index the treatment pages after a ``migrate`` that changed their text.

A migration that changes what the search index keeps of a treatment page (the
text, not the schema) is listed in ``REINDEX_AFTER``; when a ``migrate`` run
applies one of them, every treatment page is indexed again after the last
migration, with the models as they are then, the way saving a page indexes it
(Wagtail's ``insert_or_update_object_task``: at once without a task worker, in
the background with one).
"""

REINDEX_AFTER = {("treatments", "0004_reindex_body_as_sentences")}


def applied_forwards(plan):
    """The (app label, name) of the migrations ``plan`` applied forwards."""
    return {
        (migration.app_label, migration.name)
        for migration, backwards in plan or []
        if not backwards
    }


def reindex_treatment_pages(using="default"):
    from wagtail.search.tasks import insert_or_update_object_task

    from .models import TreatmentPage

    pages = TreatmentPage.objects.using(using).order_by("pk")
    for pk in pages.values_list("pk", flat=True).iterator():
        insert_or_update_object_task.enqueue("treatments", "treatmentpage", str(pk))


def after_migrate(sender, plan=None, using="default", **kwargs):
    """``post_migrate`` receiver, for the treatments app only."""
    if applied_forwards(plan) & REINDEX_AFTER:
        reindex_treatment_pages(using)
