"""The claims checks read a page at once: every word list, the figure patterns
and the transition words are first searched for over the whole page, and
only the sentences they may match are read word by word. These tests hold
the page-wide searches to the sentence-by-sentence reading they stand for:
whatever a sentence holds, the page-wide search finds that sentence."""

import random
import re
import unicodedata

import pytest

from seo.checks import claims, readability
from seo.checks.prefilter import (
    FOLDED,
    FOLDED_TURKISH,
    NEUTRAL,
    RAW,
    PageStream,
    PatternSet,
    PhraseFilter,
    stream_of,
)
from seo.config import get_config
from seo.text import fold, neutral

CONFIG = get_config()

SENTENCES = [
    "Stem cells should not be seen as a miracle on their own.",
    "Our results are guaranteed for every patient.",
    "The treatment is safe and has no side effects at all.",
    "No serious side effects were seen in 3 of 10 patients [1].",
    "We are the best clinic in Istanbul and the only centre that does this.",
    "Thank you doctor, 5 stars!",
    "Prices start at €2,000 with a free consultation.",
    "Before and after photos of our patients.",
    "In most patients, spasticity improves over several sessions.",
    "The success rate was 85 percent; 7 out of 10 children walked.",
    "It was 3 times more effective than physiotherapy alone.",
    "Kök hücre tedavisi mucize olarak görülmemelidir.",
    "Tedavimiz kesin çözüm sunar ve yan etkisi yoktur.",
    "Hastaların %70'inde iyileşme görüldü; 10 hastadan 7 hasta memnun kaldı.",
    "Çok teşekkür ederiz, herkese tavsiye ederim!",
    "Fiyat bilgisi için kampanya sayfamıza bakın.",
    "Ahmet Bey, Konya'dan gelen 7 yaşındaki hastamız, okula başladı.",
    "Little Oliver from Manchester started school on 3 March 2024.",
    "İSTANBUL'DA EN İYİ KLİNİK, GARANTİLİ SONUÇ.",
    "However, for example, the team reviews every case; ancak örneğin her vaka.",
    "Pain-free, risk-free and side-effect free: “a miracle”.",
    "★★★★★",
    "Her mother's name is Sarah.",
    "Is this a definitive solution?",
    "",
]


def sentences_of(seed, count=40):
    rng = random.Random(seed)
    words = " ".join(SENTENCES).split()
    found = list(SENTENCES)
    for _ in range(count):
        found.append(" ".join(rng.choice(words) for _ in range(rng.randint(1, 14))))
    rng.shuffle(found)
    return found


@pytest.mark.parametrize("seed", range(5))
def test_the_page_search_finds_every_sentence_a_list_matches(seed):
    texts = sentences_of(seed)
    for lexicon in claims.lexicons(CONFIG).values():
        stream = fold(stream_of(texts), lexicon.language).replace("’", "'")
        found = lexicon.claims_filter.sentences(stream)
        for index, text in enumerate(texts):
            sentence = claims.Sentence.of(text)
            hits = {
                name: hits
                for name, hits in sentence.tagged(lexicon).items()
                if name in claims.CLAIM_LISTS.values()
            }
            if hits:
                assert index in found, (lexicon.language, text, hits)


@pytest.mark.parametrize("seed", range(5))
def test_the_page_search_finds_every_name_place_and_narrative(seed):
    texts = sentences_of(seed)
    shared = claims._shared(claims.lexicons(CONFIG))
    stream = fold(stream_of(texts), "tr").replace("’", "'").replace("ı", "i")
    names = shared.identifying_filter.sentences(stream)
    cues = shared.narrative_filter.sentences(stream)
    listed = [n for n in shared.NAMES if n not in {"narrative_cues", "doctor_titles"}]
    for index, text in enumerate(texts):
        words = claims.Sentence.of(text).neutral_words()
        if any(shared.terms[name].find(words) for name in listed) or any(
            claims._stem(word) in shared.first_names for word in words
        ):
            assert index in names, text
        if shared.terms["narrative_cues"].find(words):
            assert index in cues, text


def test_a_phrase_never_runs_across_two_sentences():
    phrase = PhraseFilter([(("eq", "risk"), ("eq", "free"))])
    stream = stream_of(["No risk.", "Free parking.", "It is risk free."])
    assert phrase.sentences(fold(stream)) == {2}
    gap = PhraseFilter([(("eq", "no"), None, ("pre", "effect"))])
    assert gap.sentences(fold(stream_of(["No", "side effects", "no side effects"])))
    assert gap.sentences(fold(stream_of(["No", "side effects"]))) == set()


def test_control_characters_in_the_text_do_not_shift_sentences():
    phrase = PhraseFilter([(("eq", "miracle"),)])
    texts = ["A \x1e odd \x1f text.", "Plain.", "A miracle."]
    assert phrase.sentences(fold(stream_of(texts))) == {2}


@pytest.mark.parametrize("language", ["en", "tr"])
@pytest.mark.parametrize("seed", range(3))
def test_the_figures_found_page_wide_are_those_found_sentence_by_sentence(
    language, seed
):
    statistic = claims.lexicons(CONFIG)[language].statistic
    texts = sentences_of(seed)
    expected = {i for i, text in enumerate(texts) if statistic.search(text)}
    assert statistic.sentences(texts) == expected
    assert expected  # the sentences hold figures in both languages


def awkward_texts(seed):
    """Sentences with what a page's streams could get wrong: Turkish capitals,
    typographic apostrophes, symbols, control characters and other white
    space, words without letters, and runs of every kind of character."""
    rng = random.Random(seed)
    every = "".join(chr(c) for c in range(0x20, 0x3000) if not 0xD800 <= c < 0xE000)
    texts = sentences_of(seed) + [
        "İSTANBUL’DA IĞDIR’LI hasta; patient’s 30% €2,000 ₺500 #1 ★★",
        "A \x1e odd \x1f text\u00a0with\u2009thin\u3000spaces.",
        " — … ",
        "",
    ]
    texts += [
        "".join(rng.choice(every) for _ in range(rng.randint(0, 60))) for _ in range(30)
    ]
    rng.shuffle(texts)
    return texts


@pytest.mark.parametrize("seed", range(3))
def test_a_page_stream_is_the_stream_of_the_whole_page_folded(seed):
    """``PageStream`` reads a page chunk by chunk, each chunk once per
    process; its streams are those of ``stream_of`` folded as the lists are,
    for the whole page or some of its sentences."""
    texts = awkward_texts(seed)
    page = PageStream(texts)
    for indexes in (None, [3, 0, 7], []):
        chosen = texts if indexes is None else [texts[i] for i in indexes]
        whole = stream_of(chosen)
        turkish = fold(whole, "tr").replace("’", "'")
        assert page.stream(RAW, indexes) == whole
        assert page.stream(FOLDED, indexes) == fold(whole, "en").replace("’", "'")
        assert page.stream(FOLDED_TURKISH, indexes) == turkish
        assert page.folded("tr-TR", indexes) == turkish
        assert page.stream(NEUTRAL, indexes) == turkish.replace("ı", "i")
        assert page.stream(NEUTRAL, indexes) == neutral(whole).replace("’", "'")


@pytest.mark.parametrize("first", ["en", "tr", None])
def test_the_neutral_stream_is_the_same_whichever_stream_came_first(first):
    texts = awkward_texts(0)
    passages = [claims.Passage(text, f"paragraph {n}") for n, text in enumerate(texts)]
    reading = claims._Reading(passages)
    if first:
        reading.folded(first)
    assert reading.neutral == PageStream(reading.texts).stream(NEUTRAL)
    assert "ı" not in reading.neutral


def test_figures_are_found_in_sentences_whatever_their_white_space():
    """A requirement with a space in it is looked for in the whole sentence;
    the others chunk by chunk."""
    patterns = PatternSet([r"per cent", r"\b\d+ of 10\b", r"rate"], re.IGNORECASE)
    texts = [
        "fifty PER CENT",
        "fifty per\u00a0cent",  # no space: "per cent" does not match
        "3 of 10 patients",
        "3 of\n10",
        "the success\tRATE",
        "per cent-ish of 100",
        "",
    ]
    expected = {i for i, text in enumerate(texts) if patterns.search(text)}
    assert expected == {0, 2, 4, 5}
    assert patterns.sentences(texts) == expected
    # The chunks it has seen are remembered: the same again, and the same
    # for the same texts in another order.
    assert patterns.sentences(texts) == expected
    assert patterns.sentences(texts[::-1]) == {len(texts) - 1 - i for i in expected}


def test_patterns_without_requirements_are_searched_in_every_sentence():
    patterns = PatternSet([r"(\d)\1", r"[%#]\s?\w+"], re.IGNORECASE)
    texts = ["it was 44", "a #1 clinic", "nothing", "line\nbreak 55"]
    assert patterns.sentences(texts) == {0, 1, 3}


@pytest.mark.parametrize("language", ["en", "tr"])
@pytest.mark.parametrize("seed", range(3))
def test_transition_words_counted_page_wide_as_sentence_by_sentence(language, seed):
    texts = [t for t in sentences_of(seed) if t]
    known = readability.TRANSITION_WORDS_BY_LANGUAGE[language]
    expected = sum(readability.has_transition_word(t, language) for t in texts)
    assert known.sentences_with(texts, language) == expected
    assert expected


def test_flesch_counts_words_page_wide_as_sentence_by_sentence():
    paragraphs = [
        "The cat sat. The dog ran fast! Prof. Dr. Smith's non-progressive case.",
        "Is it 2.5 times better? Yes.",
        "",
        "★★★ — ★",
    ]
    sentences = [s for p in paragraphs for s in readability.sentences(p)]
    words = [w for s in sentences for w in readability.words(s)]
    expected = (
        206.835
        - 1.015 * len(words) / len(sentences)
        - 84.6 * sum(map(readability.syllables, words)) / len(words)
    )
    assert readability.flesch_reading_ease(paragraphs) == pytest.approx(expected)


def test_fold_run_by_run_is_fold_of_the_whole_text():
    """``fold`` lower-cases ASCII and folds only the other runs: the same as
    case folding, decomposing and dropping the marks of the whole text."""

    def whole(text, language):
        if language == "tr":
            text = text.replace("İ", "i").replace("I", "ı")
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        return "".join(c for c in decomposed if not unicodedata.combining(c))

    every = "".join(chr(c) for c in range(0x20, 0x30000) if not 0xD800 <= c < 0xE000)
    rng = random.Random(0)
    texts = [every[i : i + 500] for i in range(0, len(every), 500)]
    texts += [
        "".join(
            rng.choice("aIİıe ’-") if rng.random() < 0.8 else rng.choice(every)
            for _ in range(rng.randint(0, 300))
        )
        for _ in range(300)
    ]
    for text in texts:
        for language in ("en", "tr"):
            assert fold(text, language) == whole(text, language)
