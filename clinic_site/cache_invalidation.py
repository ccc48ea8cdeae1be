"""Clear the page cache whenever something a visitor sees changes.

Pages show other pages (menus, listings, breadcrumbs), snippets (doctors) and
settings (the clinic's details), so any such change clears every cached page
rather than guessing which pages show it: publishing is rare, serving is not.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtailcache.cache import clear_cache


def _clear(**kwargs):
    clear_cache()


def connect():
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtailseo.models import SeoSettings

    from clinic.models import ClinicSettings
    from doctors.models import Doctor

    page_published.connect(_clear, dispatch_uid="page-cache-published")
    page_unpublished.connect(_clear, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(_clear, dispatch_uid="page-cache-moved")
    post_delete.connect(_clear, sender=Page, dispatch_uid="page-cache-page-deleted")
    for model in (
        ClinicSettings,
        SeoSettings,
        Doctor,
        # A page made private must stop being served from the cache at once.
        PageViewRestriction,
        Redirect,
        Site,
        get_image_model(),
    ):
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(_clear, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(_clear, sender=model, dispatch_uid=f"{uid}-deleted")
