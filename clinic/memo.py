"""Small answers every page render needs, kept in the shared cache.

The language switcher's links, the medical disclaimer, the enquiry form's
consent text and treatment list are the same for every page in a language
until an editor changes content, yet each cost a query on every page render.
``memo`` keeps them in the shared ("default") cache with the *content
generation* they were computed under, a token that ``forget_all`` replaces
whenever a page is published, unpublished, moved or deleted, its privacy
changes, or a text they are made from is saved (each app connects its own
models): every server then computes them again on its next render. An hour's
timeout bounds anything missed. A memo costs one round trip to the cache (the
generation and the answer together).

The cache is an optimisation: when it is down, ``memo`` computes the answer
each time, as before.
"""

import secrets

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "clinic:memo-generation"
TIMEOUT = 60 * 60


def _generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def memo(name, compute):
    """``compute()``, or what it gave since content last changed.

    The answer is kept with the generation it was computed under and read in
    the same round trip as the current generation: it is used only if they
    match. A render that read the generation before a change and stores its
    answer after it stores it under the old generation, never to be used.
    """
    key = f"clinic:memo:{name}"
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = _generation()
        if generation is None:
            return compute()
    kept = found.get(key)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == generation:
        return kept[1]
    value = compute()
    cache.set(key, (generation, value), TIMEOUT)
    return value


def _new_generation():
    cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


def forget_all(**kwargs):
    """Content changed: every memo is computed again (a signal receiver).

    Now, and again once the transaction commits: a render between the two
    reads the content as it was before the commit, and what it stores under
    the first new generation must not outlive the commit.
    """
    _new_generation()
    transaction.on_commit(_new_generation)


def connect():
    """Pages, their privacy, the sites and the clinic's texts; other apps
    connect their own models."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .models import ClinicSettings, ClinicText

    page_published.connect(forget_all, dispatch_uid="clinic-memo-published")
    page_unpublished.connect(forget_all, dispatch_uid="clinic-memo-unpublished")
    post_page_move.connect(forget_all, dispatch_uid="clinic-memo-moved")
    post_delete.connect(forget_all, sender=Page, dispatch_uid="clinic-memo-deleted")
    # The menu leaves out private pages; which site a request is for is
    # memoised too (clinic_site/site_lookup.py).
    for model in (ClinicSettings, ClinicText, PageViewRestriction, Site):
        uid = f"clinic-memo-{model._meta.label_lower}"
        post_save.connect(forget_all, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(forget_all, sender=model, dispatch_uid=f"{uid}-deleted")
