"""SEO checks, the registry, the runner and the score.

Most tests build a ``PageContent`` by hand (no database): a page that passes
every check, changed in one way per test.
"""

from dataclasses import replace
from datetime import date

import pytest

from clinic.models import ClinicSettings
from seo.checks import CHECKS, GROUPS, CheckResult, run_checks, score
from seo.checks import seo as checks
from seo.config import get_config
from seo.content import Heading, Image, Link, PageContent, extract
from seo.findings import ERROR, INFO, WARNING, Finding

CONFIG = get_config()
FILLER = (
    "Families ask how the treatment works, how long it takes, and what "
    "changes they can expect at home after the first sessions. "
)  # 22 words


def good_page(**changes):
    """A page that passes every SEO check; ``changes`` break it."""
    paragraphs = [
        "Stem cell therapy can help children with cerebral palsy move more freely.",
        *[FILLER] * 13,
        "Ask our doctors whether stem cell therapy suits your child.",
    ]
    content = PageContent(
        title="Stem Cell Therapy for Cerebral Palsy",
        seo_title="Stem Cell Therapy for Cerebral Palsy in Istanbul",
        description=(
            "Stem cell therapy for cerebral palsy: how it works, who it can help, "
            "what families can expect, and how our doctors plan each child's care."
        ),
        slug="stem-cell-therapy-for-cerebral-palsy",
        keyphrase="stem cell therapy",
        headings=[
            Heading(1, "Stem Cell Therapy for Cerebral Palsy", "title"),
            Heading(2, "How stem cell therapy works", "body[0] (heading)"),
            Heading(3, "Who can be treated", "body[2] (heading)"),
            Heading(2, "Frequently asked questions", "body[4] (heading)"),
        ],
        paragraphs=paragraphs,
        images=[Image("A child walking with a physiotherapist", "body[1] (image)")],
        links=[
            Link("page:4", "Treatments", True, "body[3] (paragraph)", 4),
            Link("https://pubmed.ncbi.nlm.nih.gov/1/", "A study", False, "body[5]"),
        ],
    )
    return replace(content, **changes)


def only(findings, check):
    """The single finding, after checking it belongs to ``check``."""
    (finding,) = findings
    assert finding.check == check
    return finding


def test_the_good_page_passes_every_seo_check():
    for result in run_checks(good_page(), CONFIG):
        if result.group == "seo":
            assert result.findings == (), result.name
            assert result.status == "good"


# Title


def test_title_that_fits_passes_with_its_width():
    findings, summary = checks.check_title_length(good_page(), CONFIG)
    assert findings == []
    assert summary.startswith("The title fits: ")
    assert summary.endswith(" of 600 px.")


def test_empty_title_is_a_problem():
    findings, _ = checks.check_title_length(good_page(seo_title="  "), CONFIG)
    finding = only(findings, "title_length")
    assert finding.severity == ERROR
    assert finding.message.startswith("The page has no SEO title. Add one")
    assert finding.target == "seo_title"


def test_title_width_is_measured_in_pixels_not_characters():
    narrow = good_page(seo_title="i" * 60)
    wide = good_page(seo_title="W" * 60)
    assert checks.check_title_length(narrow, CONFIG)[0] == []
    finding = only(checks.check_title_length(wide, CONFIG)[0], "title_length")
    assert finding.severity == WARNING
    assert "px wide; results pages cut it at about 600 px" in finding.message
    assert "Shorten it" in finding.message


def test_wide_title_message_shows_where_it_is_cut():
    title = "Stem Cell Therapy for Cerebral Palsy | Regenerative Medicine Clinic"
    finding = only(
        checks.check_title_length(good_page(seo_title=title), CONFIG)[0],
        "title_length",
    )
    assert (
        "showing “Stem Cell Therapy for Cerebral Palsy | Regenerative Medicine …”"
        in (finding.message)
    )


def test_short_title_is_a_warning():
    finding = only(
        checks.check_title_length(good_page(seo_title="Stem cells"), CONFIG)[0],
        "title_length",
    )
    assert finding.severity == WARNING
    assert finding.message.startswith(
        "The SEO title has 10 characters. Use at least 30"
    )


def test_title_limit_comes_from_the_config():
    findings, _ = checks.check_title_length(good_page(), get_config(TITLE_MAX_PX=300))
    assert only(findings, "title_length").severity == WARNING


# Description


def test_description_in_range_passes():
    findings, summary = checks.check_description_length(good_page(), CONFIG)
    assert findings == []
    assert summary == "The meta description has 138 characters (120–160)."


def test_missing_description_is_an_error():
    findings, _ = checks.check_description_length(good_page(description=""), CONFIG)
    finding = only(findings, "description_length")
    assert finding.severity == ERROR
    assert finding.message.startswith("The page has no meta description. Write 120–160")
    assert finding.target == "search_description"


def test_short_description_is_a_warning():
    findings, _ = checks.check_description_length(
        good_page(description="Stem cell therapy."), CONFIG
    )
    finding = only(findings, "description_length")
    assert finding.severity == WARNING
    assert finding.message.startswith("The meta description has 18 characters.")
    assert "Write at least 120" in finding.message


def test_long_description_is_a_warning():
    findings, _ = checks.check_description_length(
        good_page(description="word " * 40), CONFIG
    )
    finding = only(findings, "description_length")
    assert finding.severity == WARNING
    assert "199 characters and will be cut off. Shorten it to 160" in finding.message


# Keyphrase


def test_keyphrase_checks_run_only_when_a_keyphrase_is_set():
    names = {result.name for result in run_checks(good_page(keyphrase=""), CONFIG)}
    assert not names & {"keyphrase_length", "keyphrase_placement", "keyphrase_density"}
    names = {result.name for result in run_checks(good_page(), CONFIG)}
    assert {"keyphrase_length", "keyphrase_placement", "keyphrase_density"} <= names


def test_long_keyphrase_is_a_warning():
    content = good_page(keyphrase="best stem cell therapy clinic istanbul")
    finding = only(
        checks.check_keyphrase_length(content, CONFIG)[0], "keyphrase_length"
    )
    assert finding.severity == WARNING
    assert finding.message.startswith("The focus keyphrase has 6 words. Use at most 4")
    assert checks.check_keyphrase_length(good_page(), CONFIG)[0] == []


def test_keyphrase_in_every_place_passes():
    assert checks.check_keyphrase_placement(good_page(), CONFIG)[0] == []


def test_missing_keyphrase_gives_one_finding_per_place():
    content = good_page(keyphrase="exosome")
    findings, _ = checks.check_keyphrase_placement(content, CONFIG)
    assert [f.target for f in findings] == [
        "seo_title",
        "search_description",
        "slug",
        "first paragraph",
        "subheadings",
    ]
    assert {(f.check, f.severity) for f in findings} == {
        ("keyphrase_placement", WARNING)
    }
    assert findings[0].message == (
        "The focus keyphrase “exosome” is not in the SEO title. Use it there, in a "
        "natural sentence."
    )
    assert "Put it in the slug" in findings[2].message


def test_keyphrase_is_compared_with_the_slug_slugified():
    content = good_page(keyphrase="Stem Cell Therapy", slug="stem-cell-therapy-cp")
    assert checks.in_slug(content.keyphrase, content.slug)
    assert not checks.in_slug("stem cell therapy", "stem-cells-therapy")
    assert not checks.in_slug("cell", "stem-cells")


def test_keyphrase_in_too_few_subheadings_is_a_warning():
    headings = [
        Heading(1, "Stem Cell Therapy for Cerebral Palsy", "title"),
        Heading(2, "How stem cell therapy works", "body[0]"),
        Heading(2, "Who can be treated", "body[1]"),
        Heading(3, "Costs", "body[2]"),
        Heading(2, "Questions", "body[3]"),
    ]
    findings, _ = checks.check_keyphrase_placement(good_page(headings=headings), CONFIG)
    finding = only(findings, "keyphrase_placement")
    assert finding.target == "subheadings"
    assert "is in 25% of the 4 h2/h3 subheadings" in finding.message
    assert "Use it in at least 30% of them." in finding.message
    headings[2] = Heading(2, "Who stem cell therapy can help", "body[1]")
    assert (
        checks.check_keyphrase_placement(good_page(headings=headings), CONFIG)[0] == []
    )


def test_keyphrase_matches_whole_words_case_and_accent_insensitively():
    assert checks.occurrences("Stem Cell", "STEM CELL and stem-cell") == 2
    assert checks.occurrences("Özek", "Prof. Dr. Erdinc Ozek") == 1
    assert checks.occurrences("cell", "cellular cells") == 0


def test_keyphrase_density_is_computed_from_the_formula():
    content = good_page(
        keyphrase="stem cell", paragraphs=["stem cell " * 3 + "word " * 194]
    )
    density, found, total = checks.keyphrase_density(content)
    assert (found, total) == (3, 200)
    assert density == pytest.approx(3 * 2 / 200 * 100)


def test_keyphrase_density_in_range_passes():
    findings, summary = checks.check_keyphrase_density(good_page(), CONFIG)
    assert findings == []
    assert summary.startswith("The focus keyphrase appears 2 times in 308 words")


def test_low_keyphrase_density_is_a_warning():
    content = good_page(paragraphs=["stem cell therapy " + "word " * 997])
    finding = only(
        checks.check_keyphrase_density(content, CONFIG)[0], "keyphrase_density"
    )
    assert finding.severity == WARNING
    assert "appears 1 time in 1000 words (0.3%)" in finding.message
    assert "Use it a few more times where it fits, aiming for 0.5–3.0%" in (
        finding.message
    )


def test_high_keyphrase_density_is_a_warning():
    content = good_page(paragraphs=["stem cell therapy works " * 50])
    finding = only(
        checks.check_keyphrase_density(content, CONFIG)[0], "keyphrase_density"
    )
    assert finding.severity == WARNING
    assert "(75.0%), which reads as keyword stuffing" in finding.message
    assert "Use it less often or use synonyms" in finding.message


# Turkish: dotted İ/i and dotless I/ı are different letters.


def test_turkish_folding_of_dotted_and_dotless_i():
    assert checks.fold("İstanbul", "tr") == "istanbul"
    assert checks.fold("ISPARTA", "tr") == "ısparta"
    assert checks.fold("IŞIK", "tr") == "ısık"
    assert checks.fold("İstanbul", "en") == "istanbul"
    assert checks.fold("ISPARTA", "en") == "isparta"


def test_turkish_keyphrase_matches_capital_dotted_i():
    content = good_page(
        language="tr",
        keyphrase="istanbul",
        seo_title="İstanbul'da kök hücre tedavisi ve serebral palsi",
    )
    findings, _ = checks.check_keyphrase_placement(content, CONFIG)
    assert "seo_title" not in [f.target for f in findings]


def test_turkish_capital_dotless_i_is_not_the_dotted_i():
    content = good_page(
        language="tr", keyphrase="istanbul", seo_title="ISTANBUL KÖK HÜCRE MERKEZİ"
    )
    findings, _ = checks.check_keyphrase_placement(content, CONFIG)
    assert "seo_title" in [f.target for f in findings]
    assert checks.occurrences("ıstanbul", "ISTANBUL", "tr") == 1
    assert checks.occurrences("istanbul", "ISTANBUL", "en") == 1


def test_turkish_keyphrase_is_found_in_a_transliterated_slug():
    assert checks.in_slug("Işık tedavisi", "isik-tedavisi", "tr")
    assert checks.in_slug("İstanbul", "istanbul-klinik", "tr")


# Headings


def test_one_h1_passes():
    findings, summary = checks.check_single_h1(good_page(), CONFIG)
    assert findings == []
    assert summary == "One h1 heading: “Stem Cell Therapy for Cerebral Palsy”."


def test_no_h1_is_an_error():
    content = good_page(headings=[Heading(2, "Intro", "body[0]")])
    finding = only(checks.check_single_h1(content, CONFIG)[0], "single_h1")
    assert finding.severity == ERROR
    assert finding.message == (
        "The page has no h1 heading. Give the page a title: it is the h1."
    )


def test_two_h1s_are_an_error_naming_the_extra_one():
    headings = [*good_page().headings, Heading(1, "Another title", "body[9] (heading)")]
    finding = only(
        checks.check_single_h1(good_page(headings=headings), CONFIG)[0], "single_h1"
    )
    assert finding.severity == ERROR
    assert finding.target == "body[9] (heading)"
    assert "Keep the page title as the only h1 and make the others h2." in (
        finding.message
    )


def test_headings_in_order_pass():
    headings = [
        Heading(1, "Title", "title"),
        Heading(2, "A", "a"),
        Heading(3, "B", "b"),
        Heading(4, "C", "c"),
        Heading(2, "D", "d"),
    ]
    assert checks.check_heading_order(good_page(headings=headings), CONFIG)[0] == []


def test_each_skipped_heading_level_is_a_warning_naming_the_heading():
    headings = [
        Heading(1, "Title", "title"),
        Heading(2, "Symptoms", "body[0] (heading)"),
        Heading(4, "Case A", "body[3] (case_study)"),
        Heading(2, "FAQ", "body[5] (heading)"),
        Heading(4, "Case B", "body[6] (case_study)"),
    ]
    findings, _ = checks.check_heading_order(good_page(headings=headings), CONFIG)
    assert [(f.check, f.severity, f.target) for f in findings] == [
        ("heading_order", WARNING, "body[3] (case_study)"),
        ("heading_order", WARNING, "body[6] (case_study)"),
    ]
    assert findings[0].message == (
        "The h4 “Case A” follows an h2, skipping a level. Make it an h3, or add an "
        "h3 above it."
    )


# Images


def test_descriptive_alt_text_passes():
    findings, summary = checks.check_image_alt(good_page(), CONFIG)
    assert findings == []
    assert summary == "1 image, all with descriptive alt text."
    assert checks.check_image_alt(good_page(images=[]), CONFIG) == (
        [],
        "No images on the page.",
    )


def test_each_image_without_alt_is_an_error():
    images = [Image("", "body[1] (image)"), Image("  ", "body[7] (image)")]
    findings, _ = checks.check_image_alt(good_page(images=images), CONFIG)
    assert [(f.check, f.severity, f.target) for f in findings] == [
        ("image_alt", ERROR, "body[1] (image)"),
        ("image_alt", ERROR, "body[7] (image)"),
    ]
    assert "has no alt text. Describe what it shows" in findings[0].message


@pytest.mark.parametrize(
    "alt", ["image", "Photo", "picture.", "IMG_1234.jpg", "DSC01234", "hero-banner.png"]
)
def test_generic_alt_text_is_a_warning(alt):
    content = good_page(images=[Image(alt, "body[1] (image)")])
    finding = only(checks.check_image_alt(content, CONFIG)[0], "image_alt")
    assert finding.severity == WARNING
    assert finding.message == (
        f"The alt text “{alt}” says nothing about the image. Describe what the "
        "image shows."
    )


def test_alt_text_naming_a_picture_of_something_is_not_generic():
    assert not checks.is_generic_alt("Photo of Prof. Dr. Özek with a patient")


def test_long_alt_text_is_a_warning():
    content = good_page(images=[Image("A child " * 20, "body[1] (image)")])
    finding = only(checks.check_image_alt(content, CONFIG)[0], "image_alt")
    assert finding.severity == WARNING
    assert "has 159 characters. Keep it under 125" in finding.message


# Links


def test_internal_and_outbound_links_pass():
    findings, summary = checks.check_links(good_page(), CONFIG)
    assert findings == []
    assert summary == "Links: 1 internal, 1 outbound."


def test_no_links_gives_two_warnings():
    findings, _ = checks.check_links(good_page(links=[]), CONFIG)
    assert [(f.check, f.severity) for f in findings] == [("links", WARNING)] * 2
    assert findings[0].message.startswith("The page links to no other page on this")
    assert findings[1].message.startswith("The page links to no other website.")


def test_mailto_and_tel_links_are_not_outbound():
    links = [
        Link("/contact/", "Contact", True, "body[0]"),
        Link("mailto:info@example.com", "Mail us", False, "body[0]"),
        Link("tel:+90212000000", "Call us", False, "body[0]"),
    ]
    finding = only(checks.check_links(good_page(links=links), CONFIG)[0], "links")
    assert "no other website" in finding.message


# Text length


def test_enough_words_pass():
    findings, summary = checks.check_text_length(good_page(), CONFIG)
    assert findings == []
    assert summary == "The text has 308 words."


@pytest.mark.parametrize(("count", "severity"), [(299, WARNING), (150, WARNING)])
def test_short_text_is_a_warning(count, severity):
    content = good_page(paragraphs=["word " * count])
    finding = only(checks.check_text_length(content, CONFIG)[0], "text_length")
    assert finding.severity == severity
    assert finding.message == (
        f"The text has {count} words. Write at least 300 that answer patients' "
        "questions about the treatment."
    )


def test_text_under_half_the_minimum_is_an_error():
    content = good_page(paragraphs=["word " * 149])
    finding = only(checks.check_text_length(content, CONFIG)[0], "text_length")
    assert finding.severity == ERROR


# The registry, the runner and the score


def broken_medical_page():
    """A page on which as many checks as possible find something."""
    return PageContent(
        title="",
        keyphrase="one two three four five",
        headings=[Heading(2, "A", "a"), Heading(4, "B", "b")],
        paragraphs=["Short. " + "word " * 160],
        images=[Image("", "img")],
        language="en",
        is_medical=True,
        references=[{"title": "Home", "url": "https://example.org/", "target": "r"}],
        case_studies=[{"label": "Case A", "anonymised": False, "target": "c"}],
        faq=[{"question": "Q?", "answer": "", "target": "f"}],
    )


def test_every_finding_is_named_after_its_check():
    results = run_checks(broken_medical_page(), CONFIG, today=date(2026, 1, 1))
    # The page breaks every SEO, readability and trust rule; it makes no claims.
    assert all(result.findings for result in results if result.group != "claims")
    for result in results:
        if result.findings:
            assert {finding.check for finding in result.findings} == {result.name}


def test_registry_names_are_unique_and_groups_known():
    names = [check.name for check in CHECKS]
    assert len(names) == len(set(names))
    assert {check.group for check in CHECKS} == set(GROUPS)


def test_run_checks_runs_the_applicable_checks_in_a_fixed_order():
    results = run_checks(good_page(keyphrase=""), CONFIG)
    assert [result.name for result in results] == [
        "title_length",
        "description_length",
        "single_h1",
        "heading_order",
        "image_alt",
        "links",
        "text_length",
        "flesch_reading_ease",
        "sentence_length",
        "paragraph_length",
        "transition_words",
        # Claims checks run on every page (the required notice only on Turkish
        # medical pages).
        "claims.guarantee",
        "claims.statistic_uncited",
        "claims.safety_uncited",
        "claims.superlative",
        "claims.case_identifiable",
        "claims.before_after",
        "claims.testimonial",
        "claims.price_offer",
    ]
    assert all(isinstance(result, CheckResult) for result in results)


def test_results_carry_label_group_status_and_summary():
    results = run_checks(good_page(description=""), CONFIG)
    result = next(r for r in results if r.name == "description_length")
    assert (result.label, result.group, result.status) == (
        "Meta description length",
        "seo",
        "problem",
    )
    assert isinstance(result.findings, tuple)
    assert result.summary == "No meta description."


def test_run_checks_reads_the_configured_thresholds(settings):
    content = good_page(paragraphs=["Stem cell therapy works. " * 10])
    settings.SEO_CHECKS = {**settings.SEO_CHECKS, "MIN_WORDS": 40}
    result = next(r for r in run_checks(content) if r.name == "text_length")
    assert result.status == "good"
    settings.SEO_CHECKS = {**settings.SEO_CHECKS, "MIN_WORDS": 41}
    result = next(r for r in run_checks(content) if r.name == "text_length")
    assert result.status == "improve"


def _result(*severities):
    findings = tuple(Finding("x", severity, "m") for severity in severities)
    return CheckResult("x", "X", "seo", "good", findings, "")


def test_score_takes_15_per_error_and_5_per_warning():
    assert score([]) == 100
    assert score([_result(INFO, INFO)]) == 100
    assert score([_result(ERROR, WARNING), _result(ERROR, INFO)]) == 65


def test_score_is_never_below_zero():
    assert score([_result(*[ERROR] * 7)]) == 0


def test_seed_page_title_fits_and_has_one_h1(demo):
    content = extract(demo, ClinicSettings.for_site(demo.get_site()))
    results = {result.name: result for result in run_checks(content)}
    assert results["title_length"].findings == ()
    assert results["title_length"].summary.endswith(" of 600 px.")
    assert results["single_h1"].status == "good"
    assert [h.level for h in content.headings].count(1) == 1
    assert results["heading_order"].findings == ()
