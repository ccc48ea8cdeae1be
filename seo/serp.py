"""Search-result snippet geometry: how wide a title is, and where it is cut.

Results pages cut titles and descriptions by rendered width, not by a count of
characters: "WWW" is three times wider than "iii". Widths come from the advance
widths of Arial (``seo.serp_widths``, generated once from the metric-compatible
Liberation Sans), so nothing here needs a font file.

The layouts below are approximations of what results pages show today; they
change without notice, so a preview is a guide, not a promise.
"""

from dataclasses import dataclass
from itertools import repeat
from urllib.parse import unquote, urlsplit

from .serp_widths import WIDTHS

ELLIPSIS = "…"
BREADCRUMB_SEPARATOR = " › "
TITLE_FONT_PX = 20
DESCRIPTION_FONT_PX = 14

# Characters missing from the table (Greek, Cyrillic, CJK...) count as an
# average letter or digit: wrong for any one of them, close enough for a guide.
AVERAGE_WIDTH = sum(w for ch, w in WIDTHS.items() if ch.isalnum()) / sum(
    1 for ch in WIDTHS if ch.isalnum()
)

# Punctuation left dangling before the ellipsis is dropped, as results pages do.
_TRAILING = " ,.;:|-–—·•/"


@dataclass(frozen=True)
class Layout:
    """Where a piece of a snippet is shown: font size, line width, line count."""

    font_size: int
    line_px: int
    lines: int = 1

    @property
    def max_px(self):
        return self.line_px * self.lines


# Desktop: the title is one line of about 600 px. The description is cut at
# about 1000 px of text in total (two lines; about 160 characters of ordinary
# text, the length the description check asks for, so the two agree).
DESKTOP_TITLE = Layout(TITLE_FONT_PX, 600)
DESKTOP_DESCRIPTION = Layout(DESCRIPTION_FONT_PX, 1000)
# Mobile: the title wraps over up to two lines of about 330 px, the description
# over up to three (about 990 px in total).
MOBILE_TITLE = Layout(TITLE_FONT_PX, 330, 2)
MOBILE_DESCRIPTION = Layout(DESCRIPTION_FONT_PX, 330, 3)

LAYOUTS = {
    "desktop": (DESKTOP_TITLE, DESKTOP_DESCRIPTION),
    "mobile": (MOBILE_TITLE, MOBILE_DESCRIPTION),
}


def text_width_px(text, font_size):
    """The rendered width of ``text`` in pixels at ``font_size`` px (no kerning).

    The characters' widths are summed in order (``map`` looks each one up in
    C; a generator would run a line of Python per character).
    """
    units = sum(map(WIDTHS.get, text, repeat(AVERAGE_WIDTH)))
    return units * font_size / 1000


def _cut_word(word, max_px, font_size):
    """The longest start of ``word`` no wider than ``max_px``."""
    shown = ""
    for ch in word:
        if text_width_px(shown + ch, font_size) > max_px:
            break
        shown += ch
    return shown


def truncate_to_width(text, max_px, font_size):
    """``(shown_text, truncated)``: ``text`` as shown in ``max_px`` of one line.

    Text that does not fit is cut after the last whole word that leaves room
    for " …", as results pages do; a single word wider than the whole space is
    cut mid-word.
    """
    text = " ".join(text.split())
    if text_width_px(text, font_size) <= max_px:
        return text, False
    suffix = " " + ELLIPSIS
    budget = max_px - text_width_px(suffix, font_size)
    shown = ""
    for word in text.split(" "):
        candidate = f"{shown} {word}" if shown else word
        if text_width_px(candidate, font_size) > budget:
            break
        shown = candidate
    shown = shown.rstrip(_TRAILING)
    if not shown:
        budget = max_px - text_width_px(ELLIPSIS, font_size)
        return _cut_word(text, budget, font_size) + ELLIPSIS, True
    return shown + suffix, True


def wrap_lines(text, line_px, font_size):
    """``text`` wrapped word by word into lines of at most ``line_px``.

    A word wider than a line gets a line of its own (and overflows it).
    """
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and text_width_px(candidate, font_size) > line_px:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def fit(text, layout):
    """``(shown_text, truncated)``: ``text`` as shown in ``layout``.

    Over several lines the text wraps at word boundaries and the last line is
    cut like a single line.
    """
    if layout.lines == 1:
        return truncate_to_width(text, layout.line_px, layout.font_size)
    lines = wrap_lines(text, layout.line_px, layout.font_size)
    if len(lines) <= layout.lines:
        return " ".join(lines), False
    kept = lines[: layout.lines - 1]
    rest = " ".join(lines[layout.lines - 1 :])
    last, _truncated = truncate_to_width(rest, layout.line_px, layout.font_size)
    return " ".join([*kept, last]), True


def breadcrumbs(url):
    """``url`` the way results pages show it: "host › path › segments".

    The scheme, query and fragment are left out; a relative URL shows only its
    path segments.
    """
    parts = urlsplit(url)
    segments = [unquote(segment) for segment in parts.path.split("/") if segment]
    crumbs = [parts.netloc] if parts.netloc else []
    return BREADCRUMB_SEPARATOR.join(crumbs + segments)


def snippet_preview(title, description, url):
    """How a result for this page may look on desktop and on mobile.

    For each of "desktop" and "mobile": the title as shown (``title``), whether
    it was cut (``title_truncated``), the full title's width in px at that
    layout's font size (``title_width_px``) and the space it has
    (``title_max_px``), the description as shown (``description``,
    ``description_truncated``) and the URL as breadcrumbs (``url``).
    """
    title = " ".join((title or "").split())
    description = " ".join((description or "").split())
    preview = {}
    for device, (title_layout, description_layout) in LAYOUTS.items():
        shown_title, title_cut = fit(title, title_layout)
        shown_description, description_cut = fit(description, description_layout)
        preview[device] = {
            "title": shown_title,
            "title_truncated": title_cut,
            "title_width_px": round(text_width_px(title, title_layout.font_size)),
            "title_max_px": title_layout.max_px,
            "description": shown_description,
            "description_truncated": description_cut,
            "url": breadcrumbs(url or ""),
        }
    return preview
