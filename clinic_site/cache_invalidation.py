"""Clear the page cache whenever something a visitor sees changes.

Pages show other pages (menus, listings, breadcrumbs, language switchers),
snippets (doctors) and settings (the clinic's details). Any change to where a
page is or what it is called (its title, address, menu entry, SEO title and
description, reviewer or images, being live), and any change to a snippet or
setting that pages show, clears every cached page rather than guessing which
pages show it.

Republishing a page whose only changes are to what it says (its body, summary,
review date...) is the common case, and clearing everything for it makes the
whole site miss at once. Such a publish renews only the scopes
(clinic_site/page_scopes.py) of the addresses that can show that text: the
page itself, its ancestors (listings and the home page's featured cards), the
pages that link to it (Wagtail's reference index), its reviewer's profile, the
search pages and the sitemaps (not the search box's suggestions, which show
only titles and addresses). ``tests/clinic_site/test_page_scopes.py``
checks on the demo site that every page left cached is still what a fresh
render gives.

Each clearing is done at once and again when the transaction commits: a
request that read the database before the commit and stored its page after
the first clearing would otherwise keep the old text.
"""

from urllib.parse import urlsplit

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.models import Page, ReferenceIndex
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtailcache.cache import clear_cache

from . import page_scopes

# A change to any of these on a page may show on pages that are not its
# dependants (menus, breadcrumbs, switchers, cards): the whole cache goes.
SITE_WIDE_FIELDS = (
    "title",
    "slug",
    "url_path",
    "seo_title",
    "search_description",
    "show_in_menus",
    "live",
    "locale_id",
    "translation_key",
)
_SNAPSHOT = "_page_cache_snapshot"


def _now_and_on_commit(action):
    action()
    transaction.on_commit(action)


def _clear(**kwargs):
    _now_and_on_commit(clear_cache)


def _settings_saved(sender, instance, created=False, **kwargs):
    """A site's settings row is made, with its defaults, by the first request
    that reads it: no page cached before then can have shown it, so only a
    change to an existing row clears the cache (and the page that made the row
    is still cached)."""
    if not created:
        _clear()


def _site_wide_values(page):
    """The page's fields whose change clears everything: those above and the
    foreign keys of its own type (reviewer, images), which other pages show;
    not ``Page``'s own (revisions, owner, lock), which every publish changes."""
    names = [*SITE_WIDE_FIELDS]
    names += [
        field.attname
        for field in type(page)._meta.concrete_fields
        if field.many_to_one and field.model is not Page
    ]
    return {name: getattr(page, name, None) for name in names}


def _remember_published_values(sender, instance, update_fields=None, **kwargs):
    """Before a page is saved whole (as publishing does), note what it was."""
    if not isinstance(instance, Page) or instance.pk is None or update_fields:
        return
    stored = type(instance).objects.filter(pk=instance.pk).first()
    if stored is not None:
        setattr(instance, _SNAPSHOT, _site_wide_values(stored))


def _path(page):
    """The page's path on its site, or None if it is not routable."""
    parts = page.get_url_parts()
    return parts[2] if parts else None


def _dependant_paths(page):
    """The paths that show the page's text, besides the search pages and the
    sitemaps; None when something other than a page shows it."""
    paths = {_path(ancestor) for ancestor in page.get_ancestors(inclusive=True)}
    references = ReferenceIndex.get_references_to(page).group_by_source_object()
    for source, _references in references:
        if not isinstance(source, Page):
            return None
        paths.add(_path(source))
    for field in type(page)._meta.concrete_fields:
        related = getattr(page, field.name, None) if field.many_to_one else None
        profile_url = getattr(related, "site_profile_url", None)
        if callable(profile_url):
            paths.add(urlsplit(profile_url() or "").path or None)
    paths.discard(None)
    return paths


def _published(sender, instance, **kwargs):
    page = instance.specific if isinstance(instance, Page) else instance
    before = getattr(instance, _SNAPSHOT, None)
    if before is None or before != _site_wide_values(page):
        _clear()
        return
    paths = _dependant_paths(page)
    if paths is None:
        _clear()
        return
    scopes = [page_scopes.scope_for(path) for path in paths]
    scopes += [page_scopes.SEARCH_SCOPE, page_scopes.SITEMAP_SCOPE]
    _now_and_on_commit(lambda: page_scopes.renew(scopes))


def connect():
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site
    from wagtailseo.models import SeoSettings

    from clinic.models import ClinicSettings
    from doctors.models import Doctor

    pre_save.connect(_remember_published_values, dispatch_uid="page-cache-snapshot")
    page_published.connect(_published, dispatch_uid="page-cache-published")
    page_unpublished.connect(_clear, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(_clear, dispatch_uid="page-cache-moved")
    post_delete.connect(_clear, sender=Page, dispatch_uid="page-cache-page-deleted")
    for model in (ClinicSettings, SeoSettings):
        uid = f"page-cache-{model._meta.label_lower}"
        post_save.connect(_settings_saved, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(_clear, sender=model, dispatch_uid=f"{uid}-deleted")
    for model in (
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
