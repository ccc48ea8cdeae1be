"""SEO checks: title, description, focus keyphrase, headings, images, links, length.

Each check is a pure function ``check_x(content, config) -> (findings, summary)``:
the findings to fix (an empty list when the check passes) and one line saying
what was measured, shown when it passes. Thresholds come from ``config``.
"""

import re
from urllib.parse import urlsplit

from ..findings import ERROR, WARNING, Finding
from ..messages import gettext as _
from ..messages import ngettext
from ..serp import TITLE_FONT_PX, text_width_px, truncate_to_width
from ..text import fold, word_matcher
from .readability import page_sentences

TITLE_LENGTH = "title_length"
DESCRIPTION_LENGTH = "description_length"
KEYPHRASE_LENGTH = "keyphrase_length"
KEYPHRASE_PLACEMENT = "keyphrase_placement"
KEYPHRASE_DENSITY = "keyphrase_density"
SINGLE_H1 = "single_h1"
HEADING_ORDER = "heading_order"
IMAGE_ALT = "image_alt"
LINKS = "links"
TEXT_LENGTH = "text_length"

# A word, for counting: letters and digits, with inner apostrophes ("patient's"
# is one word). Hyphens separate words, so "blood-brain" is two.
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# A word, for matching: apostrophes separate too, so the keyphrase "İstanbul"
# is found in the Turkish "İstanbul'da" and "patient" in "patient's".
MATCH_WORD = re.compile(r"[^\W_]+")

GENERIC_ALT = {
    "image",
    "img",
    "photo",
    "picture",
    "pic",
    "graphic",
    "figure",
    "untitled",
    "placeholder",
    "logo",
    "banner",
    "icon",
    "thumbnail",
}
# "IMG_1234.jpg", "hero-banner.png", "DSC01234", "PXL_20240101_123456".
FILE_NAME_ALT = re.compile(
    r"^(?:\S+\.(?:jpe?g|png|gif|webp|avif|svg|heic|tiff?|bmp)"
    r"|(?:img|dsc|dscn|dcim|pxl|photo|image|screenshot)[\s_-]*\d[\d_-]*)$",
    re.IGNORECASE,
)


def words(text):
    """The words of ``text`` (see ``WORD``)."""
    return WORD.findall(text or "")


def match_words(text):
    return MATCH_WORD.findall(text or "")


def _runs(wanted, found, same=str.__eq__):
    """How many times the word list ``wanted`` occurs in ``found``, in order.

    ``same(found word, wanted word)`` compares two words (exactly by default).
    """
    size = len(wanted)
    if not size:
        return 0
    if same is str.__eq__:
        return sum(
            1 for i in range(len(found) - size + 1) if found[i : i + size] == wanted
        )
    # Each distinct word of the text is compared with each wanted word once.
    alike = [{w: same(w, word) for w in set(found)} for word in wanted]
    first = alike[0]
    return sum(
        1
        for i in range(len(found) - size + 1)
        if first[found[i]] and all(alike[j][found[i + j]] for j in range(1, size))
    )


def occurrences(phrase, text, language="en"):
    """How many times ``phrase`` occurs in ``text`` as whole words, in order.

    On a Turkish page a word also counts with inflectional endings: the
    keyphrase "kök hücre tedavisi" occurs in "kök hücre tedavisinin"
    (``seo.text.same_turkish_word``).
    """
    return _runs(
        match_words(fold(phrase, language)),
        match_words(fold(text or "", language)),
        word_matcher(language),
    )


def _slug_words(text, language):
    """Words of a slug or a phrase as a slug would spell them.

    Slugs made from Turkish titles are often transliterated ("ışık" becomes
    "isik"), so the dotless i counts as "i" here.
    """
    return match_words(fold(text or "", language).replace("ı", "i"))


def in_slug(phrase, slug, language="en"):
    """Whether the slugified ``phrase`` is a run of words in ``slug``."""
    wanted, found = _slug_words(phrase, language), _slug_words(slug, language)
    return _runs(wanted, found, word_matcher(language)) > 0


def check_title_length(content, config):
    """The SEO title is there, and fits the results page by rendered width."""
    title = " ".join((content.seo_title or "").split())
    if not title:
        message = _(
            "The page has no SEO title. Add one that says what the page is about "
            "in a few words (treatment, condition, clinic)."
        )
        finding = Finding(TITLE_LENGTH, ERROR, message, "seo_title")
        return [finding], _("No SEO title.")
    width = round(text_width_px(title, TITLE_FONT_PX))
    findings = []
    if width > config.TITLE_MAX_PX:
        shown, _cut = truncate_to_width(title, config.TITLE_MAX_PX, TITLE_FONT_PX)
        message = _(
            "The SEO title is %(width)s px wide; results pages cut it at about "
            "%(most)s px, showing “%(shown)s”. Shorten it and keep the words "
            "that matter at the start."
        ) % {"width": width, "most": config.TITLE_MAX_PX, "shown": shown}
        findings.append(Finding(TITLE_LENGTH, WARNING, message, "seo_title"))
    if len(title) < config.TITLE_MIN_CHARS:
        message = _(
            "The SEO title has %(count)s characters. Use at least %(least)s to "
            "say what the page offers, for example the treatment and the "
            "condition."
        ) % {"count": len(title), "least": config.TITLE_MIN_CHARS}
        findings.append(Finding(TITLE_LENGTH, WARNING, message, "seo_title"))
    summary = _("The title fits: %(width)s of %(most)s px.") % {
        "width": width,
        "most": config.TITLE_MAX_PX,
    }
    return findings, summary


def check_description_length(content, config):
    """The meta description is there, and long enough but not cut off."""
    description = " ".join((content.description or "").split())
    low, high = config.DESCRIPTION_MIN_CHARS, config.DESCRIPTION_MAX_CHARS
    length = len(description)
    if not description:
        message = _(
            "The page has no meta description. Write %(low)s–%(high)s characters "
            "that tell a patient what the page answers."
        ) % {"low": low, "high": high}
        finding = Finding(DESCRIPTION_LENGTH, ERROR, message, "search_description")
        return [finding], _("No meta description.")
    findings = []
    if length < low:
        message = _(
            "The meta description has %(count)s characters. Write at least "
            "%(low)s: say what the treatment is and who it is for."
        ) % {"count": length, "low": low}
        findings.append(
            Finding(DESCRIPTION_LENGTH, WARNING, message, "search_description")
        )
    elif length > high:
        message = _(
            "The meta description has %(count)s characters and will be cut off. "
            "Shorten it to %(high)s or fewer."
        ) % {"count": length, "high": high}
        findings.append(
            Finding(DESCRIPTION_LENGTH, WARNING, message, "search_description")
        )
    summary = _("The meta description has %(count)s characters (%(low)s–%(high)s).") % {
        "count": length,
        "low": low,
        "high": high,
    }
    return findings, summary


def check_keyphrase_length(content, config):
    """The focus keyphrase is short enough to be something people search for."""
    count = len(words(content.keyphrase))
    findings = []
    if count > config.KEYPHRASE_MAX_WORDS:
        message = _(
            "The focus keyphrase has %(count)s words. Use at most %(most)s: the "
            "words a patient would type."
        ) % {"count": count, "most": config.KEYPHRASE_MAX_WORDS}
        findings.append(Finding(KEYPHRASE_LENGTH, WARNING, message, "focus_keyphrase"))
    return findings, _("The focus keyphrase has %(count)s words.") % {"count": count}


def _subheading_share(content):
    """(share %, count) of h2/h3 subheadings containing the keyphrase."""
    subheadings = [h for h in content.headings if h.level in (2, 3)]
    if not subheadings:
        return None, 0
    hits = sum(
        1
        for h in subheadings
        if occurrences(content.keyphrase, h.text, content.language)
    )
    return hits * 100 / len(subheadings), len(subheadings)


def _missing_from(place, target, phrase):
    message = _(
        "The focus keyphrase “%(phrase)s” is not in %(place)s. Use it there, in a "
        "natural sentence."
    ) % {"phrase": phrase, "place": place}
    return Finding(KEYPHRASE_PLACEMENT, WARNING, message, target)


def check_keyphrase_placement(content, config):
    """The focus keyphrase is where readers and search engines look first."""
    phrase, language = content.keyphrase, content.language
    findings = []
    if not occurrences(phrase, content.seo_title, language):
        findings.append(_missing_from(_("the SEO title"), "seo_title", phrase))
    if not occurrences(phrase, content.description, language):
        findings.append(
            _missing_from(_("the meta description"), "search_description", phrase)
        )
    if not in_slug(phrase, content.slug, language):
        message = _(
            "The slug “%(slug)s” does not contain the focus keyphrase "
            "“%(phrase)s”. Put it in the slug (Wagtail redirects the old URL)."
        ) % {"slug": content.slug, "phrase": phrase}
        findings.append(Finding(KEYPHRASE_PLACEMENT, WARNING, message, "slug"))
    if not occurrences(phrase, content.first_paragraph, language):
        findings.append(
            _missing_from(_("the first paragraph"), "first paragraph", phrase)
        )
    share, count = _subheading_share(content)
    minimum = config.KEYPHRASE_SUBHEADING_MIN_SHARE
    if count and share < minimum:
        message = _(
            "The focus keyphrase “%(phrase)s” is in %(share)s%% of the %(count)s "
            "h2/h3 subheadings. Use it in at least %(minimum)s%% of them."
        ) % {
            "phrase": phrase,
            "share": f"{share:.0f}",
            "count": count,
            "minimum": minimum,
        }
        findings.append(Finding(KEYPHRASE_PLACEMENT, WARNING, message, "subheadings"))
    return findings, _(
        "The focus keyphrase is in the title, description, slug, first paragraph "
        "and subheadings."
    )


def keyphrase_density(content):
    """(density %, occurrences, total words) of the keyphrase in the text.

    Density = occurrences × words in the keyphrase / total words × 100.
    """
    total = text_word_count(content)
    found = occurrences(content.keyphrase, content.text, content.language)
    size = len(words(content.keyphrase))
    density = found * size / total * 100 if total else 0.0
    return density, found, total


def check_keyphrase_density(content, config):
    """The keyphrase is used often enough, but not stuffed."""
    density, found, total = keyphrase_density(content)
    low, high = config.KEYPHRASE_DENSITY_MIN, config.KEYPHRASE_DENSITY_MAX
    values = {"total": total, "density": f"{density:.1f}", "low": low, "high": high}
    measured = ngettext(
        "The focus keyphrase appears %(found)s time in %(total)s words (%(density)s%%)",
        "The focus keyphrase appears %(found)s times in %(total)s words "
        "(%(density)s%%)",
        found,
    ) % {"found": found, **values}
    findings = []
    if density < low:
        message = _(
            "%(measured)s. Use it a few more times where it fits, aiming for "
            "%(low)s–%(high)s%%."
        ) % {"measured": measured, **values}
        findings.append(Finding(KEYPHRASE_DENSITY, WARNING, message, "body"))
    elif density > high:
        message = _(
            "%(measured)s, which reads as keyword stuffing. Use it less often or "
            "use synonyms, keeping to %(low)s–%(high)s%%."
        ) % {"measured": measured, **values}
        findings.append(Finding(KEYPHRASE_DENSITY, WARNING, message, "body"))
    return findings, f"{measured}."


def check_single_h1(content, config):
    """Exactly one h1: the page title (the body's headings start at h2)."""
    h1s = [h for h in content.headings if h.level == 1]
    if not h1s:
        message = _("The page has no h1 heading. Give the page a title: it is the h1.")
        return [Finding(SINGLE_H1, ERROR, message, "title")], _("No h1 heading.")
    if len(h1s) > 1:
        extra = ", ".join(h.target for h in h1s[1:])
        values = {"count": len(h1s)}
        message = (
            _(
                "The page has %(count)s h1 headings. Keep the page title as the only "
                "h1 and make the others h2."
            )
            % values
        )
        summary = _("%(count)s h1 headings.") % values
        return [Finding(SINGLE_H1, ERROR, message, extra)], summary
    return [], _("One h1 heading: “%(text)s”.") % {"text": h1s[0].text}


def check_heading_order(content, config):
    """No heading skips a level: screen-reader users navigate by them."""
    findings = []
    previous = None
    for heading in content.headings:
        if previous is not None and heading.level > previous + 1:
            message = _(
                "The h%(level)s “%(text)s” follows an h%(previous)s, skipping a "
                "level. Make it an h%(next)s, or add an h%(next)s above it."
            ) % {
                "level": heading.level,
                "text": heading.text,
                "previous": previous,
                "next": previous + 1,
            }
            findings.append(Finding(HEADING_ORDER, WARNING, message, heading.target))
        previous = heading.level
    return findings, _("The headings are in order: no level is skipped.")


def is_generic_alt(alt):
    """Whether ``alt`` says nothing about the image ("photo", "IMG_1234.jpg")."""
    text = alt.strip()
    bare = " ".join(match_words(fold(text)))
    return bare in GENERIC_ALT or bool(FILE_NAME_ALT.match(text))


def _alt_finding(image, config):
    """The finding for one image's alt text, or None when it is fine."""
    alt = image.alt.strip()
    if not alt:
        message = _(
            "An image (%(target)s) has no alt text. Describe what it shows, for "
            "people who use a screen reader."
        ) % {"target": image.target}
        return Finding(IMAGE_ALT, ERROR, message, image.target)
    if is_generic_alt(alt):
        message = _(
            "The alt text “%(alt)s” says nothing about the image. Describe what "
            "the image shows."
        ) % {"alt": alt}
        return Finding(IMAGE_ALT, WARNING, message, image.target)
    if len(alt) > config.ALT_TEXT_MAX_CHARS:
        message = _(
            "The alt text of an image (%(target)s) has %(count)s characters. "
            "Keep it under %(most)s: describe only what matters; put the rest "
            "in a caption."
        ) % {
            "target": image.target,
            "count": len(alt),
            "most": config.ALT_TEXT_MAX_CHARS,
        }
        return Finding(IMAGE_ALT, WARNING, message, image.target)
    return None


def check_image_alt(content, config):
    """Every image has short, descriptive alt text."""
    findings = [_alt_finding(image, config) for image in content.images]
    findings = [finding for finding in findings if finding]
    if not content.images:
        return findings, _("No images on the page.")
    count = len(content.images)
    return findings, ngettext(
        "%(count)s image, all with descriptive alt text.",
        "%(count)s images, all with descriptive alt text.",
        count,
    ) % {"count": count}


def is_outbound(link):
    """A link to another website (not mailto:, tel: or this site)."""
    return not link.internal and urlsplit(link.href).scheme in {"http", "https"}


def check_links(content, config):
    """At least one link to another page here and one to another website."""
    internal = sum(1 for link in content.links if link.internal)
    outbound = sum(1 for link in content.links if is_outbound(link))
    findings = []
    if not internal:
        message = _(
            "The page links to no other page on this site. Link to a related "
            "treatment or the contact page."
        )
        findings.append(Finding(LINKS, WARNING, message, "body"))
    if not outbound:
        message = _(
            "The page links to no other website. Link to a source that backs it "
            "up, such as a study or a guideline."
        )
        findings.append(Finding(LINKS, WARNING, message, "body"))
    return findings, _("Links: %(internal)s internal, %(outbound)s outbound.") % {
        "internal": internal,
        "outbound": outbound,
    }


def text_word_count(content):
    """``len(words(content.text))``, from the words readability found in the
    paragraphs (``page_sentences``): those join words at a hyphen, which
    ``WORD`` does not, so each hyphen in them is one word more."""
    page = page_sentences(content.paragraphs)
    return page.word_count + page.hyphens


def check_text_length(content, config):
    """Enough text to answer a patient's questions (thin pages rank poorly)."""
    count = text_word_count(content)
    minimum = config.MIN_WORDS
    findings = []
    if count < minimum:
        severity = ERROR if count < minimum / 2 else WARNING
        message = _(
            "The text has %(count)s words. Write at least %(least)s that answer "
            "patients' questions about the treatment."
        ) % {"count": count, "least": minimum}
        findings.append(Finding(TEXT_LENGTH, severity, message, "body"))
    return findings, _("The text has %(count)s words.") % {"count": count}
