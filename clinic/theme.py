"""The clinic's accent colour, made safe to read, and served as a stylesheet.

Why a stylesheet and not an inline style: the public site's Content-Security-
Policy is ``style-src 'self'`` with no ``'unsafe-inline'`` and no nonce (cached
pages keep their headers, so a per-request nonce cannot work). A ``style=``
attribute or a ``<style>`` element would be blocked. ``/theme.css`` is a tiny
same-origin stylesheet of CSS custom properties computed from
``ClinicSettings``; its URL carries a hash of the colours (``?v=…``), so it is
cached by browsers for a year and a new colour gets a new URL at once (saving
the settings also clears the page cache, see ``clinic_site.cache_invalidation``).

Editors pick any hex colour. Text on it is never unreadable: the foreground is
white or near-black, whichever contrasts more, and the colour used for links
and borders on the white page is darkened until it reaches 4.5:1 (WCAG AA).
"""

import hashlib
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_ACCENT = "#0b5d63"
HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
WHITE = "#ffffff"
DARK = "#111111"
AA = 4.5


def validate_hex_colour(value):
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(
            _("Give a colour as # and 3 or 6 hexadecimal digits, e.g. #0b5d63.")
        )


def normalise(value):
    """``#ABC`` → ``#aabbcc``; anything invalid → the default accent."""
    if not HEX_COLOUR.match(value or ""):
        return DEFAULT_ACCENT
    digits = value[1:].lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return f"#{digits}"


def _rgb(colour):
    colour = normalise(colour)
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def luminance(colour):
    """Relative luminance, as WCAG 2 defines it."""

    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    """The WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_foreground(background):
    """White or near-black, whichever is easier to read on ``background``."""
    if contrast(background, WHITE) >= contrast(background, DARK):
        return WHITE
    return DARK


def darken_until_readable(colour, against=WHITE, ratio=AA):
    """``colour`` made darker, step by step, until it contrasts ``ratio``:1."""
    r, g, b = _rgb(colour)
    for _step in range(100):
        candidate = f"#{r:02x}{g:02x}{b:02x}"
        if contrast(candidate, against) >= ratio:
            return candidate
        r, g, b = (int(c * 0.95) for c in (r, g, b))
    return "#000000"


def theme_variables(accent):
    """The custom properties ``/theme.css`` sets, in a fixed order."""
    accent = normalise(accent)
    on_page = darken_until_readable(accent)
    return {
        "--accent": accent,
        "--accent-fg": readable_foreground(accent),
        "--accent-text": on_page,
        "--accent-dark": darken_until_readable(on_page, ratio=7),
    }


def theme_css(accent):
    lines = [f"  {name}: {value};" for name, value in theme_variables(accent).items()]
    return ":root {\n" + "\n".join(lines) + "\n}\n"


def theme_version(accent):
    """A short hash of the stylesheet, for its cache-busting URL."""
    return hashlib.sha256(theme_css(accent).encode()).hexdigest()[:12]
