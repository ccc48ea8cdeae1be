"""Readability checks on English text: Flesch reading ease, sentence and
paragraph length, transition words; the language rules (Turkish in
``test_checks_turkish.py``)."""

import pytest
from django.utils import translation

from clinic.models import ClinicSettings
from seo.checks import readability, run_checks
from seo.config import get_config
from seo.content import PageContent, extract
from seo.findings import INFO, WARNING

CONFIG = get_config()


@pytest.fixture(autouse=True)
def _english_messages():
    """The messages are asserted in English: an earlier test's request may
    leave another language active in this thread."""
    with translation.override("en"):
        yield


EASY = "The cat sat on the mat."  # 6 words, 6 syllables
LONG = (
    "Mesenchymal stem cells regulate the immune system, and when they reach the "
    "damaged area of the brain they reduce inflammation by secreting cytokines."
)  # 24 words


def page(*paragraphs, language="en"):
    return PageContent(title="T", paragraphs=list(paragraphs), language=language)


def only(findings, check):
    (finding,) = findings
    assert finding.check == check
    return finding


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("cat", 1),
        ("the", 1),
        ("make", 1),
        ("table", 2),
        ("whole", 1),
        ("agree", 2),
        ("stopped", 1),
        ("wanted", 2),
        ("makes", 1),
        ("boxes", 2),
        ("changes", 2),
        ("therapy", 3),
        ("cerebral", 3),
        ("non-progressive", 4),
        ("patient's", 2),
        ("2.5", 1),
        ("CP", 1),
    ],
)
def test_syllable_counter(word, count):
    assert readability.syllables(word) == count


def test_sentences_survive_titles_abbreviations_and_decimals():
    text = (
        "Prof. Dr. Erdinç Özek reviewed the page. The dose is 2.5 ml per kg, "
        "e.g. Twice a week. Is it safe? Yes! J. Smith et al. Found no harm."
    )
    assert readability.sentences(text) == [
        "Prof. Dr. Erdinç Özek reviewed the page.",
        "The dose is 2.5 ml per kg, e.g. Twice a week.",
        "Is it safe?",
        "Yes!",
        "J. Smith et al. Found no harm.",
    ]


def test_a_full_stop_before_a_lower_case_word_does_not_end_a_sentence():
    assert readability.sentences("It takes approx. five days. Then rest.") == [
        "It takes approx. five days.",
        "Then rest.",
    ]


def test_a_sentence_never_spans_paragraphs():
    content = page("Symptoms", "Stiff muscles are common.")
    findings, summary = readability.check_sentence_length(content, CONFIG)
    assert summary == "0 of 2 sentences (0%) are longer than 20 words."


def test_flesch_reading_ease_follows_the_formula():
    score = readability.flesch_reading_ease([EASY])
    assert score == pytest.approx(206.835 - 1.015 * 6 / 1 - 84.6 * 6 / 6)
    two = readability.flesch_reading_ease([EASY, "Dogs ran."])
    assert two == pytest.approx(206.835 - 1.015 * 8 / 2 - 84.6 * 8 / 8)
    assert readability.flesch_reading_ease([]) is None


def test_easy_text_is_good():
    findings, summary = readability.check_flesch_reading_ease(page(EASY), CONFIG)
    assert findings == []
    assert summary == "Flesch reading ease is 116 (good from 60)."


def test_fairly_difficult_text_is_a_warning():
    config = get_config(FLESCH_GOOD=120, FLESCH_FAIR=110)
    findings, _ = readability.check_flesch_reading_ease(page(EASY), config)
    finding = only(findings, "flesch_reading_ease")
    assert finding.severity == WARNING
    assert finding.message == (
        "Flesch reading ease is 116: fairly difficult. Use shorter sentences and "
        "everyday words to reach 120."
    )


def test_hard_text_is_a_warning_with_a_stronger_message():
    findings, _ = readability.check_flesch_reading_ease(page(LONG), CONFIG)
    finding = only(findings, "flesch_reading_ease")
    assert finding.severity == WARNING
    assert finding.message.startswith("Flesch reading ease is ")
    assert "hard to read for most patients. Split long sentences" in finding.message
    assert readability.flesch_reading_ease([LONG]) < CONFIG.FLESCH_FAIR


def test_no_text_has_no_score_and_no_finding():
    assert readability.check_flesch_reading_ease(page(), CONFIG) == (
        [],
        "There is no text to score yet.",
    )


def test_few_long_sentences_pass():
    content = page(LONG, EASY, EASY, EASY)
    findings, summary = readability.check_sentence_length(content, CONFIG)
    assert findings == []
    assert summary == "1 of 4 sentences (25%) are longer than 20 words."


def test_too_many_long_sentences_is_a_warning_quoting_the_longest():
    longest = "Stem cell therapy " + "really " * 25 + "helps."
    content = page(LONG, EASY, longest, EASY)
    finding = only(
        readability.check_sentence_length(content, CONFIG)[0], "sentence_length"
    )
    assert finding.severity == WARNING
    assert finding.message == (
        "2 of 4 sentences (50%) are longer than 20 words; keep that to 25% or less. "
        "Split sentences longer than 20 words, starting with the longest (29 "
        "words): “Stem cell therapy really really really really really…”"
    )


def test_a_paragraph_at_the_limit_passes():
    content = page("word " * 150)
    assert readability.check_paragraph_length(content, CONFIG) == (
        [],
        "Every paragraph has at most 150 words.",
    )


def test_each_long_paragraph_is_a_warning_quoting_its_start():
    content = page(EASY, "Long paragraph " + "word " * 150, EASY, "word " * 151)
    findings, _ = readability.check_paragraph_length(content, CONFIG)
    assert [(f.check, f.severity, f.target) for f in findings] == [
        ("paragraph_length", WARNING, "paragraph 2"),
        ("paragraph_length", WARNING, "paragraph 4"),
    ]
    assert findings[0].message == (
        "A paragraph has 152 words. Split it into paragraphs of at most 150 "
        "words, one idea each. It starts: “Long paragraph word word word word "
        "word word…”"
    )


def test_other_languages_get_paragraph_length_and_one_info_finding():
    content = page("تساعد العلاجات الطبيعية الأطفال على المشي.", language="ar")
    results = {
        r.name: r for r in run_checks(content, CONFIG) if r.group == "readability"
    }
    assert list(results) == ["paragraph_length", "readability_language"]
    result = results["readability_language"]
    assert result.status == "good"
    finding = only(result.findings, "readability_language")
    assert finding.severity == INFO
    assert finding.message == (
        "Readability scores are computed for English and Turkish text only; this "
        "page's language has only the paragraph length check."
    )


def test_english_pages_get_the_english_checks():
    names = [r.name for r in run_checks(page(EASY), CONFIG) if r.group == "readability"]
    assert names == [
        "flesch_reading_ease",
        "sentence_length",
        "paragraph_length",
        "transition_words",
    ]


def test_a_regional_english_locale_gets_the_english_checks():
    content = page(EASY, language="en-GB")
    names = [r.name for r in run_checks(content, CONFIG) if r.group == "readability"]
    assert "flesch_reading_ease" in names
    assert "atesman_readability" not in names


def test_english_transition_words_are_counted_per_sentence():
    content = page(
        "However, the therapy is new. For example, it uses cells. Cells grow. "
        "Doctors watch them. As a result, children move more."
    )
    findings, summary = readability.check_transition_words(content, CONFIG)
    assert findings == []
    assert summary == "3 of 5 sentences (60%) contain a transition word."


def test_few_english_transition_words_is_a_warning():
    content = page("Cells grow. Doctors watch them. Children move. So we wait.")
    findings, summary = readability.check_transition_words(content, CONFIG)
    finding = only(findings, "transition_words")
    assert finding.severity == WARNING
    assert finding.message.startswith(
        "1 of 4 sentences (25%) contain a transition word. Link at least 30% of "
        "your sentences"
    )


def test_transition_words_match_whole_words_only():
    # "so" is a transition word; "also" is one too, but "sofa" and "absolutely"
    # contain neither as a word.
    assert readability.has_transition_word("So it works.", "en")
    assert not readability.has_transition_word("The sofa is absolutely soft.", "en")
    assert readability.has_transition_word("On the  other\nhand, rest.", "en")


def test_readability_is_never_an_error():
    content = page(LONG * 10, LONG, "word " * 400)
    results = [r for r in run_checks(content, CONFIG) if r.group == "readability"]
    severities = {f.severity for r in results for f in r.findings}
    assert severities == {WARNING}


def test_seed_page_flesch_score_is_computed(demo):
    content = extract(demo, ClinicSettings.for_site(demo.get_site()))
    score = readability.flesch_reading_ease(content.paragraphs)
    assert isinstance(score, float)
    assert 0 < score < 100
    results = {r.name: r for r in run_checks(content) if r.group == "readability"}
    assert set(results) == {
        "flesch_reading_ease",
        "sentence_length",
        "paragraph_length",
        "transition_words",
    }
    assert results["flesch_reading_ease"].summary == (
        f"Flesch reading ease is {score:.0f} (good from 60)."
    )
    assert {f.severity for r in results.values() for f in r.findings} <= {WARNING}
