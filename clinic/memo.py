"""Small answers every page render needs, kept in the shared cache.

The language switcher's links, the medical disclaimer, the enquiry form's
consent text and treatment list are the same for every page in a language
until an editor changes content, yet each cost a query on every page render.
``memo`` keeps them in the shared ("default") cache under the current
*content generation*, a token that ``forget_all`` replaces whenever a page is
published, unpublished, moved or deleted, or a text they are made from is
saved (each app connects its own models): every server then computes them
again on its next render. An hour's timeout bounds anything missed.

The cache is an optimisation: when it is down, ``memo`` computes the answer
each time, as before.
"""

import secrets

from django.core.cache import cache

GENERATION_KEY = "clinic:memo-generation"
TIMEOUT = 60 * 60
_MISSING = object()


def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def memo(name, compute):
    """``compute()``, or what it gave since content last changed."""
    generation = _generation()
    if generation is None:
        return compute()
    key = f"clinic:memo:{generation}:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def forget_all(**kwargs):
    """Content changed: every memo is computed again (a signal receiver)."""
    cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


def connect():
    """Pages and the clinic's texts; other apps connect their own models."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .models import ClinicSettings, ClinicText

    page_published.connect(forget_all, dispatch_uid="clinic-memo-published")
    page_unpublished.connect(forget_all, dispatch_uid="clinic-memo-unpublished")
    post_page_move.connect(forget_all, dispatch_uid="clinic-memo-moved")
    post_delete.connect(forget_all, sender=Page, dispatch_uid="clinic-memo-deleted")
    for model in (ClinicSettings, ClinicText):
        uid = f"clinic-memo-{model._meta.label_lower}"
        post_save.connect(forget_all, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(forget_all, sender=model, dispatch_uid=f"{uid}-deleted")
