"""The readability checks read a page's sentences once (``page_sentences``):
the same sentences, word counts and words as reading each sentence alone."""

import random
import re
from collections import Counter

import pytest

from seo.checks import readability
from seo.checks.prefilter import SENTENCE_MARK, SEPARATOR, PhraseFilter

PARAGRAPHS = [
    "Prof. Dr. Özek saw 12 patients. e.g. Spastic CP is common! Is it? Yes.",
    "One sentence only, with non-progressive and patient's words",
    "...",
    "J. Smith et al. Found 2.5 times more. (See the table.) Then stop.",
    "Kök hücre tedavisi güvenli mi? Sonuçlar kişiden kişiye değişir.",
]


def test_counts_and_words_are_those_of_each_sentence_alone():
    page = readability.page_sentences(PARAGRAPHS)

    expected = [s for p in PARAGRAPHS for s in readability.sentences(p)]
    assert list(page.sentences) == expected
    assert list(page.counts) == [len(readability.words(s)) for s in expected]
    assert page.words == Counter(w for s in expected for w in readability.words(s))
    assert page.sentences[:3] == (
        "Prof. Dr. Özek saw 12 patients. e.g. Spastic CP is common!",
        "Is it?",
        "Yes.",
    )
    assert page.counts == (12, 2, 1, 8, 9, 3, 2, 5, 4)


def test_long_sentences_are_found_with_their_counts():
    page = readability.page_sentences(PARAGRAPHS)

    assert page.longer_than(8) == [
        ("Prof. Dr. Özek saw 12 patients. e.g. Spastic CP is common!", 12),
        ("J. Smith et al. Found 2.5 times more.", 9),
    ]


def test_a_phrase_filter_finds_each_sentence_once_however_often_it_matches():
    words = PhraseFilter([(("eq", "the"),)])
    stream = SEPARATOR + SEPARATOR.join(
        ["the", "the", "cat", SENTENCE_MARK, "a", "dog", SENTENCE_MARK, "the", "end"]
    )
    assert words.sentences(stream) == {0, 2}


# What a paragraph may hold that the one-pass readings (ASCII, single-spaced,
# any) could get wrong: abbreviations, initials, decimals, closing quotes and
# brackets, loose and joining apostrophes and hyphens, Turkish and other
# letters, marks, digits of other scripts, control characters and spaces of
# every kind.
PIECES = [
    "Dr.",
    "Prof.",
    "e.g.",
    "J.",
    "Smith",
    "et",
    "al.",
    "2.5",
    "(see",
    "table.)",
    "Yes!",
    "Why?",
    "Hmm…",
    "non-progressive",
    "patient's",
    "patient’s",
    "a--b",
    "rock-'n'-roll",
    "-",
    "–",
    "...",
    "“Quoted.”",
    "'x'",
    "İstanbul'da",
    "IĞDIR",
    "ışık",
    "Doç.",
    "Uzm.",
    "örn.",
    "vb.",
    "kök",
    "hücre",
    "tedavisi",
    "however",
    "for",
    "example",
    "as",
    "a",
    "result",
    "ancak",
    "örneğin",
    "Bu",
    "nedenle",
    "the",
    "The",
    "cells.",
    "Cells",
    "ß",
    "Σ",
    "x_y",
    "_",
    "½",
    "²",
    "١٢",
    "ﬁne",
    "é",
    "é",
    "A.",
    "b.",
    "Z?",
    '"end."',
    "end.)",
    ".)",
    "?!",
    "…”",
    "1.",
    "No.",
    "no.",
    "\x1e",
    "\x1f",
    "ẞ",
    "ǅ",
    "Ⅻ",
    "word,",
    "[1].",
    "(",
    ")",
    "'",
    "’",
]
SPACES = (" ", " ", " ", " ", "  ", "\t", "\n", "\u00a0", "\u2009", "\x1c", "\u3000")
REFERENCE_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+")


def random_paragraph(rng):
    ascii_only = rng.random() < 0.4
    pool = [piece for piece in PIECES if piece.isascii()] if ascii_only else PIECES
    words = [rng.choice(pool) for _ in range(rng.randint(0, 30))]
    if rng.random() < 0.7:  # spaced singly, as most paragraphs are
        return " ".join(" ".join(words).split())
    text = rng.choice(["", " ", "\n"]) + "".join(w + rng.choice(SPACES) for w in words)
    return text if rng.random() < 0.5 else text.strip()


def reference_sentences(paragraph):
    """The sentences as the checks split them before paragraphs were read in
    one pass: every boundary, kept where it ends a sentence."""
    found, start = [], 0
    for match in REFERENCE_BOUNDARY.finditer(paragraph):
        if readability._is_sentence_end(paragraph, match):
            found.append(paragraph[start : match.end()].strip())
            start = match.end()
    found.append(paragraph[start:].strip())
    return [s for s in found if s and readability.WORD_CHARACTER.search(s)]


@pytest.mark.parametrize("seed", range(4))
def test_one_pass_readings_are_those_of_each_sentence_alone(seed):
    rng = random.Random(seed)
    for _ in range(400):
        paragraphs = [random_paragraph(rng) for _ in range(rng.randint(0, 5))]
        expected = [s for p in paragraphs for s in reference_sentences(p)]
        page = readability.page_sentences(paragraphs)
        assert list(page.sentences) == expected, paragraphs
        assert list(page.counts) == [len(readability.WORD.findall(s)) for s in expected]
        for paragraph in paragraphs:
            words = readability.WORD.findall(paragraph)
            assert list(readability.paragraph_words(paragraph)) == words
        assert page.words == Counter(
            w for p in paragraphs for w in readability.WORD.findall(p)
        )
        for language in ("en", "tr"):
            known = readability.TRANSITION_WORDS_BY_LANGUAGE[language]
            assert known.sentences_with(expected, language) == sum(
                readability.has_transition_word(s, language) for s in expected
            ), (expected, language)
