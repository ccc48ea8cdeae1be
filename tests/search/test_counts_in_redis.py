"""Search counts kept in Redis and written to the database in batches.

With Redis as the shared cache a search served from the page cache costs no
SQL: it is counted in a hash in Redis (search/analytics.py), and the counts
reach the database when the flush task runs (enqueued by the first search of
each interval; run at once by the tests' ImmediateBackend) or when the
analytics report is opened. Against a real ``redis-server`` of the test's own
(tests/clinic_site/conftest.py).
"""

import datetime
import json
import time

import pytest
import redis
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from search import analytics
from search.models import NoResultsDailyHits
from search.tasks import flush_search_counts
from tests.clinic_site.conftest import redis_server, use_redis  # noqa: F401

from .conftest import misses, searches

pytestmark = pytest.mark.usefixtures("demo")

WRITES = ("INSERT", "UPDATE", "DELETE")


def search(query):
    """A new anonymous visitor's search (answered from the page cache when
    another visitor made the same one)."""
    return Client().get("/search/", {"q": query})


def pending(server):
    client = redis.Redis(port=server.port, db=0)
    try:
        key = caches["default"].make_and_validate_key(analytics.PENDING_KEY)
        return {
            tuple(json.loads(field)): int(hits)
            for field, hits in client.hgetall(key).items()
        }
    finally:
        client.close()


@pytest.fixture
def counting(redis_server, use_redis, settings):  # noqa: F811
    """Redis for both caches, and a flush due once an hour: only the first
    search of the test is written at once."""
    settings.SEARCH_ANALYTICS_FLUSH_SECONDS = 3600
    use_redis(redis_server)
    return redis_server


def test_a_cached_search_makes_no_query_at_all(counting):
    assert search("baclofen")["X-Wagtail-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        hit = search("baclofen")
    assert hit["X-Wagtail-Cache"] == "hit"
    assert hit["X-Search-Results"] == "1"
    assert [query["sql"] for query in queries.captured_queries] == []
    today = timezone.localdate().isoformat()
    assert pending(counting) == {(today, "baclofen", True): 1}


def test_a_search_writes_no_count_until_the_flush(counting):
    search("baclofen")  # the first of the interval: flushed at once
    assert searches("baclofen") == 1
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            search("baclofen")
            search("xyzzy")
        writes = [
            q["sql"] for q in queries.captured_queries if q["sql"].startswith(WRITES)
        ]
        assert writes == []
    assert (searches("baclofen"), searches("xyzzy"), misses("xyzzy")) == (1, 0, 0)

    assert flush_search_counts.enqueue().return_value == 6
    assert (searches("baclofen"), misses("baclofen")) == (4, 0)
    assert (searches("xyzzy"), misses("xyzzy")) == (3, 3)
    assert pending(counting) == {}
    # Flushing again writes nothing twice.
    assert analytics.flush_pending() == 0
    assert searches("baclofen") == 4


def test_the_first_search_after_the_interval_flushes(counting, settings):
    settings.SEARCH_ANALYTICS_FLUSH_SECONDS = 1
    search("baclofen")
    search("baclofen")
    assert searches("baclofen") == 1
    time.sleep(1.1)
    search("exosome")  # the flush it enqueues writes every pending count
    assert searches("baclofen") == 2
    assert searches("exosome") == 1
    assert pending(counting) == {}


def test_counts_keep_the_day_they_were_made(counting):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    client = redis.Redis(port=counting.port, db=0)
    try:
        key = caches["default"].make_and_validate_key(analytics.PENDING_KEY)
        client.hincrby(key, json.dumps([yesterday.isoformat(), "xyzzy", False]), 2)
    finally:
        client.close()
    analytics.flush_pending()
    daily = QueryDailyHits.objects.get(query__query_string="xyzzy")
    assert (daily.date, daily.hits) == (yesterday, 2)
    assert NoResultsDailyHits.objects.get(query=daily.query).hits == 2


def test_the_report_shows_the_counts_still_in_redis(counting, admin_client):
    for _ in range(3):
        search("baclofen")
    assert searches("baclofen") == 1
    response = admin_client.get(reverse("search_analytics"))
    assert response.status_code == 200
    assert searches("baclofen") == 3
    assert "baclofen" in response.content.decode()


def test_counts_a_flush_cannot_write_wait_for_the_next(counting, monkeypatch):
    search("baclofen")
    search("baclofen")

    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    with monkeypatch.context() as patched:
        patched.setattr(Query.objects, "get_or_create", broken)
        assert analytics.flush_pending() == 0
    today = timezone.localdate().isoformat()
    assert pending(counting) == {(today, "baclofen", True): 1}
    assert analytics.flush_pending() == 1
    assert searches("baclofen") == 2


def test_nothing_personal_reaches_redis_either(counting):
    search("jane.doe@example.com")
    search("call me on 0532 123 45 67")
    assert pending(counting) == {}
    assert not Query.objects.exists()


def test_with_redis_down_each_search_is_written_at_once(counting):
    counting.stop()
    for _ in range(2):
        assert search("baclofen").status_code == 200
    assert searches("baclofen") == 2
