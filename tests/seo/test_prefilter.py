"""The figure patterns' prefilter: the same match as the whole alternation,
found without searching sentences that cannot hold one; and the word lists'
anchors, which let a sentence with no listed word be passed over."""

import json
import re

import pytest

from seo.checks import claims
from seo.checks.prefilter import DIGIT, PatternSet, requirements
from seo.config import get_config
from seo.content import PageContent, Passage
from seo.text import fold

TEXTS = [
    "",
    "No figures here, only words about treatment.",
    "Case A showed a 30% reduction in spasticity.",
    "Seven out of ten patients improved after the therapy.",
    "Three in every ten children walk better.",
    "The success rate was 85 percent in the trial.",
    "It was 3 times more effective than the old method.",
    "% 40 of them; %40 and 40 % and 2,5% again.",
    "SEVEN OF TEN PATİENTS improved.",  # a Turkish capital İ in an English word
    "Seven of ten patıents improved.",  # a dotless ı, which IGNORECASE takes for i
    "The ſuccess rate was 9.",  # a long s, which IGNORECASE takes for s
    "Fold: 2 \u212aTIMES faster.",  # the Kelvin sign, which IGNORECASE takes for k
    "Başarı oranı yüzde 90 olarak bulundu.",
    "Hastaların %70'inde iyileşme görüldü; 10 hastadan 7 hasta memnun.",
    "Tedavi 2 kat daha etkili.",
    "٣٠% of patients (Arabic-Indic digits).",
    "One of the patients, two of the children.",
]


def language_patterns(language):
    data = json.loads((claims.DATA_DIR / f"{language}.json").read_text("utf-8"))
    return data["statistic_patterns"]


def same(first, second):
    return (first and (first.span(), first.group())) == (
        second and (second.span(), second.group())
    )


@pytest.mark.parametrize("language", ["en", "tr"])
def test_the_same_match_as_the_whole_alternation(language):
    patterns = language_patterns(language)
    whole = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    prefiltered = PatternSet(patterns, re.IGNORECASE)
    assert prefiltered.gated
    for text in TEXTS:
        assert same(prefiltered.search(text), whole.search(text)), text


def test_a_text_that_meets_no_requirement_is_not_searched():
    prefiltered = PatternSet(language_patterns("en"), re.IGNORECASE)
    assert prefiltered.candidates("No figures here, only words.") == ()
    assert prefiltered.search("No figures here, only words.") is None
    # A digit alone calls for the patterns that need only a digit and a "%".
    assert prefiltered.candidates("Room 12, 30% off") == (0, 1)


def test_requirements_of_a_pattern():
    found = requirements(r"\b(?:one|\d+)\s+of\s+(?:patients|children)\b", re.I)
    assert set(found) == {
        frozenset({"one", DIGIT}),
        frozenset({"of"}),
        frozenset({"patients", "children"}),
    }
    # What may be left out requires nothing; nor does a character class.
    assert requirements(r"(?:abc)?[xyz]+", re.I) == ()


def test_case_is_compared_as_re_ignorecase_does():
    prefiltered = PatternSet([r"success\s+rate"], re.IGNORECASE)
    for text in ("SUCCESS RATE", "ſuccess rate", "Success Rate"):
        assert prefiltered.search(text), text
    exact = PatternSet([r"Success"])
    assert exact.search("Success") and not exact.search("success")


def test_a_pattern_with_a_back_reference_is_always_searched():
    prefiltered = PatternSet([r"(\d)\1", r"percent"], re.IGNORECASE)
    assert not prefiltered.gated
    assert prefiltered.candidates("nothing") == (0, 1)
    assert prefiltered.search("it was 44").group() == "44"


def test_patterns_that_meet_no_known_requirement_are_always_searched():
    prefiltered = PatternSet([r"[%#]\s?\w+"], re.IGNORECASE)
    assert prefiltered.candidates("nothing") == (0,)
    assert prefiltered.search("a #1 clinic").group() == "#1"


def test_an_anchor_later_in_a_phrase_finds_the_phrase():
    terms = claims.Terms(["the best", "results * guaranteed", "*free"], fold)
    words = ["we", "are", "the", "best", "and", "results", "are", "guaranteed"]
    assert [phrase for _s, _e, phrase in terms.find(words)] == [
        "the best",
        "results * guaranteed",
    ]
    # A phrase of suffix words has no anchor: every sentence is read.
    assert [phrase for _s, _e, phrase in terms.find(["pain-free"])] == ["*free"]
    assert terms.find(["the", "clinic", "is", "open"]) == []


def test_a_page_of_plain_sentences_then_a_claim_is_still_caught():
    """The remembered words that are no anchor do not hide a later claim."""
    config = get_config()
    plain = PageContent(
        title="T",
        passages=[Passage("We treat children. We treat adults.", "body[1]")],
    )
    assert not claims.analyse(plain, config)[claims.GUARANTEE]
    claim = PageContent(
        title="T",
        passages=[Passage("We treat children with guaranteed results.", "body[1]")],
    )
    assert claims.analyse(claim, config)[claims.GUARANTEE]
