"""A page's versions in the configured languages, for every place that links
them: hreflang links, the sitemap's alternates, ``og:locale:alternate`` and
the language switcher.

Only live, public versions that search engines may index count, in the
languages of ``WAGTAIL_CONTENT_LANGUAGES`` and in its order; so the links are
reciprocal (each version lists the same set) and never lead to a draft, a
private page or a language the site no longer offers.
"""

import locale as system_locale

from django.conf import settings
from django.db.models import Exists, F, OuterRef
from django.db.models.lookups import StartsWith
from django.utils.translation import to_locale
from wagtail.models import PageViewRestriction


def content_languages():
    """The configured content languages' codes, in their configured order."""
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def default_language():
    """The language ``x-default`` points to: the site's default language."""
    languages = content_languages()
    code = settings.LANGUAGE_CODE
    return code if code in languages else languages[0]


def _order(code):
    languages = content_languages()
    return languages.index(code) if code in languages else len(languages)


def _indexable(pages):
    return pages.filter(
        locale__language_code__in=content_languages(), robots_noindex=False
    )


def live_versions(page):
    """``[(language_code, page)]``: the page and its translations that are
    live, public and indexable, in the configured languages' order."""
    if page is None or not getattr(page, "translation_key", None):
        return []
    cached = page.__dict__.get("_live_versions")
    if cached is None:
        cached = page.__dict__["_live_versions"] = _live_versions(page)
    return cached


def _restrictions_above(path):
    """The view restrictions on the page at ``path`` or an ancestor of it
    (a restriction covers its page's descendants), for a subquery: Wagtail's
    ``public()`` reads every restriction in a query of its own."""
    return PageViewRestriction.objects.filter(StartsWith(path, F("page__path")))


def _live_versions(page):
    model = page.specific_class or type(page)
    pages = (
        model.objects.filter(translation_key=page.translation_key)
        .live()
        .exclude(Exists(_restrictions_above(OuterRef("path"))))
        .defer_streamfields()
    )
    if hasattr(model, "robots_noindex"):
        pages = _indexable(pages)
    else:
        pages = pages.filter(locale__language_code__in=content_languages())
    pages = list(pages.select_related("locale"))
    pages.sort(key=lambda version: _order(version.locale.language_code))
    return [(version.locale.language_code, version) for version in pages]


def alternates(page, request=None):
    """``([(language_code, url)], x_default_url)`` for an indexable page with
    at least one other indexable version; ``([], "")`` otherwise (a page that
    is not listed by the others lists none of them)."""
    versions = live_versions(page)
    if len(versions) < 2 or page.pk not in {version.pk for _c, version in versions}:
        return [], ""
    urls = [(code, version.get_full_url(request)) for code, version in versions]
    return urls, dict(urls).get(default_language(), urls[0][1])


def og_locale(language_code):
    """The Open Graph locale of a language ("tr" -> "tr_TR", "en" -> "en_US").

    A code with a territory keeps it ("en-gb" -> "en_GB"); a bare language
    takes the territory the C library's locale aliases give it.
    """
    name = to_locale(language_code)
    if "_" not in name:
        name = system_locale.normalize(name).split(".")[0]
    return name if "_" in name else to_locale(language_code)
