"""Text folding for matching, shared by the checks and the brief importer:
Turkish-aware, accent-free.

``search.text`` has its own folding for the search index, but ``seo`` sits
below ``search`` in the import layers, so the checks keep theirs here.
"""

import unicodedata


def primary_language(language):
    """The language without its region: "tr" for "tr", "tr-TR" or "tr_tr"."""
    return (language or "").replace("_", "-").split("-")[0].lower()


def fold(text, language="en"):
    """``text`` for matching: case- and accent-insensitive.

    Turkish has two i's, dotted (İ/i) and dotless (I/ı), and Python's
    ``casefold`` knows neither: it turns "I" into "i" and "İ" into "i" plus a
    combining dot. On a Turkish page "İ" becomes "i" and "I" becomes "ı" first.
    Accents are then dropped (decompose, remove combining marks), so "Özek"
    matches "ozek"; "ı" has no accent to drop and stays a letter of its own.
    """
    if primary_language(language) == "tr":
        text = text.replace("İ", "i").replace("I", "ı")
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def neutral(text):
    """``text`` folded for any language: both i's read as "i".

    For proper nouns (names, places) that a page in any language may contain,
    written on any keyboard: "IĞDIR", "Iğdır" and "igdir" all give "igdir".
    """
    return fold(text, "tr").replace("ı", "i")
