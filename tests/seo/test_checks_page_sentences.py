"""The readability checks read a page's sentences once (``page_sentences``):
the same sentences, word counts and words as reading each sentence alone."""

from collections import Counter

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
