"""Words as search compares them: case folding that knows Turkish.

Python's ``lower()`` turns "I" into "i" and "İ" into "i" plus a combining dot;
in Turkish "I" is the capital of "ı" and "İ" the capital of "i". Both
databases fold case their own way when they index (SQLite's unicode61
tokenizer and PostgreSQL's ``lower()`` both turn "I" into "i" and leave "ı"
alone; SQLite also drops accents), so a Turkish word written in capitals is
indexed with "i" where the lower-case word has "ı". ``spellings`` lists the
forms a typed word can take in the index, and the query asks for any of them.
"""

import re
import unicodedata
from functools import lru_cache

from seo.text import TURKISH_ENDINGS
from seo.text import fold as seo_fold

WORD = re.compile(r"\w+")


def fold(text, language=None):
    """Lower case: "I" → "ı" in Turkish and "i" elsewhere; "İ" → "i" always."""
    if language == "tr":
        text = text.replace("I", "ı")
    return text.replace("İ", "i").lower()


def strip_accents(text):
    """ "çocuk" → "cocuk", "ışık" → "isik": the word typed on any keyboard."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=8192)
def key(word):
    """What two spellings of a word have in common: no case, no accents."""
    return strip_accents(fold(word))


def words(text, language=None):
    """The folded words of ``text``, in order."""
    return WORD.findall(fold(text, language))


def spellings(word, language=None):
    """The forms ``word`` may have in the index, the likeliest first.

    "IŞIK" or "ışık" → ["ışık", "işik", "işık"]: the lower-case Turkish word,
    the word as the databases index it in capitals ("IŞIK"), and capitalised
    ("Işık"). An upper-case "I" is read both the Turkish and the English way.
    """
    readings = [fold(word, language)]
    if "I" in word:
        readings.append(fold(word, "en" if language == "tr" else "tr"))
    forms = []
    for reading in readings:
        forms.append(reading)
        if "ı" in reading:
            forms.append(reading.replace("ı", "i"))
            if reading.startswith("ı"):
                forms.append("i" + reading[1:])
    return list(dict.fromkeys(forms))


# Letters a Turkish stem ends in before a vowel, and the letter it ends in
# otherwise: "çocuğu" is "çocuk" + "-u", "kitabı" "kitap" + "-ı".
_HARDENED = {"ğ": "k", "b": "p", "d": "t", "c": "ç"}


def turkish_stems(word, shortest=4):
    """Stems to search for a Turkish query word by prefix, on a database
    without a Turkish stemmer (SQLite).

    The shortest start of ``word`` (at least ``shortest`` letters) whose rest
    is a chain of inflectional endings (``seo.text.TURKISH_ENDINGS``):
    "hastaları" → ["hasta"], "tedavisinin" → ["tedavi"], "çocuğu" →
    ["çocuğ", "çocuk"] (a softened final consonant also gives the hard one).
    A word with no such ending is its own stem.
    """
    folded = seo_fold(word, "tr")
    stem = word
    if len(folded) == len(word):  # cut ``word`` where ``folded`` is cut
        for cut in range(shortest, len(word)):
            if TURKISH_ENDINGS.fullmatch(folded, cut):
                stem = word[:cut]
                break
    stems = [stem]
    hard = _HARDENED.get(stem[-1:])
    if hard and stem != word:
        stems.append(stem[:-1] + hard)
    return stems


# Suffix strippers by language, for databases without a stemmer.
STEMS = {"tr": turkish_stems}
