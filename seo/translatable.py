"""Which of a page's fields wagtail-localize translates and which it copies.

wagtail-localize guesses from field types when a model says nothing: every
text field translated, URLs, choices and foreign keys to untranslatable
models copied. Its guesses are wrong for a clinic's pages in three places, so
each page model lists its fields on purpose (``translatable_fields``):

- ``canonical_url`` is neither: each language's page is its own canonical
  (copying the English page's URL would tell search engines that the Turkish
  page is a duplicate of it), and a translation starts without one
  (``NOT_COPIED``, in ``exclude_fields_in_copy``).
- A treatment's medical reviewer and review date are neither: a translation is
  reviewed on its own (``reviews``), and starts unreviewed.
- A doctor's admin account is neither: it belongs to one profile.

Translated: the text a reader reads, in their language (title, slug, SEO
title, meta description, focus keyphrase and each model's own text). Copied
(synchronised at every sync): images, robots settings, menu visibility,
URLs and the choices of related pages.
"""

from wagtail_localize.fields import SynchronizedField, TranslatableField

PAGE_TRANSLATED = (
    "title",
    "slug",
    "seo_title",
    "search_description",
    "focus_keyphrase",
)
PAGE_SYNCHRONISED = ("show_in_menus", "og_image", "robots_noindex", "robots_nofollow")
#: Fields a translation (or a copy) of a page starts without.
NOT_COPIED = ["canonical_url"]


def page_fields(translated=(), synchronised=()):
    """The ``translatable_fields`` of a page: the fields every clinic page
    shares, and the model's own."""
    return [TranslatableField(name) for name in (*PAGE_TRANSLATED, *translated)] + [
        SynchronizedField(name) for name in (*PAGE_SYNCHRONISED, *synchronised)
    ]
