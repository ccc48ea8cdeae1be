"""Counting searches for editors, with nothing about who searched.

Per normalised query and day: how many searches (Wagtail's ``QueryDailyHits``,
which its "Promoted search results" and "Search terms" screens read too) and
how many of them found nothing (``NoResultsDailyHits``). No address, user,
session or cookie is stored, and queries that look like an email address or a
phone number are not stored at all: people do paste those into search boxes.
"""

import logging
import re

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from .models import NoResultsDailyHits

logger = logging.getLogger(__name__)

# The response header by which the search view tells the counter (which may
# see a copy from the page cache) how many results a first page had.
RESULT_COUNT_HEADER = "X-Search-Results"

_EMAIL = re.compile(r"\S@\S")
_DIGITS = re.compile(r"\d")


def is_recordable(typed):
    """False for queries that may identify a person (checked as typed)."""
    return not (_EMAIL.search(typed) or len(_DIGITS.findall(typed)) >= 7)


def _increment(model, query, date):
    counters = model.objects.filter(query=query, date=date)
    if counters.update(hits=F("hits") + 1):
        return
    try:
        with transaction.atomic():
            model.objects.create(query=query, date=date, hits=1)
    except IntegrityError:  # another request created it first
        counters.update(hits=F("hits") + 1)


def record_search(typed, normalised, *, found):
    """Count one search for ``normalised``; ``found`` is False for no results."""
    if not normalised or not is_recordable(typed):
        return
    try:
        query, _created = Query.objects.get_or_create(query_string=normalised)
        today = timezone.localdate()
        _increment(QueryDailyHits, query, today)
        if not found:
            _increment(NoResultsDailyHits, query, today)
    except DatabaseError:
        # Counting must never cost a visitor their results.
        logger.warning("Could not count a search.", exc_info=True)
