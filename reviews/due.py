"""Which live treatment pages are due for medical review.

One query feeds the admin report, the dashboard panel and the
``notify_review_due`` command, so they always list the same pages. The rule is
the trust check's (``seo.checks.trust.check_review_date``): a page is due when
it has no last-reviewed date or was last reviewed more than
``REVIEW_MAX_AGE_DAYS`` days ago.
"""

from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone

from seo.config import get_config


def review_cutoff(today=None, config=None):
    """Pages last reviewed before this date are due."""
    today = today or timezone.localdate()
    config = config or get_config()
    return today - timedelta(days=config.REVIEW_MAX_AGE_DAYS)


def due_for_review(today=None, config=None):
    """Live treatment pages never reviewed, or reviewed before the cutoff.

    Never-reviewed pages come first, then the longest-unreviewed.
    """
    from treatments.models import TreatmentPage

    cutoff = review_cutoff(today, config)
    return (
        TreatmentPage.objects.live()
        .filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=cutoff))
        .select_related("medical_reviewer__user", "locale")
        .order_by(F("last_reviewed").asc(nulls_first=True), "title", "pk")
    )


def days_overdue(page, today=None, config=None):
    """How many days past its review window ``page`` is; None if never reviewed."""
    if page.last_reviewed is None:
        return None
    return (review_cutoff(today, config) - page.last_reviewed).days
