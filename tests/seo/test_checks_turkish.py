"""Turkish pages are judged by Turkish rules: Ateşman readability, Yoast's
Turkish sentence rule, the focus keyphrase through suffixes, Turkish
transition words; English rules never run on them, nor Turkish ones on English.

Every expected score is computed here from counted words, syllables (vowels)
and sentences, never from the function under test.
"""

import pytest
from django.utils import translation
from wagtail.models import Locale
from wagtail.rich_text import RichText

from clinic.models import ClinicSettings
from seo.checks import readability, run_checks
from seo.checks import seo as checks
from seo.config import get_config
from seo.content import Heading, PageContent, extract
from seo.findings import ERROR, WARNING

CONFIG = get_config()


@pytest.fixture(autouse=True)
def _english_messages():
    """The messages are asserted in English: an earlier test's request may
    leave another language active in this thread."""
    with translation.override("en"):
        yield


def atesman_by_hand(syllables, words, sentences):
    return 198.825 - 40.175 * syllables / words - 2.610 * words / sentences


def tr(*paragraphs, **fields):
    return PageContent(title="T", paragraphs=list(paragraphs), language="tr", **fields)


def only(findings, check):
    (finding,) = findings
    assert finding.check == check
    return finding


def readability_results(content):
    return {r.name: r for r in run_checks(content, CONFIG) if r.group == "readability"}


# "kapı" has 2 vowels, "masada" 3: a sentence of them has a known syllable count.
def sentence(two, three):
    """A sentence of ``two`` two-syllable and ``three`` three-syllable words."""
    return " ".join(["kapı"] * two + ["masada"] * three).capitalize() + "."


# Readability: Ateşman


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("çocuk", 2),
        ("İstanbul'da", 4),
        ("IŞIK", 2),
        ("ağaç", 2),
        ("tedavisinin", 5),
        ("kâğıt", 2),
        ("MR", 1),
        ("2025", 1),
    ],
)
def test_a_turkish_syllable_is_a_vowel(word, count):
    assert readability.turkish_syllables(word) == count


def test_atesman_score_of_a_known_text():
    # Çocuk(2) okula(3) gitti(2). Annesi(3) onu(2) bekledi(3).
    text = "Çocuk okula gitti. Annesi onu bekledi."
    expected = atesman_by_hand(syllables=15, words=6, sentences=2)
    assert readability.atesman([text]) == pytest.approx(expected)
    assert round(expected) == 91
    assert readability.atesman([]) is None


def test_atesman_weights_are_not_swapped():
    # One public implementation swaps 40.175 and 2.610: it would give
    # 198.825 - 2.610 * 3 - 40.175 * 12 = -291.1 for this text.
    text = sentence(0, 12)
    assert readability.atesman([text]) == pytest.approx(
        198.825 - 40.175 * 36 / 12 - 2.610 * 12 / 1
    )


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (153.4, "very easy"),
        (90, "very easy"),
        (89.6, "very easy"),  # rounds to 90
        (89.4, "easy"),
        (70, "easy"),
        (69, "medium"),
        (50, "medium"),
        (49, "difficult"),
        (30, "difficult"),
        (29, "very difficult"),
        (-12, "very difficult"),
    ],
)
def test_atesman_bands(score, band):
    assert readability.atesman_band(score) == band


@pytest.mark.parametrize(
    ("text", "syllables", "words", "band", "severity"),
    [
        ("Ev bu.", 2, 2, "very easy", None),
        (sentence(4, 4), 20, 8, "easy", None),
        (sentence(8, 8), 40, 16, "medium", None),
        (sentence(0, 12), 36, 12, "difficult", WARNING),
        (sentence(0, 30), 90, 30, "very difficult", WARNING),
    ],
)
def test_each_band_gives_its_finding(text, syllables, words, band, severity):
    expected = round(atesman_by_hand(syllables, words, 1))
    findings, summary = readability.check_atesman(tr(text), CONFIG)
    assert summary == (
        f"Ateşman readability is {expected}, {band} (good from {CONFIG.ATESMAN_GOOD})."
    )
    if severity is None:
        assert findings == []
    else:
        finding = only(findings, "atesman_readability")
        assert finding.severity == severity
        assert finding.message.startswith(f"Ateşman readability is {expected}: {band}")


def test_very_difficult_text_gets_the_stronger_advice():
    findings, _ = readability.check_atesman(tr(sentence(0, 30)), CONFIG)
    assert "Split long sentences" in findings[0].message
    findings, _ = readability.check_atesman(tr(sentence(0, 12)), CONFIG)
    assert "Use shorter sentences" in findings[0].message


def test_atesman_thresholds_come_from_the_config():
    config = get_config(ATESMAN_GOOD=80, ATESMAN_FAIR=60)
    findings, _ = readability.check_atesman(tr(sentence(4, 4)), config)  # 78, easy
    assert only(findings, "atesman_readability").severity == WARNING


# Sentence length: Yoast's Turkish rule (over 15 words is long)

SHORT = "Kök hücre tedavisi güvenli bir yöntemdir."  # 6 words
AT_LIMIT = " ".join(["kelime"] * 15) + "."  # 15 words: not long
LONG = (
    "Serebral palsili çocuklarda kök hücre tedavisi uzmanlar tarafından "
    "dikkatle planlanır ve her aşamada sonuçları düzenli olarak izlenir."
)  # 17 words


def test_the_long_sentence_is_seventeen_words():
    assert len(readability.words(LONG)) == 17
    assert len(readability.words(AT_LIMIT)) == 15


def test_a_sentence_of_fifteen_words_is_not_long():
    findings, summary = readability.check_sentence_length(
        tr(AT_LIMIT, AT_LIMIT), CONFIG
    )
    assert findings == []
    assert summary == "0 of 2 sentences (0%) are longer than 15 words."


def test_twenty_percent_long_sentences_is_good():
    content = tr(LONG, SHORT, SHORT, SHORT, SHORT)
    findings, summary = readability.check_sentence_length(content, CONFIG)
    assert findings == []
    assert summary == "1 of 5 sentences (20%) are longer than 15 words."


@pytest.mark.parametrize(
    ("long", "short", "share"),
    [(1, 3, 25), (2, 7, 22)],
)
def test_between_twenty_and_twenty_five_percent_is_a_warning(long, short, share):
    content = tr(*[LONG] * long, *[SHORT] * short)
    finding = only(
        readability.check_sentence_length(content, CONFIG)[0], "sentence_length"
    )
    assert finding.severity == WARNING
    assert finding.message.startswith(
        f"{long} of {long + short} sentences ({share}%) are longer than 15 words; "
        "keep that to 20% or less. Split sentences longer than 15 words, starting "
        "with the longest (17 words): “Serebral palsili"
    )


@pytest.mark.parametrize(("long", "short"), [(2, 5), (3, 7), (4, 0)])
def test_above_twenty_five_percent_is_a_problem(long, short):
    content = tr(*[LONG] * long, *[SHORT] * short)
    finding = only(
        readability.check_sentence_length(content, CONFIG)[0], "sentence_length"
    )
    assert finding.severity == ERROR


def test_turkish_abbreviations_do_not_end_a_sentence():
    text = "Doç. Dr. Ayşe Yılmaz ve Uzm. Dr. Ali Kaya sayfayı inceledi. Teşekkürler."
    assert readability.sentences(text) == [
        "Doç. Dr. Ayşe Yılmaz ve Uzm. Dr. Ali Kaya sayfayı inceledi.",
        "Teşekkürler.",
    ]


# Which rules run on which language

EIGHTEEN = (
    "Serebral palsili çocuklarda kök hücre tedavisi uzman doktorlar tarafından "
    "dikkatle planlanır ve her aşamada sonuçları düzenli olarak izlenir."
)  # 18 words: long in Turkish, not in English (over 20)
ENGLISH_NINETEEN = (
    "Stem cell therapy for children with cerebral palsy is planned with care and "
    "checked at every stage by doctors."
)  # 19 words


def test_turkish_text_gets_turkish_rules_and_no_english_ones():
    assert len(readability.words(EIGHTEEN)) == 18
    results = readability_results(tr(EIGHTEEN, EIGHTEEN, SHORT))
    assert list(results) == [
        "atesman_readability",
        "sentence_length",
        "paragraph_length",
        "transition_words",
    ]
    assert "flesch_reading_ease" not in results
    sentences = results["sentence_length"]
    assert sentences.summary == "2 of 3 sentences (67%) are longer than 15 words."
    assert sentences.status == "problem"
    # The English rule on the same text would find nothing: no sentence is
    # over 20 words.
    english_rule = readability.check_english_sentence_length(
        tr(EIGHTEEN, EIGHTEEN, SHORT), CONFIG
    )
    assert english_rule[0] == []


def test_english_text_gets_english_rules_and_no_turkish_ones():
    assert len(readability.words(ENGLISH_NINETEEN)) == 19
    content = PageContent(title="T", paragraphs=[ENGLISH_NINETEEN] * 3, language="en")
    results = readability_results(content)
    assert "atesman_readability" not in results
    assert "flesch_reading_ease" in results
    # 19-word sentences are long by the Turkish rule, not by the English one.
    assert results["sentence_length"].findings == ()
    assert results["sentence_length"].summary == (
        "0 of 3 sentences (0%) are longer than 20 words."
    )
    turkish_rule = readability.check_turkish_sentence_length(content, CONFIG)
    assert only(turkish_rule[0], "sentence_length").severity == ERROR


def test_a_regional_turkish_locale_gets_turkish_rules():
    results = readability_results(
        PageContent(title="T", paragraphs=[SHORT], language="tr-TR")
    )
    assert "atesman_readability" in results
    assert "flesch_reading_ease" not in results


# Transition words


def test_turkish_transition_words():
    content = tr(
        "Ancak tedavi uzun sürer. Örneğin altı ay gerekir. Hasta dinlenir. "
        "Bu nedenle sabır gerekir."
    )
    findings, summary = readability.check_transition_words(content, CONFIG)
    assert findings == []
    assert summary == "3 of 4 sentences (75%) contain a transition word."


@pytest.mark.parametrize(
    ("sentence_text", "has_one"),
    [
        ("ÖRNEĞİN iki hafta sürer.", True),
        ("BU NEDENLE dinlenmek gerekir.", True),
        ("Bununla birlikte sonuçlar umut verir.", True),
        ("Tedavi, buna rağmen sürdü.", True),
        ("Tedavinin amacı hareketi artırmaktır.", False),  # "amaç" is not "ama"
        ("Hastalar ancaktan söz etmez.", False),  # not a whole word
        ("Çocuk okula gitti.", False),
    ],
)
def test_turkish_transition_words_match_whole_words_in_any_case(sentence_text, has_one):
    assert readability.has_transition_word(sentence_text, "tr") is has_one


def test_few_turkish_transition_words_is_a_warning():
    content = tr("Hasta dinlenir. Doktor izler. Ancak sonuç yavaş gelir. Ev sakin.")
    finding = only(
        readability.check_transition_words(content, CONFIG)[0], "transition_words"
    )
    assert finding.severity == WARNING
    assert finding.message.startswith(
        "1 of 4 sentences (25%) contain a transition word. Link at least 30%"
    )


def test_english_transition_words_do_not_count_on_turkish_pages():
    content = tr("However tedavi sürer. For example ay geçer. Sonuç gelir.")
    _findings, summary = readability.check_transition_words(content, CONFIG)
    assert summary == "0 of 3 sentences (0%) contain a transition word."


# Focus keyphrase through Turkish suffixes

KEYPHRASE = "kök hücre tedavisi"


@pytest.mark.parametrize(
    "text",
    [
        "Kök hücre tedavisi",
        "kök hücre tedavisinin etkileri",
        "Kök hücre tedavisine başvuran aileler",
        "KÖK HÜCRE TEDAVİSİNDE",
        "kök hücre tedavisinden sonra",
        "kök hücre tedavileri",
        "kök hücre tedavisidir",
        "Kök hücre tedavisi'nin",
    ],
)
def test_keyphrase_is_found_through_suffixes(text):
    assert checks.occurrences(KEYPHRASE, text, "tr") == 1


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("kök hücre", "kök hücreleri"),
        ("kök hücre", "kök hücrelerin"),
        ("kök hücre", "kök hücreden"),
        ("çocuk", "çocuğunuz"),
        ("çocuk", "çocuklarda"),
        ("ilaç", "ilacı"),
        ("ışık tedavisi", "IŞIK TEDAVİSİ"),
        ("İstanbul", "istanbul'daki"),
        ("hasta", "hastaları"),
    ],
)
def test_keyphrase_words_match_inflected_forms(phrase, text):
    assert checks.occurrences(phrase, text, "tr") == 1


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("kök", "köken"),  # origin, not root
        ("hasta", "hastalık"),  # illness, not patient
        ("yara", "yaramaz"),  # naughty, not wound
        ("hücre", "hücresel"),  # cellular: a derived word
        ("su", "sun"),  # too short to carry a suffix
        ("kök hücre tedavisi", "kök hücre nakli ve tedavisi"),
        ("kök hücre tedavisi", "tedavisi kök hücre"),
        ("ışık", "işık"),  # the dotless and the dotted i differ
    ],
)
def test_keyphrase_does_not_match_unrelated_words(phrase, text):
    assert checks.occurrences(phrase, text, "tr") == 0


def test_english_keyphrases_still_match_exactly():
    assert checks.occurrences("stem cell", "stem cells", "en") == 0
    assert checks.occurrences("tedavi", "tedavisinin", "en") == 0


def test_turkish_keyphrase_placement_through_suffixes():
    content = tr(
        "Kök hücre tedavisinin serebral palsili çocuklara etkisi araştırılıyor.",
        keyphrase=KEYPHRASE,
        seo_title="Kök Hücre Tedavisinde Güncel Bilgiler",
        description="Serebral palside kök hücre tedavisine dair sorular.",
        slug="kok-hucre-tedavileri",
        headings=[
            Heading(2, "Kök hücre tedavisinin riskleri", "body[0]"),
            Heading(2, "Kimler kök hücre tedavisine uygun?", "body[1]"),
        ],
    )
    assert checks.check_keyphrase_placement(content, CONFIG)[0] == []


def test_turkish_keyphrase_placement_misses_unrelated_words():
    content = tr(
        "Kök hücrelerin kökeni üzerine bir yazı.",
        keyphrase=KEYPHRASE,
        seo_title="Hücresel tedaviler",
        description="Hücresel tedaviler hakkında.",
        slug="hucresel-tedaviler",
    )
    findings, _ = checks.check_keyphrase_placement(content, CONFIG)
    assert [f.target for f in findings] == [
        "seo_title",
        "search_description",
        "slug",
        "first paragraph",
    ]


def test_turkish_keyphrase_density_counts_inflected_forms():
    text = (
        "Kök hücre tedavisi yeni. Kök hücre tedavisinin sonuçları umut verir. "
        "Kök hücre tedavisine başvuru artıyor. Kök hücreler çoğalır."
    )
    content = tr(text, keyphrase=KEYPHRASE)
    density, found, total = checks.keyphrase_density(content)
    assert (found, total) == (3, 18)
    assert density == pytest.approx(3 * 3 / 18 * 100)


# The page's locale decides


def test_a_turkish_translation_is_judged_by_turkish_rules(demo):
    locale = Locale.objects.get(language_code="tr")
    translation_page = demo.get_translation_or_none(locale)
    if translation_page is None:
        translation_page = demo.copy_for_translation(locale, copy_parents=True)
    translation_page = translation_page.specific
    translation_page.body = [
        (
            "paragraph",
            RichText(
                "<p>Kök hücre tedavisi dikkatle planlanır. Ancak sabır ister.</p>"
            ),
        )
    ]
    translation_page.focus_keyphrase = KEYPHRASE
    translation_page.save_revision().publish()
    translation_page.refresh_from_db()

    content = extract(translation_page, ClinicSettings.for_site(demo.get_site()))
    assert content.language == "tr"
    results = {r.name: r for r in run_checks(content) if r.group == "readability"}
    assert "atesman_readability" in results
    assert "flesch_reading_ease" not in results

    english = extract(demo, ClinicSettings.for_site(demo.get_site()))
    english_results = {r.name for r in run_checks(english) if r.group == "readability"}
    assert "flesch_reading_ease" in english_results
    assert "atesman_readability" not in english_results
