"""Text folding for matching, shared by the checks and the brief importer:
Turkish-aware, accent-free.

``search.text`` has its own folding for the search index, but ``seo`` sits
below ``search`` in the import layers, so the checks keep theirs here.
"""

import re
import unicodedata
from functools import lru_cache


def _combining_marks():
    """A character class of the Basic Multilingual Plane's combining marks
    (``re`` tests such a class in one step; a wider one range by range)."""
    ranges, start, previous = [], None, None
    for code in range(0x10000):
        if unicodedata.combining(chr(code)):
            if start is None:
                start = code
            previous = code
        elif start is not None:
            ranges.append((start, previous))
            start = None
    return "[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]+"


# Dropping accents is one regular expression pass in C that only stops where
# there is a mark (``fold`` runs over every page's whole text in the audit;
# ``str.translate`` with a table looks up each character in a dict).
_COMBINING = re.compile(_combining_marks())


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
    parts = _NON_ASCII.split(text)
    if len(parts) > MAX_PARTS:  # mostly non-ASCII: fold it in one go
        return _fold(text)
    parts[0::2] = [part.lower() for part in parts[0::2]]
    parts[1::2] = [_fold(part) for part in parts[1::2]]
    return "".join(parts)


# Runs of non-ASCII characters. Folding works character by character (case
# folding, decomposition; the marks dropped are never ASCII, and an ASCII
# character never reorders with a mark), so a text that is mostly ASCII is
# folded run by run: its ASCII lower-cased, its few other runs folded and
# remembered ("ş", "’", "–" recur on every page).
_NON_ASCII = re.compile(r"([^\x00-\x7f]+)")
MAX_PARTS = 200


@lru_cache(maxsize=8192)
def _fold_run(run):
    return _fold_text(run)


def _fold(text):
    return _fold_run(text) if len(text) < 32 else _fold_text(text)


def _fold_text(text):
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if _ASTRAL.search(decomposed) is None:
        return _COMBINING.sub("", decomposed)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def neutral(text):
    """``text`` folded for any language: both i's read as "i".

    For proper nouns (names, places) that a page in any language may contain,
    written on any keyboard: "IĞDIR", "Iğdır" and "igdir" all give "igdir".
    """
    return fold(text, "tr").replace("ı", "i")


# Turkish inflectional endings, spelt as ``fold(..., "tr")`` spells them (no
# accents: "ü" is "u", "ö" "o", "ç" "c", "ş" "s", "ğ" "g"; "ı" stays a letter
# of its own), in the order Turkish stacks them on a noun: plural, possessive,
# case, "-ki", copula. Vowel harmony is not enforced: any of the high vowels
# (ı, i, u, ü) or of a/e is accepted, which costs nothing in precision for
# matching a keyphrase. Derivational endings ("-li", "-siz", "-lik") make a
# new word ("hastalık", illness, from "hasta", patient) and are not here.
_HIGH = "[ıiu]"
_LOW = "[ae]"
TURKISH_ENDINGS = re.compile(
    rf"(?:l{_LOW}r)?"
    rf"(?:{_HIGH}?m(?:{_HIGH}z)?|{_HIGH}?n(?:{_HIGH}z)?|s?{_HIGH}|l{_LOW}r{_HIGH})?"
    rf"(?:[yn]?{_HIGH}|[yn]?{_LOW}|n?[dt]{_LOW}n?|n?{_HIGH}n|y?l{_LOW}|n?c{_LOW})?"
    r"(?:ki)?"
    rf"(?:y?[dt]{_HIGH}r|y?d{_HIGH})?"
)
# What a keyphrase word may carry itself: a plural and the possessive of a
# compound ("kök hücre tedavisi", "hücreleri"). A keyphrase is not written in
# a case form, so a final vowel is never taken for a case ending ("hücre" is
# not "hücr" + "-e").
_KEYPHRASE_ENDINGS = re.compile(rf"(?:l{_LOW}r)?(?:s?{_HIGH}|l{_LOW}r{_HIGH})?")
# A stem this short matches only as written: "su" (water) + "-n" is not "sun".
TURKISH_MIN_STEM = 3
# A final p, t, k or ç softens before a vowel: kitap/kitabı, renk/rengi,
# çocuk/çocuğu, ilaç/ilacı ("ç" and "c" fold alike).
_SOFTENED = {"p": "b", "t": "d", "k": "g"}


@lru_cache(maxsize=4096)
def turkish_stems(word):
    """The stems a folded Turkish keyphrase word may be written on.

    "tedavisi" → {"tedavisi", "tedavis", "tedavi"}; "çocuk" (folded "cocuk")
    → {"cocuk", "cocug"}. Every split whose ending is a plural or a possessive
    gives a stem of at least ``TURKISH_MIN_STEM`` letters; each stem ending in
    p, t or k also gives its softened form. A word shorter than that has no
    stem: it matches only as written.
    """
    stems = {word}
    for cut in range(TURKISH_MIN_STEM, len(word)):
        if _KEYPHRASE_ENDINGS.fullmatch(word, cut):
            stems.add(word[:cut])
    for stem in list(stems):
        if stem[-1:] in _SOFTENED:
            stems.add(stem[:-1] + _SOFTENED[stem[-1]])
    return frozenset(stem for stem in stems if len(stem) >= TURKISH_MIN_STEM)


def same_turkish_word(found, wanted):
    """Whether the folded word ``found`` is ``wanted`` with inflections.

    "tedavisinin", "tedavisine" and "tedaviye" are "tedavisi"; "hücreleri" is
    "hücre"; "köken" (origin) is not "kök" (root), nor "hastalık" (illness)
    "hasta" (patient): the rest of the word after a stem must be a chain of
    inflectional endings (``TURKISH_ENDINGS``).
    """
    if found == wanted:
        return True
    if found[:2] != wanted[:2]:
        return False  # every stem keeps the word's first two letters
    return any(
        found.startswith(stem) and TURKISH_ENDINGS.fullmatch(found, len(stem))
        for stem in turkish_stems(wanted)
    )


def word_matcher(language):
    """A function (found word, wanted word) → bool for folded words.

    Turkish words match through their inflectional endings
    (``same_turkish_word``); other languages match exactly.
    """
    if primary_language(language) == "tr":
        return same_turkish_word
    return str.__eq__
