"""Trust checks for medical pages: who reviewed it, when, on which sources.

Health content is judged on experience, expertise, authority and trust, so a
medical page must show its reviewer, a recent review date, specific sources
and the clinic's disclaimer, and must not identify patients.
"""

from urllib.parse import urlsplit

from django.utils import timezone

from ..findings import ERROR, INFO, WARNING, Finding
from ..messages import LocalDate, gettext_lazy, ngettext
from ..messages import gettext as _

MEDICAL_REVIEWER = "medical_reviewer"
REVIEW_DATE = "review_date"
REFERENCE_COUNT = "reference_count"
REFERENCE_SPECIFICITY = "reference_specificity"
DISCLAIMER = "disclaimer"
CASE_ANONYMISED = "case_anonymised"
FAQ_ANSWERS = "faq_answers"
FAQ_RICH_RESULTS = "faq_rich_results"

FAQ_NOTICE = gettext_lazy(
    "Google no longer shows FAQ rich results (since May 2026); FAQPage data is "
    "still emitted."
)

# Path endings and last segments that mean "a journal's or site's front page".
HOME_ENDINGS = ("/home", "/index.html", "/index.htm", "/index.php", "/default.aspx")
GENERIC_SEGMENTS = {"home", "homepage", "index", "journals", "journal", "about"}


def check_medical_reviewer(content, config):
    """A named medical reviewer is set."""
    if not content.reviewer:
        message = _(
            "No medical reviewer is set. Choose the doctor who checked this page, "
            "so readers (and search engines) can see who vouches for it."
        )
        finding = Finding(MEDICAL_REVIEWER, ERROR, message, "medical_reviewer")
        return [finding], _("No medical reviewer.")
    return [], _("Reviewed by %(doctor)s.") % {"doctor": content.reviewer}


def check_review_date(content, config, today=None):
    """The last review date is set, not in the future, and recent enough.

    ``today`` defaults to the local date; tests pass it to be deterministic.
    """
    today = today or timezone.localdate()
    reviewed = content.last_reviewed
    if reviewed is None:
        message = _(
            "The page has no last-reviewed date. Have a doctor review it and "
            "enter the date of that review."
        )
        return [Finding(REVIEW_DATE, ERROR, message, "last_reviewed")], _("No date.")
    age = (today - reviewed).days
    values = {"date": LocalDate(reviewed), "age": age}
    summary = _("Last reviewed on %(date)s (%(age)s days ago).") % values
    if age < 0:
        message = (
            _(
                "The last-reviewed date (%(date)s) is in the future. "
                "Enter the date the review actually took place."
            )
            % values
        )
        return [Finding(REVIEW_DATE, WARNING, message, "last_reviewed")], summary
    if age > config.REVIEW_MAX_AGE_DAYS:
        message = _(
            "The page was last reviewed %(age)s days ago (%(date)s). "
            "Have it reviewed again (at least every %(most)s days) and update "
            "the date."
        ) % {**values, "most": config.REVIEW_MAX_AGE_DAYS}
        return [Finding(REVIEW_DATE, WARNING, message, "last_reviewed")], summary
    return [], summary


def check_reference_count(content, config):
    """At least MIN_REFERENCES sources back the page up."""
    count = len(content.references)
    minimum = config.MIN_REFERENCES
    values = {"count": count, "minimum": minimum}
    summary = (
        ngettext(
            "The page cites %(count)s reference (at least %(minimum)s).",
            "The page cites %(count)s references (at least %(minimum)s).",
            count,
        )
        % values
    )
    if count < minimum:
        message = (
            ngettext(
                "The page cites %(count)s reference. Add at least %(minimum)s "
                "studies or guidelines that back up what it says.",
                "The page cites %(count)s references. Add at least %(minimum)s "
                "studies or guidelines that back up what it says.",
                count,
            )
            % values
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
    title = reference.get("title") or reference.get("source") or _("A reference")
    target = reference.get("target", "references")
    if not url:
        message = _(
            "“%(title)s” has no link, PubMed ID or DOI. Add one so readers can "
            "find the study."
        ) % {"title": title}
        return Finding(REFERENCE_SPECIFICITY, WARNING, message, target)
    if is_home_page(url):
        message = _(
            "“%(title)s” links to a home page (%(url)s), not to the article. Link "
            "to the article itself, or add its PubMed ID or DOI."
        ) % {"title": title, "url": url}
        return Finding(REFERENCE_SPECIFICITY, WARNING, message, target)
    return None


def check_reference_specificity(content, config):
    """Each reference leads to a specific article: PubMed ID, DOI or deep URL."""
    findings = [_reference_finding(reference) for reference in content.references]
    findings = [finding for finding in findings if finding]
    count = len(content.references)
    if not count:
        return findings, _("No references to check.")
    return findings, ngettext(
        "%(count)s reference, each to a specific article.",
        "%(count)s references, each to a specific article.",
        count,
    ) % {"count": count}


def check_disclaimer(content, config):
    """The clinic's medical disclaimer is shown on the page."""
    if not content.disclaimer:
        message = _(
            "No medical disclaimer is shown. Fill in the medical disclaimer in "
            "the clinic settings; it is shown on every medical page."
        )
        finding = Finding(DISCLAIMER, ERROR, message, "medical_disclaimer")
        return [finding], _("No medical disclaimer.")
    return [], _("The medical disclaimer is shown.")


def check_case_anonymised(content, config):
    """Every case study is marked anonymised (patients must not be identifiable)."""
    findings = [
        Finding(
            CASE_ANONYMISED,
            ERROR,
            _(
                "The case study “%(label)s” is not marked anonymised. Remove "
                "anything that could identify the patient (name, exact age, "
                "town, dates, photos), then tick “anonymised”."
            )
            % {"label": case.get("label", "")},
            case.get("target", ""),
        )
        for case in content.case_studies
        if not case.get("anonymised")
    ]
    count = len(content.case_studies)
    if not count:
        return findings, _("No case studies.")
    return findings, ngettext(
        "%(count)s case study, all anonymised.",
        "%(count)s case studies, all anonymised.",
        count,
    ) % {"count": count}


def check_faq_answers(content, config):
    """Every FAQ question has an answer."""
    findings = [
        Finding(
            FAQ_ANSWERS,
            ERROR,
            _(
                "The question “%(question)s” has no answer. Write the answer, or "
                "remove the question."
            )
            % {"question": item.get("question", "")},
            item.get("target", ""),
        )
        for item in content.faq
        if not (item.get("answer") or "").strip()
    ]
    count = len(content.faq)
    if not count:
        return findings, _("No FAQ questions.")
    return findings, ngettext(
        "%(count)s FAQ question, all answered.",
        "%(count)s FAQ questions, all answered.",
        count,
    ) % {"count": count}


def check_faq_rich_results(content, config):
    """Tell editors that an FAQ no longer earns a special search result."""
    notice = str(FAQ_NOTICE)
    return [Finding(FAQ_RICH_RESULTS, INFO, notice, "faq")], notice
