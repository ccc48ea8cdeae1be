"""SEO checks: title, description, focus keyphrase, headings, images, links, length.

Each check is a pure function ``check_x(content, config) -> (findings, summary)``:
the findings to fix (an empty list when the check passes) and one line saying
what was measured, shown when it passes. Thresholds come from ``config``.
"""

import re
from urllib.parse import urlsplit

from django.template.defaultfilters import pluralize

from ..findings import ERROR, WARNING, Finding
from ..serp import TITLE_FONT_PX, text_width_px, truncate_to_width
from ..text import fold

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


def _runs(wanted, found):
    """How many times the word list ``wanted`` occurs in ``found``, in order."""
    size = len(wanted)
    if not size:
        return 0
    return sum(1 for i in range(len(found) - size + 1) if found[i : i + size] == wanted)


def occurrences(phrase, text, language="en"):
    """How many times ``phrase`` occurs in ``text`` as whole words, in order."""
    return _runs(
        match_words(fold(phrase, language)), match_words(fold(text or "", language))
    )


def _slug_words(text, language):
    """Words of a slug or a phrase as a slug would spell them.

    Slugs made from Turkish titles are often transliterated ("ışık" becomes
    "isik"), so the dotless i counts as "i" here.
    """
    return match_words(fold(text or "", language).replace("ı", "i"))


def in_slug(phrase, slug, language="en"):
    """Whether the slugified ``phrase`` is a run of words in ``slug``."""
    return _runs(_slug_words(phrase, language), _slug_words(slug, language)) > 0


def check_title_length(content, config):
    """The SEO title is there, and fits the results page by rendered width."""
    title = " ".join((content.seo_title or "").split())
    if not title:
        message = (
            "The page has no SEO title. Add one that says what the page is about "
            "in a few words (treatment, condition, clinic)."
        )
        return [Finding(TITLE_LENGTH, ERROR, message, "seo_title")], "No SEO title."
    width = round(text_width_px(title, TITLE_FONT_PX))
    findings = []
    if width > config.TITLE_MAX_PX:
        shown, _cut = truncate_to_width(title, config.TITLE_MAX_PX, TITLE_FONT_PX)
        message = (
            f"The SEO title is {width} px wide; results pages cut it at about "
            f"{config.TITLE_MAX_PX} px, showing “{shown}”. Shorten it and keep "
            "the words that matter at the start."
        )
        findings.append(Finding(TITLE_LENGTH, WARNING, message, "seo_title"))
    if len(title) < config.TITLE_MIN_CHARS:
        message = (
            f"The SEO title has {len(title)} characters. Use at least "
            f"{config.TITLE_MIN_CHARS} to say what the page offers, for example "
            "the treatment and the condition."
        )
        findings.append(Finding(TITLE_LENGTH, WARNING, message, "seo_title"))
    return findings, f"The title fits: {width} of {config.TITLE_MAX_PX} px."


def check_description_length(content, config):
    """The meta description is there, and long enough but not cut off."""
    description = " ".join((content.description or "").split())
    low, high = config.DESCRIPTION_MIN_CHARS, config.DESCRIPTION_MAX_CHARS
    length = len(description)
    if not description:
        message = (
            f"The page has no meta description. Write {low}–{high} characters "
            "that tell a patient what the page answers."
        )
        finding = Finding(DESCRIPTION_LENGTH, ERROR, message, "search_description")
        return [finding], "No meta description."
    findings = []
    if length < low:
        message = (
            f"The meta description has {length} characters. Write at least {low}: "
            "say what the treatment is and who it is for."
        )
        findings.append(
            Finding(DESCRIPTION_LENGTH, WARNING, message, "search_description")
        )
    elif length > high:
        message = (
            f"The meta description has {length} characters and will be cut off. "
            f"Shorten it to {high} or fewer."
        )
        findings.append(
            Finding(DESCRIPTION_LENGTH, WARNING, message, "search_description")
        )
    summary = f"The meta description has {length} characters ({low}–{high})."
    return findings, summary


def check_keyphrase_length(content, config):
    """The focus keyphrase is short enough to be something people search for."""
    count = len(words(content.keyphrase))
    findings = []
    if count > config.KEYPHRASE_MAX_WORDS:
        message = (
            f"The focus keyphrase has {count} words. Use at most "
            f"{config.KEYPHRASE_MAX_WORDS}: the words a patient would type."
        )
        findings.append(Finding(KEYPHRASE_LENGTH, WARNING, message, "focus_keyphrase"))
    return findings, f"The focus keyphrase has {count} words."


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
    return Finding(
        KEYPHRASE_PLACEMENT,
        WARNING,
        f"The focus keyphrase “{phrase}” is not in {place}. Use it there, in a "
        "natural sentence.",
        target,
    )


def check_keyphrase_placement(content, config):
    """The focus keyphrase is where readers and search engines look first."""
    phrase, language = content.keyphrase, content.language
    findings = []
    if not occurrences(phrase, content.seo_title, language):
        findings.append(_missing_from("the SEO title", "seo_title", phrase))
    if not occurrences(phrase, content.description, language):
        findings.append(
            _missing_from("the meta description", "search_description", phrase)
        )
    if not in_slug(phrase, content.slug, language):
        message = (
            f"The slug “{content.slug}” does not contain the focus keyphrase "
            f"“{phrase}”. Put it in the slug (Wagtail redirects the old URL)."
        )
        findings.append(Finding(KEYPHRASE_PLACEMENT, WARNING, message, "slug"))
    if not occurrences(phrase, content.first_paragraph, language):
        findings.append(_missing_from("the first paragraph", "first paragraph", phrase))
    share, count = _subheading_share(content)
    minimum = config.KEYPHRASE_SUBHEADING_MIN_SHARE
    if count and share < minimum:
        message = (
            f"The focus keyphrase “{phrase}” is in {share:.0f}% of the {count} "
            f"h2/h3 subheadings. Use it in at least {minimum}% of them."
        )
        findings.append(Finding(KEYPHRASE_PLACEMENT, WARNING, message, "subheadings"))
    return findings, (
        "The focus keyphrase is in the title, description, slug, first paragraph "
        "and subheadings."
    )


def keyphrase_density(content):
    """(density %, occurrences, total words) of the keyphrase in the text.

    Density = occurrences × words in the keyphrase / total words × 100.
    """
    total = len(words(content.text))
    found = occurrences(content.keyphrase, content.text, content.language)
    size = len(words(content.keyphrase))
    density = found * size / total * 100 if total else 0.0
    return density, found, total


def check_keyphrase_density(content, config):
    """The keyphrase is used often enough, but not stuffed."""
    density, found, total = keyphrase_density(content)
    low, high = config.KEYPHRASE_DENSITY_MIN, config.KEYPHRASE_DENSITY_MAX
    measured = (
        f"The focus keyphrase appears {found} time{pluralize(found)} in {total} words "
        f"({density:.1f}%)"
    )
    findings = []
    if density < low:
        message = (
            f"{measured}. Use it a few more times where it fits, aiming for "
            f"{low}–{high}%."
        )
        findings.append(Finding(KEYPHRASE_DENSITY, WARNING, message, "body"))
    elif density > high:
        message = (
            f"{measured}, which reads as keyword stuffing. Use it less often or "
            f"use synonyms, keeping to {low}–{high}%."
        )
        findings.append(Finding(KEYPHRASE_DENSITY, WARNING, message, "body"))
    return findings, f"{measured}."


def check_single_h1(content, config):
    """Exactly one h1: the page title (the body's headings start at h2)."""
    h1s = [h for h in content.headings if h.level == 1]
    if not h1s:
        message = "The page has no h1 heading. Give the page a title: it is the h1."
        return [Finding(SINGLE_H1, ERROR, message, "title")], "No h1 heading."
    if len(h1s) > 1:
        extra = ", ".join(h.target for h in h1s[1:])
        message = (
            f"The page has {len(h1s)} h1 headings. Keep the page title as the only "
            "h1 and make the others h2."
        )
        return [Finding(SINGLE_H1, ERROR, message, extra)], f"{len(h1s)} h1 headings."
    return [], f"One h1 heading: “{h1s[0].text}”."


def check_heading_order(content, config):
    """No heading skips a level: screen-reader users navigate by them."""
    findings = []
    previous = None
    for heading in content.headings:
        if previous is not None and heading.level > previous + 1:
            message = (
                f"The h{heading.level} “{heading.text}” follows an h{previous}, "
                f"skipping a level. Make it an h{previous + 1}, or add an "
                f"h{previous + 1} above it."
            )
            findings.append(Finding(HEADING_ORDER, WARNING, message, heading.target))
        previous = heading.level
    return findings, "The headings are in order: no level is skipped."


def is_generic_alt(alt):
    """Whether ``alt`` says nothing about the image ("photo", "IMG_1234.jpg")."""
    text = alt.strip()
    bare = " ".join(match_words(fold(text)))
    return bare in GENERIC_ALT or bool(FILE_NAME_ALT.match(text))


def _alt_finding(image, config):
    """The finding for one image's alt text, or None when it is fine."""
    alt = image.alt.strip()
    if not alt:
        message = (
            f"An image ({image.target}) has no alt text. Describe what it shows, "
            "for people who use a screen reader."
        )
        return Finding(IMAGE_ALT, ERROR, message, image.target)
    if is_generic_alt(alt):
        message = (
            f"The alt text “{alt}” says nothing about the image. Describe what "
            "the image shows."
        )
        return Finding(IMAGE_ALT, WARNING, message, image.target)
    if len(alt) > config.ALT_TEXT_MAX_CHARS:
        message = (
            f"The alt text of an image ({image.target}) has {len(alt)} "
            f"characters. Keep it under {config.ALT_TEXT_MAX_CHARS}: describe "
            "only what matters; put the rest in a caption."
        )
        return Finding(IMAGE_ALT, WARNING, message, image.target)
    return None


def check_image_alt(content, config):
    """Every image has short, descriptive alt text."""
    findings = [_alt_finding(image, config) for image in content.images]
    findings = [finding for finding in findings if finding]
    if not content.images:
        return findings, "No images on the page."
    count = len(content.images)
    return findings, f"{count} image{pluralize(count)}, all with descriptive alt text."


def is_outbound(link):
    """A link to another website (not mailto:, tel: or this site)."""
    return not link.internal and urlsplit(link.href).scheme in {"http", "https"}


def check_links(content, config):
    """At least one link to another page here and one to another website."""
    internal = sum(1 for link in content.links if link.internal)
    outbound = sum(1 for link in content.links if is_outbound(link))
    findings = []
    if not internal:
        message = (
            "The page links to no other page on this site. Link to a related "
            "treatment or the contact page."
        )
        findings.append(Finding(LINKS, WARNING, message, "body"))
    if not outbound:
        message = (
            "The page links to no other website. Link to a source that backs it "
            "up, such as a study or a guideline."
        )
        findings.append(Finding(LINKS, WARNING, message, "body"))
    return findings, f"Links: {internal} internal, {outbound} outbound."


def check_text_length(content, config):
    """Enough text to answer a patient's questions (thin pages rank poorly)."""
    count = len(words(content.text))
    minimum = config.MIN_WORDS
    findings = []
    if count < minimum:
        severity = ERROR if count < minimum / 2 else WARNING
        message = (
            f"The text has {count} words. Write at least {minimum} that answer "
            "patients' questions about the treatment."
        )
        findings.append(Finding(TEXT_LENGTH, severity, message, "body"))
    return findings, f"The text has {count} words."
