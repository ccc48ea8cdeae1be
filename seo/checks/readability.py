"""Readability checks for English text: Flesch reading ease, sentence and
paragraph length.

Readability is advice, never an error: a hard medical text can be right for its
readers. Every message says what to change. The formulas and the syllable
counter are for English only; other languages get one info finding.
"""

import re
import unicodedata

from ..findings import INFO, WARNING, Finding

FLESCH_READING_EASE = "flesch_reading_ease"
SENTENCE_LENGTH = "sentence_length"
PARAGRAPH_LENGTH = "paragraph_length"
READABILITY_LANGUAGE = "readability_language"

ENGLISH_ONLY = "Readability scores are only computed for English text."

# A word for counting: letters or digits, with inner apostrophes and hyphens
# ("patient's", "non-progressive" and "2-7" are one word each).
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
VOWEL_GROUP = re.compile(r"[aeiouy]+")
VOWELS = set("aeiouy")

# A full stop after these is not the end of a sentence, even before a capital
# ("Prof. Dr. Özek", "e.g. Spastic CP", "Smith et al. Found").
ABBREVIATIONS = {
    "prof",
    "dr",
    "mr",
    "mrs",
    "ms",
    "st",
    "jr",
    "sr",
    "e.g",
    "i.e",
    "vs",
    "cf",
    "approx",
    "ca",
    "fig",
    "figs",
    "no",
    "nos",
    "vol",
    "al",
    "dept",
    "inc",
    "ltd",
    "assoc",
}
# End punctuation, optional closing quotes or brackets, then a space.
BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+")
LAST_TOKEN = re.compile(r"(\S+)$")


def is_english(content):
    return (content.language or "").replace("_", "-").split("-")[0].lower() == "en"


def _is_sentence_end(text, match):
    """Whether the punctuation ``match`` in ``text`` ends a sentence.

    Not when the next sentence would start with a lower-case letter, nor after
    a known abbreviation or a single capital initial ("J. Smith"). Decimal
    numbers ("2.5") never match: their point is not followed by a space.
    """
    following = text[match.end() : match.end() + 1]
    if following.islower():
        return False
    if not match.group().startswith("."):
        return True
    token = LAST_TOKEN.search(text[: match.start()])
    word = token.group(1).lstrip("([\"'“‘") if token else ""
    return word.lower() not in ABBREVIATIONS and not (len(word) == 1 and word.isupper())


def sentences(paragraph):
    """The sentences of one paragraph (a sentence never spans paragraphs)."""
    found, start = [], 0
    for match in BOUNDARY.finditer(paragraph):
        if _is_sentence_end(paragraph, match):
            found.append(paragraph[start : match.end()].strip())
            start = match.end()
    rest = paragraph[start:].strip()
    if rest:
        found.append(rest)
    return [sentence for sentence in found if words(sentence)]


def words(text):
    return WORD.findall(text or "")


def _silent_ending(letters):
    """Whether the word ends in a vowel group that is not a syllable of its own."""
    before = letters[-2]
    if letters.endswith("e"):
        consonant_le = letters.endswith("le") and letters[-3] not in VOWELS
        return before not in VOWELS and not consonant_le
    if letters.endswith("ed"):
        return letters[-3] not in VOWELS | {"t", "d"}
    if letters.endswith("es"):
        return not re.search(r"(?:[aeiouysxzcg]|ch|sh)es$", letters)
    return False


def _part_syllables(letters):
    """Syllables of one run of letters a–z (see ``syllables``)."""
    count = len(VOWEL_GROUP.findall(letters))
    if count > 1 and len(letters) > 2 and _silent_ending(letters):
        count -= 1
    return max(count, 1)


def syllables(word):
    """A heuristic count of the syllables in an English word.

    Count groups of vowels (a, e, i, o, u, y), then take one off for a silent
    ending: a final "e" after a consonant ("make"), but not a consonant plus
    "le" ("table"); "ed" except after t or d ("stopped", not "wanted"); "es"
    except after s, x, z, ch, sh, c or g ("makes", not "boxes" or "changes").
    Every word has at least one syllable; parts of a hyphenated word count
    separately, accented letters count as plain ones, and a number counts as
    one. Right for most everyday words, off by one for some ("being", "area"):
    fine for a score over a whole page.
    """
    plain = unicodedata.normalize("NFKD", word.lower())
    total = 0
    for part in plain.split("-"):
        letters = re.sub(r"[^a-z]", "", part)
        total += _part_syllables(letters) if letters else 1
    return total


def flesch_reading_ease(paragraphs):
    """206.835 − 1.015 × words/sentences − 84.6 × syllables/words, or None.

    Higher is easier: 60–70 is plain English, below 50 is hard to read. None
    when there is no text.
    """
    all_sentences = [s for paragraph in paragraphs for s in sentences(paragraph)]
    all_words = [w for sentence in all_sentences for w in words(sentence)]
    if not all_words:
        return None
    syllable_count = sum(syllables(word) for word in all_words)
    return (
        206.835
        - 1.015 * len(all_words) / len(all_sentences)
        - 84.6 * syllable_count / len(all_words)
    )


def quote_start(text, count=8):
    """The first ``count`` words of ``text`` in quotes, with "…" if cut."""
    parts = text.split()
    start = " ".join(parts[:count])
    return f"“{start}…”" if len(parts) > count else f"“{start}”"


def check_language(content, config):
    """Readability formulas are English-only: say so instead of a wrong score."""
    return [Finding(READABILITY_LANGUAGE, INFO, ENGLISH_ONLY, "body")], ENGLISH_ONLY


def check_flesch_reading_ease(content, config):
    """Flesch reading ease: good from FLESCH_GOOD, a warning below it."""
    score = flesch_reading_ease(content.paragraphs)
    if score is None:
        return [], "There is no text to score yet."
    good, fair = config.FLESCH_GOOD, config.FLESCH_FAIR
    summary = f"Flesch reading ease is {score:.0f} (good from {good})."
    if score >= good:
        return [], summary
    if score >= fair:
        message = (
            f"Flesch reading ease is {score:.0f}: fairly difficult. Use shorter "
            f"sentences and everyday words to reach {good}."
        )
    else:
        message = (
            f"Flesch reading ease is {score:.0f}: hard to read for most patients. "
            "Split long sentences, and replace long or technical words with "
            f"everyday ones (explain the terms you keep), to reach {good}."
        )
    return [Finding(FLESCH_READING_EASE, WARNING, message, "body")], summary


def check_sentence_length(content, config):
    """No more than LONG_SENTENCES_MAX_SHARE % of sentences are long."""
    limit = config.LONG_SENTENCE_WORDS
    all_sentences = [s for p in content.paragraphs for s in sentences(p)]
    long_ones = [s for s in all_sentences if len(words(s)) > limit]
    if not all_sentences:
        return [], "There are no sentences yet."
    share = len(long_ones) * 100 / len(all_sentences)
    measured = (
        f"{len(long_ones)} of {len(all_sentences)} sentences ({share:.0f}%) are "
        f"longer than {limit} words"
    )
    summary = f"{measured}."
    if share <= config.LONG_SENTENCES_MAX_SHARE:
        return [], summary
    longest = max(long_ones, key=lambda sentence: len(words(sentence)))
    message = (
        f"{measured}; keep that to {config.LONG_SENTENCES_MAX_SHARE}% or less. "
        f"Split sentences longer than {limit} words, starting with the longest "
        f"({len(words(longest))} words): {quote_start(longest)}"
    )
    return [Finding(SENTENCE_LENGTH, WARNING, message, "body")], summary


def check_paragraph_length(content, config):
    """Every paragraph is at most PARAGRAPH_MAX_WORDS words."""
    limit = config.PARAGRAPH_MAX_WORDS
    findings = []
    for number, paragraph in enumerate(content.paragraphs, start=1):
        count = len(words(paragraph))
        if count > limit:
            message = (
                f"A paragraph has {count} words. Split it into paragraphs of at "
                f"most {limit} words, one idea each. It starts: "
                f"{quote_start(paragraph)}"
            )
            findings.append(
                Finding(PARAGRAPH_LENGTH, WARNING, message, f"paragraph {number}")
            )
    return findings, f"Every paragraph has at most {limit} words."
