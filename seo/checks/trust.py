"""Trust checks for medical pages: who reviewed it, when, on which sources.

Health content is judged on experience, expertise, authority and trust, so a
medical page must show its reviewer, a recent review date, specific sources
and the clinic's disclaimer, and must not identify patients.
"""

from urllib.parse import urlsplit

from django.template.defaultfilters import pluralize
from django.utils import timezone

from ..findings import ERROR, INFO, WARNING, Finding

MEDICAL_REVIEWER = "medical_reviewer"
REVIEW_DATE = "review_date"
REFERENCE_COUNT = "reference_count"
REFERENCE_SPECIFICITY = "reference_specificity"
DISCLAIMER = "disclaimer"
CASE_ANONYMISED = "case_anonymised"
FAQ_ANSWERS = "faq_answers"
FAQ_RICH_RESULTS = "faq_rich_results"

FAQ_NOTICE = (
    "Google no longer shows FAQ rich results (since May 2026); FAQPage data is "
    "still emitted."
)

# Path endings and last segments that mean "a journal's or site's front page".
HOME_ENDINGS = ("/home", "/index.html", "/index.htm", "/index.php", "/default.aspx")
GENERIC_SEGMENTS = {"home", "homepage", "index", "journals", "journal", "about"}


def check_medical_reviewer(content, config):
    """A named medical reviewer is set."""
    if not content.reviewer:
        message = (
            "No medical reviewer is set. Choose the doctor who checked this page, "
            "so readers (and search engines) can see who vouches for it."
        )
        finding = Finding(MEDICAL_REVIEWER, ERROR, message, "medical_reviewer")
        return [finding], "No medical reviewer."
    return [], f"Reviewed by {content.reviewer}."


def check_review_date(content, config, today=None):
    """The last review date is set, not in the future, and recent enough.

    ``today`` defaults to the local date; tests pass it to be deterministic.
    """
    today = today or timezone.localdate()
    reviewed = content.last_reviewed
    if reviewed is None:
        message = (
            "The page has no last-reviewed date. Have a doctor review it and "
            "enter the date of that review."
        )
        return [Finding(REVIEW_DATE, ERROR, message, "last_reviewed")], "No date."
    age = (today - reviewed).days
    summary = f"Last reviewed on {reviewed:%d %B %Y} ({age} days ago)."
    if age < 0:
        message = (
            f"The last-reviewed date ({reviewed:%d %B %Y}) is in the future. "
            "Enter the date the review actually took place."
        )
        return [Finding(REVIEW_DATE, WARNING, message, "last_reviewed")], summary
    if age > config.REVIEW_MAX_AGE_DAYS:
        message = (
            f"The page was last reviewed {age} days ago ({reviewed:%d %B %Y}). "
            f"Have it reviewed again (at least every {config.REVIEW_MAX_AGE_DAYS} "
            "days) and update the date."
        )
        return [Finding(REVIEW_DATE, WARNING, message, "last_reviewed")], summary
    return [], summary


def check_reference_count(content, config):
    """At least MIN_REFERENCES sources back the page up."""
    count = len(content.references)
    minimum = config.MIN_REFERENCES
    cited = f"The page cites {count} reference{pluralize(count)}"
    summary = f"{cited} (at least {minimum})."
    if count < minimum:
        message = (
            f"{cited}. Add at least {minimum} studies "
            "or guidelines that back up what it says."
        )
        return [Finding(REFERENCE_COUNT, WARNING, message, "references")], summary
    return [], summary


def is_home_page(url):
    """Whether ``url`` is a site's or a journal's front page, not an article.

    A home page: no path or "/"; a path ending in "/home", "/index.html" and the
    like; or a single path segment that is a generic word ("/journals").
    """
    path = urlsplit(url).path
    if path in {"", "/"}:
        return True
    if path.rstrip("/").lower().endswith(HOME_ENDINGS):
        return True
    segments = [segment for segment in path.split("/") if segment]
    if not segments:
        return True
    return len(segments) == 1 and segments[0].lower() in GENERIC_SEGMENTS


def _reference_finding(reference):
    """The finding for a reference that does not lead to one article, or None."""
    if reference.get("pubmed_id") or reference.get("doi"):
        return None
    url = reference.get("url", "")
    title = reference.get("title") or reference.get("source") or "A reference"
    target = reference.get("target", "references")
    if not url:
        message = (
            f"“{title}” has no link, PubMed ID or DOI. Add one so readers can "
            "find the study."
        )
        return Finding(REFERENCE_SPECIFICITY, WARNING, message, target)
    if is_home_page(url):
        message = (
            f"“{title}” links to a home page ({url}), not to the article. Link to "
            "the article itself, or add its PubMed ID or DOI."
        )
        return Finding(REFERENCE_SPECIFICITY, WARNING, message, target)
    return None


def check_reference_specificity(content, config):
    """Each reference leads to a specific article: PubMed ID, DOI or deep URL."""
    findings = [_reference_finding(reference) for reference in content.references]
    findings = [finding for finding in findings if finding]
    count = len(content.references)
    if not count:
        return findings, "No references to check."
    return findings, f"{count} reference{pluralize(count)}, each to a specific article."


def check_disclaimer(content, config):
    """The clinic's medical disclaimer is shown on the page."""
    if not content.disclaimer:
        message = (
            "No medical disclaimer is shown. Fill in the medical disclaimer in "
            "the clinic settings; it is shown on every medical page."
        )
        finding = Finding(DISCLAIMER, ERROR, message, "medical_disclaimer")
        return [finding], "No medical disclaimer."
    return [], "The medical disclaimer is shown."


def check_case_anonymised(content, config):
    """Every case study is marked anonymised (patients must not be identifiable)."""
    findings = [
        Finding(
            CASE_ANONYMISED,
            ERROR,
            f"The case study “{case.get('label', '')}” is not marked anonymised. "
            "Remove anything that could identify the patient (name, exact age, "
            "town, dates, photos), then tick “anonymised”.",
            case.get("target", ""),
        )
        for case in content.case_studies
        if not case.get("anonymised")
    ]
    count = len(content.case_studies)
    if not count:
        return findings, "No case studies."
    return findings, f"{count} case stud{pluralize(count, 'y,ies')}, all anonymised."


def check_faq_answers(content, config):
    """Every FAQ question has an answer."""
    findings = [
        Finding(
            FAQ_ANSWERS,
            ERROR,
            f"The question “{item.get('question', '')}” has no answer. Write the "
            "answer, or remove the question.",
            item.get("target", ""),
        )
        for item in content.faq
        if not (item.get("answer") or "").strip()
    ]
    count = len(content.faq)
    if not count:
        return findings, "No FAQ questions."
    return findings, f"{count} FAQ question{pluralize(count)}, all answered."


def check_faq_rich_results(content, config):
    """Tell editors that an FAQ no longer earns a special search result."""
    return [Finding(FAQ_RICH_RESULTS, INFO, FAQ_NOTICE, "faq")], FAQ_NOTICE
