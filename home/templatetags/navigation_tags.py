from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from wagtail.models import Page, Site

register = template.Library()


@register.inclusion_tag("includes/site_nav.html", takes_context=True)
def site_nav(context):
    """The header menu: the home page's live children marked "show in menus"."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    if site:
        root = site.root_page
        # The site's root is in the default language; only look up another
        # locale's version when another language is active.
        if translation.get_language() != settings.LANGUAGE_CODE:
            root = root.localized
        items = [root, *root.get_children().live().public().in_menu()]
    current = context.get("page")
    return {"items": items, "current": current, "request": request}


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
        ("Home" if number == 0 else crumb.title, crumb.get_url(request))
        for number, crumb in enumerate(pages)
    ]
    doctor = context.get("doctor")
    if crumbs and doctor is not None:
        crumbs.append((doctor.full_name, ""))
    return {"crumbs": crumbs}


def doctors_index(request, locale_id):
    """The live doctors page of a locale, looked up once per request."""
    from home.models import DoctorIndexPage

    cache = getattr(request, "_doctor_index_pages", None) if request else None
    if cache is None:
        cache = {}
        if request is not None:
            request._doctor_index_pages = cache
    if locale_id not in cache:
        # Not .public(): it costs a second query, for a page that is public
        # on every clinic site (a restricted one would ask visitors to sign in).
        cache[locale_id] = (
            DoctorIndexPage.objects.live()
            .filter(locale_id=locale_id)
            .order_by("path")
            .first()
        )
    return cache[locale_id]


@register.simple_tag(takes_context=True)
def doctor_url(context, doctor):
    """The doctor's profile on this site, else the address typed on the snippet.

    One query per request (the doctors page), however many doctors are shown.
    """
    if not doctor:
        return ""
    request = context.get("request")
    index = doctors_index(request, doctor.locale_id)
    if index is not None and doctor.slug:
        return index.doctor_url(doctor, request)
    return doctor.profile_url


LOGO_HEIGHT = 48


@register.simple_tag
def logo_picture(image, height=LOGO_HEIGHT):
    """The clinic's logo at 1x and 2x, WebP with a PNG fallback (keeps alpha).

    A logo is shown at a fixed height, so density descriptors (1x, 2x) fit it
    better than ``{% picture %}``'s width descriptors. Its alternative text is
    empty: the clinic's name is printed next to it.
    """
    if image is None:
        return ""
    specs = [
        f"height-{height}|format-webp",
        f"height-{height * 2}|format-webp",
        f"height-{height}|format-png",
        f"height-{height * 2}|format-png",
    ]
    webp, webp2, png, png2 = (image.get_renditions(*specs)[spec] for spec in specs)
    return format_html(
        '<picture><source type="image/webp" srcset="{} 1x, {} 2x">'
        '<img class="site-header__logo" src="{}" srcset="{} 1x, {} 2x" '
        'width="{}" height="{}" alt=""></picture>',
        webp.url,
        webp2.url,
        png.url,
        png.url,
        png2.url,
        png.width,
        png.height,
    )
