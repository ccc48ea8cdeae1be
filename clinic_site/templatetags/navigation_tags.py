"""The header menu and the breadcrumb trail, shown on every page."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.translation import pgettext
from wagtail.models import Page, Site

from clinic.memo import memo

register = template.Library()


def _menu(request, site, language):
    """(id, URL, title) of the home page and its live, public children marked
    "show in menus", in ``language``."""
    root = site.root_page
    # The site's root is in the default language; only look up another
    # locale's version when another language is active.
    if language != settings.LANGUAGE_CODE:
        root = root.localized
    pages = [root, *root.get_children().live().public().in_menu()]
    return [(page.pk, page.get_url(request), page.title) for page in pages]


@register.inclusion_tag("includes/site_nav.html", takes_context=True)
def site_nav(context):
    """The header menu: the home page's live children marked "show in menus".

    Every page and every 404 shows it, so it is kept in the shared cache until
    content changes (``clinic.memo``), per site and language.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    if site:
        language = translation.get_language()
        items = memo(
            f"site_nav:{site.pk}:{language}",
            lambda: _menu(request, site, language),
        )
    current = context.get("page")
    current_id = current.pk if isinstance(current, Page) else None
    return {"items": items, "current_id": current_id, "request": request}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """A trail from the home page to ``page``; nothing on the home page itself.

    Each crumb is (title, url); the last one is the current page and has no
    link. A doctor's profile (served by the doctors page) adds itself.
    """
    request = context.get("request")
    pages = []
    if isinstance(page, Page) and page.depth > 2:
        pages = context.get("breadcrumb_pages") or list(
            page.get_ancestors(inclusive=True).filter(depth__gt=1)
        )
    crumbs = [
        (
            pgettext("navigation", "Home") if number == 0 else crumb.title,
            crumb.get_url(request),
        )
        for number, crumb in enumerate(pages)
    ]
    doctor = context.get("doctor")
    if crumbs and doctor is not None:
        crumbs.append((doctor.full_name, ""))
    return {"crumbs": crumbs}
