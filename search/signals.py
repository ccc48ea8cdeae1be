"""Keep the vocabulary and the cached search pages in step with the content.

The search index itself is kept up to date by Wagtail (its own signal
handlers re-index a page whenever it is saved and drop it when deleted); the
search only ever shows live, public pages, so unpublishing and moving a page
under a private section take effect at once.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished
from wagtailcache.cache import clear_cache

from . import vocabulary


def _published(sender, instance, **kwargs):
    vocabulary.remember(instance)


def _unpublished(sender, instance, **kwargs):
    vocabulary.forget(instance.pk)


def _deleting(sender, instance, **kwargs):
    if isinstance(instance, Page):
        vocabulary.forget(instance.pk)


def _clear_page_cache(**kwargs):
    """Cached search pages show promoted results, use synonyms and list only
    public pages: a change to any of these must not wait for the next publish.
    """
    clear_cache()


def _daily_hits_deleted(sender, instance, **kwargs):
    """No-results counts go with the day's total (searchpromotions_garbage_collect)."""
    from .models import NoResultsDailyHits

    NoResultsDailyHits.objects.filter(
        query_id=instance.query_id, date=instance.date
    ).delete()


def connect():
    from wagtail.contrib.search_promotions.models import (
        QueryDailyHits,
        SearchPromotion,
    )

    from .models import SearchSynonym

    page_published.connect(_published, dispatch_uid="search-vocabulary-published")
    page_unpublished.connect(_unpublished, dispatch_uid="search-vocabulary-unpublished")
    pre_delete.connect(_deleting, dispatch_uid="search-vocabulary-deleted")
    post_delete.connect(
        _daily_hits_deleted,
        sender=QueryDailyHits,
        dispatch_uid="search-no-results-follow-daily-hits",
    )
    for model in (SearchSynonym, SearchPromotion):
        uid = f"search-page-cache-{model._meta.label_lower}"
        post_save.connect(_clear_page_cache, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(
            _clear_page_cache, sender=model, dispatch_uid=f"{uid}-delete"
        )
