"""The page checks: a registry, a runner and a score.

Every check is a pure function of a ``PageContent`` and a ``CheckConfig`` that
returns ``(findings, summary)``. ``CHECKS`` lists them in the order the editor
sees them; ``run_checks`` runs the ones that apply to a page. The editor panel,
the audit report and the management command all go through ``run_checks``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..config import get_config
from ..findings import ERROR, WARNING, status_of
from ..messages import one_catalog, texts
from . import claims, readability, seo, trust

SEO = "seo"
READABILITY = "readability"
TRUST = "trust"
CLAIMS = "claims"
GROUPS = (SEO, READABILITY, TRUST, CLAIMS)

ERROR_COST = 15
WARNING_COST = 5


@dataclass(frozen=True)
class CheckResult:
    name: str
    label: str
    group: str
    status: str
    findings: tuple
    summary: str


def _always(content):
    return True


def _has_keyphrase(content):
    return bool((content.keyphrase or "").strip())


def _no_readability_rules(content):
    return not readability.has_rules(content)


def _has_faq(content):
    return bool(content.faq)


def _needs_notice(content):
    return claims.has_required_notice(content)


@dataclass(frozen=True)
class Check:
    """One entry of the registry.

    ``applies`` says whether the check runs on a page (the keyphrase checks need
    a keyphrase); ``takes_today`` marks checks that accept a ``today`` date.
    Trust checks run only on medical pages, whatever ``applies`` says; claims
    checks run on every page (a price or a patient's thanks on the home page
    counts too), the required notice on medical pages in a language that has
    one.
    """

    name: str
    label: str
    group: str
    function: Callable
    applies: Callable = _always
    takes_today: bool = False

    def run(self, content, config, today=None):
        extra = {"today": today} if self.takes_today and today else {}
        findings, summary = self.function(content, config, **extra)
        return CheckResult(
            self.name,
            self.label_text(),
            self.group,
            status_of(findings),
            tuple(findings),
            summary,
        )

    def label_text(self):
        """The label in the active language, as a plain (JSON-ready) string,
        looked up once per language (``messages.texts``)."""
        known = None if isinstance(self.label, str) else texts()
        if known is None:
            return str(self.label)
        key = ("label", self.name, self.function)
        text = known.get(key)
        if text is None:
            text = known[key] = str(self.label)
        return text


CHECKS = (
    Check(seo.TITLE_LENGTH, _("SEO title length"), SEO, seo.check_title_length),
    Check(
        seo.DESCRIPTION_LENGTH,
        _("Meta description length"),
        SEO,
        seo.check_description_length,
    ),
    Check(
        seo.KEYPHRASE_LENGTH,
        _("Focus keyphrase length"),
        SEO,
        seo.check_keyphrase_length,
        _has_keyphrase,
    ),
    Check(
        seo.KEYPHRASE_PLACEMENT,
        _("Focus keyphrase placement"),
        SEO,
        seo.check_keyphrase_placement,
        _has_keyphrase,
    ),
    Check(
        seo.KEYPHRASE_DENSITY,
        _("Focus keyphrase density"),
        SEO,
        seo.check_keyphrase_density,
        _has_keyphrase,
    ),
    Check(seo.SINGLE_H1, _("One h1 heading"), SEO, seo.check_single_h1),
    Check(seo.HEADING_ORDER, _("Heading order"), SEO, seo.check_heading_order),
    Check(seo.IMAGE_ALT, _("Image alt text"), SEO, seo.check_image_alt),
    Check(seo.LINKS, _("Internal and outbound links"), SEO, seo.check_links),
    Check(seo.TEXT_LENGTH, _("Text length"), SEO, seo.check_text_length),
    Check(
        readability.FLESCH_READING_EASE,
        _("Flesch reading ease"),
        READABILITY,
        readability.check_flesch_reading_ease,
        readability.is_english,
    ),
    Check(
        readability.ATESMAN_READABILITY,
        _("Ateşman readability"),
        READABILITY,
        readability.check_atesman,
        readability.is_turkish,
    ),
    Check(
        readability.SENTENCE_LENGTH,
        _("Sentence length"),
        READABILITY,
        readability.check_sentence_length,
        readability.has_rules,
    ),
    Check(
        readability.PARAGRAPH_LENGTH,
        _("Paragraph length"),
        READABILITY,
        readability.check_paragraph_length,
    ),
    Check(
        readability.TRANSITION_WORDS,
        _("Transition words"),
        READABILITY,
        readability.check_transition_words,
        readability.has_transition_words,
    ),
    Check(
        readability.READABILITY_LANGUAGE,
        _("Readability (language)"),
        READABILITY,
        readability.check_language,
        _no_readability_rules,
    ),
    Check(
        trust.MEDICAL_REVIEWER,
        _("Medical reviewer"),
        TRUST,
        trust.check_medical_reviewer,
    ),
    Check(
        trust.REVIEW_DATE,
        _("Review date"),
        TRUST,
        trust.check_review_date,
        takes_today=True,
    ),
    Check(trust.REFERENCE_COUNT, _("References"), TRUST, trust.check_reference_count),
    Check(
        trust.REFERENCE_SPECIFICITY,
        _("References point to articles"),
        TRUST,
        trust.check_reference_specificity,
    ),
    Check(trust.DISCLAIMER, _("Medical disclaimer"), TRUST, trust.check_disclaimer),
    Check(
        trust.CASE_ANONYMISED,
        _("Anonymised case studies"),
        TRUST,
        trust.check_case_anonymised,
    ),
    Check(trust.FAQ_ANSWERS, _("FAQ answers"), TRUST, trust.check_faq_answers),
    Check(
        trust.FAQ_RICH_RESULTS,
        _("FAQ rich results"),
        TRUST,
        trust.check_faq_rich_results,
        _has_faq,
    ),
    Check(
        claims.GUARANTEE,
        _("Guarantees and absolute promises"),
        CLAIMS,
        claims.check_guarantee,
    ),
    Check(
        claims.STATISTIC_UNCITED,
        _("Figures cite their source"),
        CLAIMS,
        claims.check_statistic_uncited,
    ),
    Check(
        claims.SAFETY_UNCITED,
        _("Safety claims cite their source"),
        CLAIMS,
        claims.check_safety_uncited,
    ),
    Check(
        claims.SUPERLATIVE,
        _("Claims of superiority"),
        CLAIMS,
        claims.check_superlative,
    ),
    Check(
        claims.CASE_IDENTIFIABLE,
        _("Patients cannot be identified"),
        CLAIMS,
        claims.check_case_identifiable,
    ),
    Check(
        claims.BEFORE_AFTER,
        _("Before-and-after content"),
        CLAIMS,
        claims.check_before_after,
    ),
    Check(
        claims.TESTIMONIAL,
        _("Patient thanks and ratings"),
        CLAIMS,
        claims.check_testimonial,
    ),
    Check(
        claims.PRICE_OFFER,
        _("Prices and offers"),
        CLAIMS,
        claims.check_price_offer,
    ),
    Check(
        claims.REQUIRED_NOTICE,
        _("Required notices"),
        CLAIMS,
        claims.check_required_notice,
        _needs_notice,
    ),
)


def applicable(content):
    """The checks that apply to ``content``, in registry order."""
    return [
        check
        for check in CHECKS
        if (check.group != TRUST or content.is_medical) and check.applies(content)
    ]


def run_checks(content, config=None, *, today=None):
    """A ``CheckResult`` for every check that applies, in ``CHECKS`` order.

    ``config`` defaults to the configured thresholds; ``today`` (default: the
    local date) is passed to the checks that compare dates.
    """
    config = config or get_config()
    with one_catalog():
        return [check.run(content, config, today) for check in applicable(content)]


def score(results):
    """A 0–100 score for a page's results, for sorting and at-a-glance status.

    Start at 100 and take off 15 per error finding and 5 per warning finding;
    info findings cost nothing. The score never goes below 0. It counts
    findings, not checks: three images without alt text cost three errors.
    """
    findings = [finding for result in results for finding in result.findings]
    errors = sum(1 for finding in findings if finding.severity == ERROR)
    warnings = sum(1 for finding in findings if finding.severity == WARNING)
    return max(0, 100 - ERROR_COST * errors - WARNING_COST * warnings)
