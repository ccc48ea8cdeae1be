"""Trust checks for medical pages: reviewer, review date, sources, disclaimer."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.utils import timezone

from clinic.models import ClinicSettings
from seo.checks import run_checks
from seo.checks import trust as checks
from seo.config import get_config
from seo.content import PageContent, extract
from seo.findings import ERROR, INFO, WARNING

CONFIG = get_config()
TODAY = date(2026, 6, 1)
PUBMED = {
    "title": "Mesenchymal Stem Cell Therapy in Cerebral Palsy: A Meta-Analysis",
    "url": "https://pubmed.ncbi.nlm.nih.gov/31515568/",
    "pubmed_id": "",
    "doi": "",
    "target": "body[42] (references) reference 1",
}
LANCET = {
    "title": "Advances in Stem Cell Therapies for Pediatric Brain Injuries",
    "url": "https://www.thelancet.com/journals/laneur/home",
    "pubmed_id": "",
    "doi": "",
    "target": "body[42] (references) reference 2",
}
FRONTIERS = {
    "title": "Exosomes as a Novel Therapeutic Approach for Cerebral Palsy",
    "url": "https://www.frontiersin.org/articles/10.3389/fneur.2020.00079/full",
    "pubmed_id": "",
    "doi": "",
    "target": "body[42] (references) reference 3",
}


def medical_page(**changes):
    """A medical page that passes every trust check; ``changes`` break it."""
    content = PageContent(
        title="Stem Cell Therapy for Cerebral Palsy",
        is_medical=True,
        reviewer="Prof. Dr. Erdinç Özek",
        last_reviewed=date(2026, 3, 1),
        references=[PUBMED, FRONTIERS],
        disclaimer="This page gives general information.",
        case_studies=[{"label": "Case A", "anonymised": True, "target": "body[37]"}],
    )
    return replace(content, **changes)


def only(findings, check):
    (finding,) = findings
    assert finding.check == check
    return finding


def test_the_good_page_passes_every_trust_check():
    results = run_checks(medical_page(), CONFIG, today=TODAY)
    trust = [r for r in results if r.group == "trust"]
    assert [r.name for r in trust] == [
        "medical_reviewer",
        "review_date",
        "reference_count",
        "reference_specificity",
        "disclaimer",
        "case_anonymised",
        "faq_answers",
    ]
    assert all(r.findings == () and r.status == "good" for r in trust)


def test_trust_checks_run_only_on_medical_pages():
    results = run_checks(medical_page(is_medical=False), CONFIG, today=TODAY)
    assert [r for r in results if r.group == "trust"] == []


def test_reviewer_set_passes():
    assert checks.check_medical_reviewer(medical_page(), CONFIG) == (
        [],
        "Reviewed by Prof. Dr. Erdinç Özek.",
    )


def test_missing_reviewer_is_an_error():
    findings, _ = checks.check_medical_reviewer(medical_page(reviewer=""), CONFIG)
    finding = only(findings, "medical_reviewer")
    assert finding.severity == ERROR
    assert finding.message.startswith("No medical reviewer is set. Choose the doctor")


def test_missing_review_date_is_an_error():
    content = medical_page(last_reviewed=None)
    finding = only(checks.check_review_date(content, CONFIG, TODAY)[0], "review_date")
    assert finding.severity == ERROR
    assert finding.message.startswith("The page has no last-reviewed date.")
    assert finding.target == "last_reviewed"


def test_review_within_the_limit_passes():
    content = medical_page(last_reviewed=TODAY - timedelta(days=365))
    findings, summary = checks.check_review_date(content, CONFIG, TODAY)
    assert findings == []
    assert summary == "Last reviewed on 01 June 2025 (365 days ago)."


def test_old_review_is_a_warning():
    content = medical_page(last_reviewed=TODAY - timedelta(days=366))
    finding = only(checks.check_review_date(content, CONFIG, TODAY)[0], "review_date")
    assert finding.severity == WARNING
    assert finding.message == (
        "The page was last reviewed 366 days ago (31 May 2025). Have it reviewed "
        "again (at least every 365 days) and update the date."
    )


def test_review_date_in_the_future_is_a_warning():
    content = medical_page(last_reviewed=TODAY + timedelta(days=3))
    finding = only(checks.check_review_date(content, CONFIG, TODAY)[0], "review_date")
    assert finding.severity == WARNING
    assert "is in the future. Enter the date the review actually" in finding.message


def test_review_date_defaults_to_the_local_date():
    today = timezone.localdate()
    recent = medical_page(last_reviewed=today)
    assert checks.check_review_date(recent, CONFIG)[0] == []
    old = medical_page(last_reviewed=today - timedelta(days=400))
    assert only(checks.check_review_date(old, CONFIG)[0], "review_date")


def test_run_checks_passes_today_to_the_review_date_check():
    content = medical_page(last_reviewed=date(2020, 1, 1))
    on_time = run_checks(content, CONFIG, today=date(2020, 6, 1))
    late = run_checks(content, CONFIG, today=date(2022, 6, 1))
    assert next(r for r in on_time if r.name == "review_date").status == "good"
    assert next(r for r in late if r.name == "review_date").status == "improve"


def test_too_few_references_is_a_warning():
    findings, _ = checks.check_reference_count(
        medical_page(references=[PUBMED]), CONFIG
    )
    finding = only(findings, "reference_count")
    assert finding.severity == WARNING
    assert finding.message == (
        "The page cites 1 reference. Add at least 2 studies or guidelines that "
        "back up what it says."
    )
    assert checks.check_reference_count(medical_page(), CONFIG)[0] == []


@pytest.mark.parametrize(
    ("url", "home"),
    [
        ("https://www.thelancet.com/journals/laneur/home", True),
        ("https://www.thelancet.com", True),
        ("https://www.thelancet.com/", True),
        ("https://example.org/index.html", True),
        ("https://example.org/journals", True),
        ("https://example.org/about/", True),
        ("https://pubmed.ncbi.nlm.nih.gov/31515568/", False),
        ("https://www.frontiersin.org/articles/10.3389/fneur.2020.00079/full", False),
        ("https://example.org/journals/neurology/article-123", False),
        ("https://example.org/guidelines", False),
    ],
)
def test_home_page_urls(url, home):
    assert checks.is_home_page(url) is home


def test_specific_references_pass():
    findings, summary = checks.check_reference_specificity(medical_page(), CONFIG)
    assert findings == []
    assert summary == "2 references, each to a specific article."


def test_a_reference_to_a_home_page_is_a_warning_naming_it():
    content = medical_page(references=[PUBMED, LANCET, FRONTIERS])
    findings, _ = checks.check_reference_specificity(content, CONFIG)
    finding = only(findings, "reference_specificity")
    assert finding.severity == WARNING
    assert finding.target == "body[42] (references) reference 2"
    assert finding.message == (
        "“Advances in Stem Cell Therapies for Pediatric Brain Injuries” links to a "
        "home page (https://www.thelancet.com/journals/laneur/home), not to the "
        "article. Link to the article itself, or add its PubMed ID or DOI."
    )


def test_a_pubmed_id_or_doi_makes_a_home_page_link_specific():
    with_pmid = {**LANCET, "pubmed_id": "31515568"}
    with_doi = {**LANCET, "doi": "10.1016/S1474-4422(20)30000-0"}
    content = medical_page(references=[with_pmid, with_doi])
    assert checks.check_reference_specificity(content, CONFIG)[0] == []


def test_a_reference_with_nothing_to_follow_is_a_warning():
    bare = {"title": "A textbook", "url": "", "target": "body[42] reference 4"}
    content = medical_page(references=[PUBMED, bare])
    finding = only(
        checks.check_reference_specificity(content, CONFIG)[0], "reference_specificity"
    )
    assert finding.message == (
        "“A textbook” has no link, PubMed ID or DOI. Add one so readers can find "
        "the study."
    )


def test_missing_disclaimer_is_an_error():
    findings, _ = checks.check_disclaimer(medical_page(disclaimer=""), CONFIG)
    finding = only(findings, "disclaimer")
    assert finding.severity == ERROR
    assert finding.message.startswith("No medical disclaimer is shown. Fill in")
    assert checks.check_disclaimer(medical_page(), CONFIG)[0] == []


def test_each_case_study_not_marked_anonymised_is_an_error():
    cases = [
        {"label": "Case A", "anonymised": False, "target": "body[37] (case_study)"},
        {"label": "Case B", "anonymised": True, "target": "body[38] (case_study)"},
        {"label": "Case C", "anonymised": False, "target": "body[39] (case_study)"},
    ]
    findings, _ = checks.check_case_anonymised(medical_page(case_studies=cases), CONFIG)
    assert [(f.check, f.severity, f.target) for f in findings] == [
        ("case_anonymised", ERROR, "body[37] (case_study)"),
        ("case_anonymised", ERROR, "body[39] (case_study)"),
    ]
    assert findings[0].message.startswith(
        "The case study “Case A” is not marked anonymised. Remove anything that "
        "could identify the patient"
    )


def test_each_empty_faq_answer_is_an_error():
    faq = [
        {"question": "Is it safe?", "answer": "Generally, yes.", "target": "q1"},
        {"question": "How long?", "answer": "  ", "target": "q2"},
    ]
    findings, summary = checks.check_faq_answers(medical_page(faq=faq), CONFIG)
    finding = only(findings, "faq_answers")
    assert (finding.severity, finding.target) == (ERROR, "q2")
    assert finding.message == (
        "The question “How long?” has no answer. Write the answer, or remove the "
        "question."
    )
    assert checks.check_faq_answers(medical_page(faq=faq[:1]), CONFIG)[0] == []


def test_a_page_with_faq_gets_the_rich_results_notice():
    faq = [{"question": "Is it safe?", "answer": "Generally, yes.", "target": "q1"}]
    results = run_checks(medical_page(faq=faq), CONFIG, today=TODAY)
    (result,) = [r for r in results if r.name == "faq_rich_results"]
    finding = only(result.findings, "faq_rich_results")
    assert finding.severity == INFO
    assert finding.message == (
        "Google no longer shows FAQ rich results (since May 2026); FAQPage data is "
        "still emitted."
    )
    assert result.status == "good"
    names = [r.name for r in run_checks(medical_page(), CONFIG, today=TODAY)]
    assert "faq_rich_results" not in names


def test_seed_page_trust(demo):
    content = extract(demo, ClinicSettings.for_site(demo.get_site()))
    results = {r.name: r for r in run_checks(content) if r.group == "trust"}
    targets = {ref["url"]: ref["target"] for ref in content.references}
    assert set(targets) == {PUBMED["url"], LANCET["url"], FRONTIERS["url"]}
    flagged = results["reference_specificity"].findings
    assert [f.target for f in flagged] == [targets[LANCET["url"]]]
    assert LANCET["url"] in flagged[0].message
    for name in ("medical_reviewer", "review_date", "disclaimer", "reference_count"):
        assert results[name].status == "good", name
    assert results["faq_rich_results"].findings[0].severity == INFO


def test_summaries_with_nothing_to_check():
    content = medical_page(references=[], case_studies=[], faq=[])
    assert checks.check_reference_specificity(content, CONFIG)[1] == (
        "No references to check."
    )
    assert checks.check_case_anonymised(content, CONFIG) == ([], "No case studies.")
    assert checks.check_faq_answers(content, CONFIG) == ([], "No FAQ questions.")
    one_case = medical_page()
    assert checks.check_case_anonymised(one_case, CONFIG)[1] == (
        "1 case study, all anonymised."
    )
