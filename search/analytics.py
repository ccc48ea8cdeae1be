"""Counting searches for editors, with nothing about who searched.

Per normalised query and day: how many searches (Wagtail's ``QueryDailyHits``,
which its "Promoted search results" and "Search terms" screens read too) and
how many of them found nothing (``NoResultsDailyHits``). No address, user,
session or cookie is stored, and queries that look like an email address or a
phone number are not stored at all: people do paste those into search boxes.

Writing a count costs the database three or four statements, and a popular
query served from the page cache would pay them on every hit: under load that
was most of what a cached search cost. So when the shared cache is Redis (it
offers ``run_with_client``, clinic_site/cache_backend.py), a search is counted
there, in a hash of pending counts (one round trip, the same that decides
whether a flush is due), and ``flush_pending`` writes the counts to the
database in one batch: the first search after every
``SEARCH_ANALYTICS_FLUSH_SECONDS`` enqueues the ``flush_search_counts`` task
(search/tasks.py, run by the worker), and the analytics report flushes before
it reads. Wagtail's own screens and the popular pages of an empty search
(search/engine.py) see a search once a flush has run: within the interval while
visitors search. Each count keeps the day it was made. Without Redis (a single
machine's file cache), or while Redis is down, a search is written at once, as
before.
"""

import datetime
import json
import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from .models import NoResultsDailyHits

logger = logging.getLogger(__name__)

# The response header by which the search view tells the counter (which may
# see a copy from the page cache) how many results a first page had.
RESULT_COUNT_HEADER = "X-Search-Results"

# The hash of counts not yet in the database ({"[day, query, found]": n}),
# and the key whose absence says a flush is due.
PENDING_KEY = "search:pending-counts"
FLUSH_DUE_KEY = "search:counts-flush-due"
# Pending counts that no flush picked up (no worker ran) are dropped after this.
PENDING_TIMEOUT = 60 * 60 * 24 * 7

_EMAIL = re.compile(r"\S@\S")
_DIGITS = re.compile(r"\d")


def is_recordable(typed):
    """False for queries that may identify a person (checked as typed)."""
    return not (_EMAIL.search(typed) or len(_DIGITS.findall(typed)) >= 7)


def _increment(model, query, date, hits=1):
    counters = model.objects.filter(query=query, date=date)
    if counters.update(hits=F("hits") + hits):
        return
    try:
        with transaction.atomic():
            model.objects.create(query=query, date=date, hits=hits)
    except IntegrityError:  # another request created it first
        counters.update(hits=F("hits") + hits)


def _write(normalised, date, searches, misses):
    query, _created = Query.objects.get_or_create(query_string=normalised)
    if searches:
        _increment(QueryDailyHits, query, date, searches)
    if misses:
        _increment(NoResultsDailyHits, query, date, misses)


def _write_now(normalised, found):
    try:
        _write(normalised, timezone.localdate(), 1, 0 if found else 1)
    except DatabaseError:
        # Counting must never cost a visitor their results.
        logger.warning("Could not count a search.", exc_info=True)


def _pending_cache():
    """The shared cache when it can keep pending counts (Redis), else None."""
    return cache if hasattr(cache, "run_with_client") else None


def _count_in_redis(shared, field):
    """One round trip: the count, and whether this search is the one that
    finds a flush due (True), None if Redis could not be reached."""
    pending = shared.make_and_validate_key(PENDING_KEY)
    due = shared.make_and_validate_key(FLUSH_DUE_KEY)
    interval = max(1, int(settings.SEARCH_ANALYTICS_FLUSH_SECONDS))

    def count(client):
        pipe = client.pipeline(transaction=False)
        pipe.hincrby(pending, field, 1)
        pipe.expire(pending, PENDING_TIMEOUT)
        pipe.set(due, 1, nx=True, ex=interval)
        return bool(pipe.execute()[2])

    return shared.run_with_client(count, None)


def _enqueue_flush():
    from .tasks import flush_search_counts

    try:
        flush_search_counts.enqueue()
    except Exception:
        # The next interval's first search tries again; nothing is lost.
        logger.warning("Could not enqueue the search counts' flush.", exc_info=True)


def record_search(typed, normalised, *, found):
    """Count one search for ``normalised``; ``found`` is False for no results."""
    if not normalised or not is_recordable(typed):
        return
    shared = _pending_cache()
    if shared is None:
        _write_now(normalised, found)
        return
    field = json.dumps([timezone.localdate().isoformat(), normalised, bool(found)])
    due = _count_in_redis(shared, field)
    if due is None:
        _write_now(normalised, found)
    elif due:
        _enqueue_flush()


def _take_pending(shared):
    """Every pending count, removed from Redis in the same transaction."""
    pending = shared.make_and_validate_key(PENDING_KEY)

    def take(client):
        pipe = client.pipeline(transaction=True)
        pipe.hgetall(pending)
        pipe.delete(pending)
        return pipe.execute()[0]

    return shared.run_with_client(take, {})


def _give_back(shared, taken):
    pending = shared.make_and_validate_key(PENDING_KEY)

    def give(client):
        pipe = client.pipeline(transaction=False)
        for field, hits in taken.items():
            pipe.hincrby(pending, field, int(hits))
        pipe.expire(pending, PENDING_TIMEOUT)
        pipe.execute()

    shared.run_with_client(give)


def flush_pending():
    """Write the counts waiting in Redis to the database; returns how many
    searches they were. If the database fails they go back to Redis."""
    shared = _pending_cache()
    if shared is None:
        return 0
    taken = _take_pending(shared)
    if not taken:
        return 0
    totals = {}
    for raw_field, raw_hits in taken.items():
        try:
            day, normalised, found = json.loads(raw_field)
            date = datetime.date.fromisoformat(day)
            hits = int(raw_hits)
        except (TypeError, ValueError):
            continue
        searches, misses = totals.get((normalised, date), (0, 0))
        totals[(normalised, date)] = (searches + hits, misses + (0 if found else hits))
    try:
        with transaction.atomic():
            for (normalised, date), (searches, misses) in sorted(totals.items()):
                _write(normalised, date, searches, misses)
    except DatabaseError:
        logger.warning("Could not write the search counts; kept them.", exc_info=True)
        _give_back(shared, taken)
        return 0
    return sum(searches for searches, _misses in totals.values())
