"""Recognising a heading in text that has no markup, by its shape."""

import re

URL = re.compile(r"https?://\S+", re.IGNORECASE)
# A line that ends like a sentence (or a quotation) is body text. A closing
# bracket is not: "…Magnetic Stimulation (TMS)" is a heading.
CLOSING_PUNCTUATION = (".", "!", "?", ":", ";", ",", "…", '"', "”", "’", "'", "»")
MAX_HEADING_CHARACTERS = 120
MAX_HEADING_WORDS = 18
# "2 Treatment", "2. Treatment", "2.1 Sessions", "2.1. Sessions"
NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+\S")


def looks_like_heading(text):
    """A short line without closing punctuation or a link."""
    text = text.strip()
    return bool(
        text
        and len(text) <= MAX_HEADING_CHARACTERS
        and len(text.split()) <= MAX_HEADING_WORDS
        and not text.endswith(CLOSING_PUNCTUATION)
        and not text.startswith(("|", "-", "*", "•", ">"))
        and not URL.search(text)
    )


def numbered_level(text):
    """h2 for "2 Title", h3 for "2.1 Title" (deeper is h3 too); else None."""
    match = NUMBERED.match(text)
    if not match:
        return None
    return "h2" if match.group(1).count(".") == 0 else "h3"
