"""The clinic's logo, as the header shows it."""

from django import template
from django.utils.html import format_html

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
