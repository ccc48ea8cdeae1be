"""Readability checks, by the rules of the page's language.

English pages get Flesch reading ease and Yoast's sentence rule (a sentence
over 20 words is long); Turkish pages get Ateşman's readability formula
(Ateşman 1997) and Yoast's Turkish sentence rule (over 15 words is long), and
never Flesch, whose syllable counter and weights are English. Both get
paragraph length and transition words (one word list per language, in
``seo/readability/<language>.json``). Other languages get paragraph length
and one info finding.

Readability is advice: a hard medical text can be right for its readers, so
every finding is a warning, with one exception taken from Yoast: a Turkish
page with more than 25% long sentences is a problem (an error). Every message
says what to change. The language is the page's locale
(``PageContent.language``), not a guess from the text.
"""

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate, chain
from pathlib import Path

from django.utils.translation import gettext_noop

from ..findings import ERROR, INFO, WARNING, Finding
from ..messages import gettext as _
from ..messages import ngettext
from ..text import fold, primary_language
from .prefilter import SENTENCE_MARK, SEPARATOR, PhraseFilter
from .remembered import Remembered

FLESCH_READING_EASE = "flesch_reading_ease"
ATESMAN_READABILITY = "atesman_readability"
SENTENCE_LENGTH = "sentence_length"
PARAGRAPH_LENGTH = "paragraph_length"
TRANSITION_WORDS = "transition_words"
READABILITY_LANGUAGE = "readability_language"

# A word for counting: letters or digits, with inner apostrophes and hyphens
# ("patient's", "non-progressive" and "2-7" are one word each).
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# What every word holds: a text has words if it has one of these.
WORD_CHARACTER = re.compile(r"[^\W_]")
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
    # Turkish: "Doç. Dr.", "Uzm. Dr.", "Op. Dr.", "vb.", "bkz.", "örn.".
    "doç",
    "uzm",
    "op",
    "yrd",
    "vb",
    "bkz",
    "örn",
    "sn",
}
# End punctuation, optional closing quotes or brackets, then a space.
# (Written "[.!?…][.!?…]*" rather than "[.!?…]+": a pattern that starts with
# a character set is searched by skipping to the next such character in C.)
BOUNDARY = re.compile(r"[.!?…][.!?…]*[\"'”’)\]]*\s+")


# A word for matching transition words: apostrophes and hyphens separate.
MATCH_WORD = re.compile(r"[^\W_]+")
STREAM_WORD = re.compile(rf"[^\W_]+|{SENTENCE_MARK}")

# A Turkish syllable is a vowel (Ateşman): a e ı i o ö u ü, and â î û.
TURKISH_VOWEL = re.compile("[aeıioöuüâîûAEIİOÖUÜÂÎÛ]")

# Ateşman's bands: (lowest rounded score, label), highest first.
ATESMAN_BANDS = (
    (90, gettext_noop("very easy")),
    (70, gettext_noop("easy")),
    (50, gettext_noop("medium")),
    (30, gettext_noop("difficult")),
)
ATESMAN_LOWEST = gettext_noop("very difficult")

DATA_DIR = Path(__file__).resolve().parent.parent / "readability"


@dataclass(frozen=True)
class TransitionWords:
    """A language's transition words, folded, for a fast whole-word lookup.

    ``single`` holds one-word entries; ``phrases`` maps the first word of each
    longer entry to the entries' words. A sentence is split into words once
    and its words looked up in ``single``; only a sentence that holds the
    first word of a phrase is searched for the phrases, with one regular
    expression of them all over its words joined by spaces (``phrase_words``).
    """

    single: frozenset
    phrases: dict
    phrase_words: re.Pattern | None = None
    filter: PhraseFilter | None = None

    @classmethod
    def of(cls, entries, language):
        single, phrases = set(), {}
        for entry in entries:
            parts = tuple(MATCH_WORD.findall(fold(entry, language)))
            if len(parts) == 1:
                single.add(parts[0])
            elif parts:
                phrases.setdefault(parts[0], []).append(parts)
        # Words hold no spaces: a phrase is in a sentence's words when its
        # words, joined by spaces, are in theirs between two word boundaries.
        joined = sorted(
            {" ".join(parts) for group in phrases.values() for parts in group}
        )
        phrase_words = (
            re.compile("(?<![^ ])(?:" + "|".join(map(re.escape, joined)) + ")(?![^ ])")
            if joined
            else None
        )
        every = [(word,) for word in single] + [
            parts for group in phrases.values() for parts in group
        ]
        word_filter = PhraseFilter(
            [tuple(("eq", word) for word in parts) for parts in every]
        )
        return cls(frozenset(single), phrases, phrase_words, word_filter)

    def sentences_with(self, sentences, language):
        """How many of ``sentences`` hold a transition word: all of them
        folded and read as one stream of words (``transition_stream``, in
        the form of ``prefilter.stream_of``), in one search. Whole words only,
        so exactly what ``found_in`` finds."""
        joined = SENTENCE_MARK.join(sentences)
        if SEPARATOR in joined or joined.count(SENTENCE_MARK) != len(sentences) - 1:
            return sum(
                1 for sentence in sentences if has_transition_word(sentence, language)
            )
        return len(self.filter.sentences(transition_stream(joined, language)))

    def found_in(self, folded_words):
        if not self.single.isdisjoint(folded_words):
            return True
        if self.phrases.keys().isdisjoint(folded_words):
            return False
        return bool(self.phrase_words.search(" ".join(folded_words)))


def _stream_words_of_run(run):
    return tuple(STREAM_WORD.findall(run))


# The stream words of each run of non-spaces of a folded text.
STREAM_RUN_WORDS = Remembered(_stream_words_of_run, 1 << 16)


def transition_stream(joined, language):
    """The stream of ``joined`` (sentences joined by ``SENTENCE_MARK``) for
    ``PhraseFilter``: ``SEPARATOR`` before each of
    ``STREAM_WORD.findall(fold(joined, language))``, found without a regular
    expression pass over the text (``_ascii_stream_words``, ``_stream_words``).
    A space on each side of each mark makes it a piece of its own."""
    folded = fold(joined, language).replace(SENTENCE_MARK, f" {SENTENCE_MARK} ")
    words = _ascii_stream_words if folded.isascii() else _stream_words
    return SEPARATOR + SEPARATOR.join(words(folded))


# In ASCII text the word characters are the letters and digits: every other
# character but the sentence mark is a space to ``_ascii_stream_words``.
ASCII_NON_WORD = str.maketrans(
    {
        chr(code): " "
        for code in range(128)
        if not chr(code).isalnum() and chr(code) != SENTENCE_MARK
    }
)


def _ascii_stream_words(folded):
    """The words and marks of an ASCII text (marks between spaces)."""
    return filter(None, folded.translate(ASCII_NON_WORD).split(" "))


def _stream_words(folded):
    """The words and marks of any text (marks between spaces), run by run of
    non-spaces (``STREAM_RUN_WORDS``): no word holds a space."""
    return chain.from_iterable(map(STREAM_RUN_WORDS.__getitem__, folded.split(" ")))


def _load_transition_words():
    """{language: TransitionWords} from ``seo/readability/*.json``, read once."""
    lists = {}
    for path in sorted(DATA_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        language = primary_language(data.get("language") or path.stem)
        entries = [p for p in data.get("transition_words") or () if p.strip()]
        if entries:
            lists[language] = TransitionWords.of(entries, language)
    return lists


TRANSITION_WORDS_BY_LANGUAGE = _load_transition_words()


def language_of(content):
    """The page's language without its region ("tr" for "tr-TR")."""
    return primary_language(content.language)


def is_english(content):
    return language_of(content) == "en"


def is_turkish(content):
    return language_of(content) == "tr"


def has_rules(content):
    """Whether the page's language has readability rules here."""
    return language_of(content) in {"en", "tr"}


def has_transition_words(content):
    return language_of(content) in TRANSITION_WORDS_BY_LANGUAGE


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
    # The run of non-spaces just before the full stop, found from the right:
    # a regular expression anchored at the end would scan the whole text
    # before it at every full stop.
    before = text[: match.start()]
    token = before.rsplit(None, 1)[-1] if before and not before[-1].isspace() else ""
    word = token.lstrip("([\"'“‘")
    return word.lower() not in ABBREVIATIONS and not (len(word) == 1 and word.isupper())


def sentences(paragraph):
    """The sentences of one paragraph (a sentence never spans paragraphs)."""
    return list(_sentences(paragraph))


def sentence_tuple(paragraph):
    """``sentences`` as a tuple, shared by every caller (remembered)."""
    return _sentences(paragraph)


def _sentences(paragraph):
    """``sentences``, computed once per paragraph: several checks read them."""
    found, _counts, _words = paragraph_reading(paragraph)
    return found


def words(text):
    return WORD.findall(text or "")


def _words_of_run(run):
    return tuple(WORD.findall(run))


# The words of each run of non-spaces ("patient's", "(2.5)", "cells."): a
# text's words are those of its runs, in order, since no word holds a space.
RUN_WORDS = Remembered(_words_of_run, 1 << 16)


def reading_of(sentences, counts, found):
    """A paragraph's reading: (its sentences, each one's word count, its
    words (``WORD``) in order), all tuples.

    A plain tuple of tuples of strings and numbers: the garbage collector
    stops tracking it once it has seen it, which it never does for a named
    tuple or a class, and thousands of readings are kept for a while
    (``paragraph_reading``); each one it tracks makes full collections come
    sooner and cost more.
    """
    return (tuple(sentences), tuple(counts), tuple(found))


@lru_cache(maxsize=8192)
def paragraph_reading(paragraph):
    """The reading (``reading_of``) of a paragraph, remembered: the
    readability checks, the text length and the claims checks read it."""
    spaced = _ascii_word_pieces(paragraph)
    if spaced is not None:
        return _read_ascii_paragraph(paragraph, spaced)
    runs = paragraph.split()
    if " ".join(runs) != paragraph:
        return _read_any_paragraph(paragraph)
    return _read_spaced_paragraph(paragraph, runs)


# In ASCII text a word is letters and digits, joined by single apostrophes
# or hyphens: every other character is a space to ``_ascii_word_pieces``.
ASCII_WORD_SPACES = str.maketrans(
    {
        chr(code): " "
        for code in range(128)
        if not chr(code).isalnum() and chr(code) not in "'-"
    }
)
# Where an apostrophe or a hyphen does not join two words ("'quoted'", "--").
LOOSE_JOINS = (" '", "' ", " -", "- ", "''", "--", "'-", "-'")


def _ascii_word_pieces(paragraph):
    """``paragraph`` with every character that is not in a word made a space
    (same length: same positions), when its words are then exactly its
    pieces between spaces; else None (not ASCII, or an apostrophe or hyphen
    that does not join two words)."""
    if not paragraph.isascii():
        return None
    spaced = paragraph.translate(ASCII_WORD_SPACES)
    padded = f" {spaced} "
    if any(join in padded for join in LOOSE_JOINS):
        return None
    return spaced


def _read_ascii_paragraph(paragraph, spaced):
    """A paragraph whose words are the pieces of ``spaced`` between spaces
    (``_ascii_word_pieces``), read in one pass: each sentence's words are
    those pieces in its span."""
    sentences, counts, found = [], [], []
    for start, end in _sentence_spans(paragraph):
        pieces = spaced[start:end].split()
        if pieces:
            sentences.append(paragraph[start:end].strip())
            counts.append(len(pieces))
            found.extend(pieces)
    return reading_of(sentences, counts, found)


def _read_spaced_paragraph(paragraph, runs):
    """A paragraph whose only whitespace is single spaces between ``runs``
    (its runs of non-spaces), read in one pass.

    Its words are those of its runs (``RUN_WORDS``), and every sentence ends
    after a space (``BOUNDARY``), so a sentence is whole runs: its word count
    is that of its runs, found from the spaces before its end. A sentence
    without words has no letter or digit (one is a word), so it is left out
    as ``WORD_CHARACTER`` leaves it out.
    """
    found = tuple(map(RUN_WORDS.__getitem__, runs))
    before = list(accumulate(map(len, found), initial=0))  # words before run i
    sentences, counts = [], []
    start = first_run = 0
    for match in BOUNDARY.finditer(paragraph):
        if not _is_sentence_end(paragraph, match):
            continue
        end = match.end()
        next_run = first_run + paragraph.count(" ", start, end)
        count = before[next_run] - before[first_run]
        if count:
            sentences.append(paragraph[start : end - 1])
            counts.append(count)
        start, first_run = end, next_run
    count = before[-1] - before[first_run]
    if count:
        sentences.append(paragraph[start:])
        counts.append(count)
    return reading_of(sentences, counts, chain.from_iterable(found))


def _read_any_paragraph(paragraph):
    """Any paragraph (other whitespace, or spaces at its ends), read sentence
    by sentence."""
    found = [paragraph[start:end].strip() for start, end in _sentence_spans(paragraph)]
    split = [sentence for sentence in found if WORD_CHARACTER.search(sentence)]
    counts = [len(WORD.findall(sentence)) for sentence in split]
    return reading_of(split, counts, WORD.findall(paragraph))


def _sentence_spans(paragraph):
    """(start, end) of each stretch of ``paragraph`` up to a sentence end
    (``BOUNDARY``, ``_is_sentence_end``), and of the rest after the last."""
    ends = [
        match.end()
        for match in BOUNDARY.finditer(paragraph)
        if _is_sentence_end(paragraph, match)
    ]
    return zip([0, *ends], [*ends, len(paragraph)], strict=True)


@dataclass(frozen=True)
class PageSentences:
    """A page's paragraphs read once for every readability check: their
    sentences in order, each sentence's word count, and each paragraph's
    words, which are the sentences' words (every word is in one sentence: a
    sentence ends after a space)."""

    sentences: tuple
    counts: tuple
    paragraph_words: tuple

    def longer_than(self, limit):
        """(sentence, words) of the sentences over ``limit`` words."""
        return [
            (sentence, count)
            for sentence, count in zip(self.sentences, self.counts, strict=True)
            if count > limit
        ]

    def all_words(self):
        """Every word of the page, in order."""
        return chain.from_iterable(self.paragraph_words)

    @property
    def words(self):
        """How many times each word occurs."""
        return Counter(self.all_words())

    @cached_property
    def word_count(self):
        return sum(map(len, self.paragraph_words))

    @cached_property
    def hyphens(self):
        """The hyphens inside the words ("non-progressive" holds one)."""
        return "".join(self.all_words()).count("-")

    def syllable_count(self, syllables_of):
        """The page's syllables, ``syllables_of`` a ``Remembered`` counter."""
        return sum(map(syllables_of.__getitem__, self.all_words()))


def page_sentences(paragraphs):
    """The ``PageSentences`` of ``paragraphs``, read once for all the checks."""
    return _page_sentences(tuple(paragraphs))


@lru_cache(maxsize=16)
def _page_sentences(paragraphs):
    readings = [paragraph_reading(paragraph) for paragraph in paragraphs]
    sentences, counts, found = zip(*readings, strict=True) if readings else ((),) * 3
    return PageSentences(
        tuple(chain.from_iterable(sentences)), tuple(chain.from_iterable(counts)), found
    )


def paragraph_words(paragraph):
    """The words of one paragraph, found once (``paragraph_reading``)."""
    _split, _counts, found = paragraph_reading(paragraph)
    return found


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

    Counted once per word and process (``ENGLISH_SYLLABLES``): a language's
    words recur on every page.

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
    page = page_sentences(paragraphs)
    word_count = page.word_count
    if not word_count:
        return None
    syllable_count = page.syllable_count(ENGLISH_SYLLABLES)
    return (
        206.835
        - 1.015 * word_count / len(page.sentences)
        - 84.6 * syllable_count / word_count
    )


def quote_start(text, count=8):
    """The first ``count`` words of ``text`` in quotes, with "…" if cut."""
    parts = text.split()
    start = " ".join(parts[:count])
    return f"“{start}…”" if len(parts) > count else f"“{start}”"


def check_language(content, config):
    """No readability formula for this language: say so instead of a wrong score."""
    message = _(
        "Readability scores are computed for English and Turkish text only; "
        "this page's language has only the paragraph length check."
    )
    return [Finding(READABILITY_LANGUAGE, INFO, message, "body")], message


def check_flesch_reading_ease(content, config):
    """Flesch reading ease: good from FLESCH_GOOD, a warning below it."""
    score = flesch_reading_ease(content.paragraphs)
    if score is None:
        return [], _("There is no text to score yet.")
    good, fair = config.FLESCH_GOOD, config.FLESCH_FAIR
    values = {"score": f"{score:.0f}", "good": good}
    summary = _("Flesch reading ease is %(score)s (good from %(good)s).") % values
    if score >= good:
        return [], summary
    if score >= fair:
        message = _(
            "Flesch reading ease is %(score)s: fairly difficult. Use shorter "
            "sentences and everyday words to reach %(good)s."
        )
    else:
        message = _(
            "Flesch reading ease is %(score)s: hard to read for most patients. "
            "Split long sentences, and replace long or technical words with "
            "everyday ones (explain the terms you keep), to reach %(good)s."
        )
    return [Finding(FLESCH_READING_EASE, WARNING, message % values, "body")], summary


def turkish_syllables(word):
    """The syllables of a Turkish word: its vowels (at least one: "2025", "MR")."""
    return max(len(TURKISH_VOWEL.findall(word)), 1)


# Each word's syllables, counted once per word (``PageSentences.syllable_count``).
ENGLISH_SYLLABLES = Remembered(syllables, 1 << 16)
TURKISH_SYLLABLES = Remembered(turkish_syllables, 1 << 16)


def atesman(paragraphs):
    """198.825 − 40.175 × syllables/words − 2.610 × words/sentences, or None.

    Ateşman's (1997) adaptation of Flesch to Turkish: higher is easier, 90
    and above very easy, below 30 very difficult (``atesman_band``). None when
    there is no text.
    """
    page = page_sentences(paragraphs)
    word_count = page.word_count
    if not word_count:
        return None
    syllable_count = page.syllable_count(TURKISH_SYLLABLES)
    return (
        198.825
        - 40.175 * syllable_count / word_count
        - 2.610 * word_count / len(page.sentences)
    )


def atesman_band(score):
    """Ateşman's band for a score, as an editor reads it (bands of whole points)."""
    rounded = round(score)
    for lowest, label in ATESMAN_BANDS:
        if rounded >= lowest:
            return _(label)
    return _(ATESMAN_LOWEST)


def check_atesman(content, config):
    """Ateşman readability: good from ATESMAN_GOOD, a warning below it."""
    score = atesman(content.paragraphs)
    if score is None:
        return [], _("There is no text to score yet.")
    good, fair = config.ATESMAN_GOOD, config.ATESMAN_FAIR
    values = {"score": round(score), "band": atesman_band(score), "good": good}
    summary = (
        _("Ateşman readability is %(score)s, %(band)s (good from %(good)s).") % values
    )
    if round(score) >= good:
        return [], summary
    if round(score) >= fair:
        message = _(
            "Ateşman readability is %(score)s: %(band)s. Use shorter sentences "
            "and shorter, everyday words to reach %(good)s."
        )
    else:
        message = _(
            "Ateşman readability is %(score)s: %(band)s for most patients. Split "
            "long sentences, and replace long or technical words with everyday "
            "ones (explain the terms you keep), to reach %(good)s."
        )
    return [Finding(ATESMAN_READABILITY, WARNING, message % values, "body")], summary


def _long_sentences(content, limit):
    """(all sentences, (sentence, words) of those over ``limit`` words) of
    the page's paragraphs."""
    page = page_sentences(content.paragraphs)
    return page.sentences, page.longer_than(limit)


def _sentences_measured(long_ones, all_sentences, share, limit):
    return _(
        "%(long)s of %(total)s sentences (%(share)s%%) are longer than %(limit)s words"
    ) % {
        "long": len(long_ones),
        "total": len(all_sentences),
        "share": f"{share:.0f}",
        "limit": limit,
    }


def _split_advice(measured, long_ones, most, limit):
    longest, count = max(long_ones, key=lambda pair: pair[1])
    return _(
        "%(measured)s; keep that to %(most)s%% or less. Split sentences longer "
        "than %(limit)s words, starting with the longest (%(count)s words): "
        "%(start)s"
    ) % {
        "measured": measured,
        "most": most,
        "limit": limit,
        "count": count,
        "start": quote_start(longest),
    }


def check_sentence_length(content, config):
    """Sentence length by the rule of the page's language (Turkish or English)."""
    if is_turkish(content):
        return check_turkish_sentence_length(content, config)
    return check_english_sentence_length(content, config)


def check_english_sentence_length(content, config):
    """English: no more than LONG_SENTENCES_MAX_SHARE % of sentences are long."""
    limit = config.LONG_SENTENCE_WORDS
    all_sentences, long_ones = _long_sentences(content, limit)
    if not all_sentences:
        return [], _("There are no sentences yet.")
    share = len(long_ones) * 100 / len(all_sentences)
    measured = _sentences_measured(long_ones, all_sentences, share, limit)
    summary = f"{measured}."
    if share <= config.LONG_SENTENCES_MAX_SHARE:
        return [], summary
    message = _split_advice(measured, long_ones, config.LONG_SENTENCES_MAX_SHARE, limit)
    return [Finding(SENTENCE_LENGTH, WARNING, message, "body")], summary


def check_turkish_sentence_length(content, config):
    """Turkish (Yoast): a sentence over TR_LONG_SENTENCE_WORDS words is long.

    Good when at most TR_LONG_SENTENCES_GOOD_SHARE % of the sentences are
    long, a warning up to TR_LONG_SENTENCES_MAX_SHARE %, a problem above.
    """
    limit = config.TR_LONG_SENTENCE_WORDS
    all_sentences, long_ones = _long_sentences(content, limit)
    if not all_sentences:
        return [], _("There are no sentences yet.")
    share = len(long_ones) * 100 / len(all_sentences)
    measured = _sentences_measured(long_ones, all_sentences, share, limit)
    summary = f"{measured}."
    good = config.TR_LONG_SENTENCES_GOOD_SHARE
    if share <= good:
        return [], summary
    severity = ERROR if share > config.TR_LONG_SENTENCES_MAX_SHARE else WARNING
    message = _split_advice(measured, long_ones, good, limit)
    return [Finding(SENTENCE_LENGTH, severity, message, "body")], summary


def check_paragraph_length(content, config):
    """Every paragraph is at most PARAGRAPH_MAX_WORDS words."""
    limit = config.PARAGRAPH_MAX_WORDS
    findings = []
    for number, paragraph in enumerate(content.paragraphs, start=1):
        count = len(paragraph_words(paragraph))
        if count > limit:
            message = _(
                "A paragraph has %(count)s words. Split it into paragraphs of at "
                "most %(limit)s words, one idea each. It starts: %(start)s"
            ) % {"count": count, "limit": limit, "start": quote_start(paragraph)}
            findings.append(
                Finding(PARAGRAPH_LENGTH, WARNING, message, f"paragraph {number}")
            )
    return findings, _("Every paragraph has at most %(limit)s words.") % {
        "limit": limit
    }


def has_transition_word(sentence, language):
    """Whether ``sentence`` contains a transition word of ``language``."""
    return _has_transition_word(sentence, primary_language(language), language)


@lru_cache(maxsize=65536)
def _has_transition_word(sentence, primary, language):
    known = TRANSITION_WORDS_BY_LANGUAGE.get(primary)
    return bool(known) and known.found_in(MATCH_WORD.findall(fold(sentence, language)))


def check_transition_words(content, config):
    """At least TRANSITION_WORDS_MIN_SHARE % of sentences have a transition word.

    Words such as "however", "for example" ("ancak", "örneğin") show how one
    sentence leads to the next (Yoast's rule). The words are in
    ``seo/readability/<language>.json``.
    """
    language = content.language
    all_sentences = page_sentences(content.paragraphs).sentences
    if not all_sentences:
        return [], _("There are no sentences yet.")
    known = TRANSITION_WORDS_BY_LANGUAGE.get(primary_language(language))
    linked = known.sentences_with(all_sentences, language) if known else 0
    share = linked * 100 / len(all_sentences)
    minimum = config.TRANSITION_WORDS_MIN_SHARE
    measured = ngettext(
        "%(linked)s of %(total)s sentence (%(share)s%%) contains a transition word",
        "%(linked)s of %(total)s sentences (%(share)s%%) contain a transition word",
        len(all_sentences),
    ) % {"linked": linked, "total": len(all_sentences), "share": f"{share:.0f}"}
    summary = f"{measured}."
    if share >= minimum:
        return [], summary
    message = _(
        "%(measured)s. Link at least %(minimum)s%% of your sentences with words "
        "that show how ideas follow (“however”, “for example”, “as a result”)."
    ) % {"measured": measured, "minimum": minimum}
    return [Finding(TRANSITION_WORDS, WARNING, message, "body")], summary
