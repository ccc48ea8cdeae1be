"""The clinic's logo, as the header shows it, and its text in the page's
language."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()

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


@register.simple_tag(takes_context=True)
def clinic_disclaimer(context):
    """The medical disclaimer in the active language, which is the page's: a
    page is only served in its own language (``clinic_site.untranslated``)."""
    from clinic.memo import memo
    from clinic.models import ClinicSettings, medical_disclaimer

    request = context.get("request")
    settings = ClinicSettings.for_request(request) if request else None
    language = get_language()
    return memo(
        f"disclaimer:{getattr(settings, 'site_id', None)}:{language}",
        lambda: medical_disclaimer(settings, language),
    )
