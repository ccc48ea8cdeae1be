"""The language switcher in the header."""

from django import template
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Page, Site

from clinic.memo import memo
from seo.languages import content_languages

register = template.Library()


def _live_by_language(*translation_keys):
    """{translation key: {language code: live page}}, in one query."""
    pages = (
        Page.objects.filter(
            translation_key__in=[key for key in translation_keys if key],
            locale__language_code__in=content_languages(),
        )
        .live()
        .select_related("locale")
    )
    found = {key: {} for key in translation_keys}
    for page in pages:
        found[page.translation_key][page.locale.language_code] = page
    return found


def _urls_by_language(request, site, page_key):
    """({language: the page's live translation, else that language's home
    page}, the languages the page itself is live in), by URL: the same for
    every render until content changes, so kept (``clinic.memo``)."""
    home_key = site.root_page.translation_key if site else None
    found = _live_by_language(home_key, page_key)
    homes, versions = found.get(home_key, {}), found.get(page_key, {})
    urls = {}
    for code in content_languages():
        target = versions.get(code) or homes.get(code)
        if target is not None:
            urls[code] = target.get_url(request)
    return urls, set(versions)


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """A link for each configured language, named in that language.

    On a page, a language links to the page's live translation, or, where the
    page has none, to that language's home page; a language with neither is
    left out, so the switcher never leads to a page that is not there. Away
    from pages (search), the same URL in the other language.
    """
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    site = Site.find_for_request(request) if request else None
    page_key = page.translation_key if isinstance(page, Page) else None
    urls, versions = {}, set()
    if page_key:
        urls, versions = memo(
            f"switcher:{site.pk if site else None}:{page_key}",
            lambda: _urls_by_language(request, site, page_key),
        )
    languages = []
    for code in content_languages():
        if page_key:
            url = urls.get(code)
        else:
            url = translate_url(request.path, code) if request else None
        if code == current:
            url = url or (request.path if request else None)
        if not url:
            continue
        info = translation.get_language_info(code)
        languages.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                "current": code == current,
                "translated": code in versions,
            }
        )
    return {"languages": languages if len(languages) > 1 else []}
