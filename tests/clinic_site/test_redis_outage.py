"""With Redis refusing, hung or dying, the site answers uncached; never stale.

Against a real ``redis-server`` of the test's own (tests/clinic_site/conftest.py),
with the caches built by the settings' own ``build_caches``.
"""

import logging
import time

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches

from clinic_site import cache_backend
from tests.conftest import SEED_URL

SHORT_RETRY = 0.3  # seconds; tests that wait it out


def h1(response):
    return BeautifulSoup(response.content, "html.parser").h1.get_text(" ", strip=True)


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def assert_site_answers(client, admin_client, demo):
    """Every kind of page answers 200 with its normal content."""
    home = demo.get_parent().get_parent().specific
    doctors = home.get_children().get(slug="doctors")
    assert h1(get(client, "/")) == home.title
    assert h1(get(client, SEED_URL)) == demo.title
    search = get(client, "/search/?q=stem")
    assert h1(search) == "Search results for “stem”"
    assert demo.title in search.content.decode()
    assert h1(get(client, "/doctors/")) == doctors.title
    dashboard = get(admin_client, "/admin/")
    assert "Dashboard" in BeautifulSoup(dashboard.content, "html.parser").title.text


def publish_new_title(page, title):
    page.title = title
    page.save_revision().publish()


def attempts(*circuits):
    return sum(circuit.attempts for circuit in circuits)


def test_the_backend_is_in_use_and_caches_while_redis_answers(
    client, demo, redis_server, use_redis
):
    default, pages = use_redis(redis_server)
    assert type(caches["pages"]) is cache_backend.RedisCache
    assert get(client, SEED_URL)["X-Wagtail-Cache"] == "miss"
    assert get(client, SEED_URL)["X-Wagtail-Cache"] == "hit"
    assert redis_server.keys(db=1)  # the pages, in the next database
    assert not default.is_down and not pages.is_down


def test_redis_refusing_the_site_answers_and_editors_publish(
    client, admin_client, demo, redis_server, use_redis
):
    default, pages = use_redis(redis_server)
    redis_server.stop()

    assert_site_answers(client, admin_client, demo)
    assert default.is_down and pages.is_down

    publish_new_title(demo, "Published while Redis refused")
    response = get(client, SEED_URL)
    assert h1(response) == "Published while Redis refused"
    assert response["X-Wagtail-Cache"] == "miss"
    assert get(client, SEED_URL)["X-Wagtail-Cache"] == "miss"  # nothing kept


def test_the_cache_api_behaves_as_an_empty_cache_while_down(redis_server, use_redis):
    use_redis(redis_server)
    redis_server.stop()
    cache = caches["default"]
    cache.set("a", 1)
    assert cache.get("a") is None
    assert cache.get("a", "fallback") == "fallback"
    assert cache.add("a", 1) is False
    assert cache.get_or_set("a", "computed") == "computed"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.delete("a") is False
    assert cache.touch("a") is False
    assert "a" not in cache
    assert cache.clear() is False
    with pytest.raises(ValueError, match="not found"):
        cache.incr("a")


def test_a_hung_redis_costs_one_timeout_then_is_skipped(
    client, admin_client, demo, redis_server, use_redis
):
    default, pages = use_redis(redis_server, retry_seconds=60)
    get(client, "/")  # Wagtail's site lookup, cached while Redis answers
    redis_server.pause()

    started = time.monotonic()
    assert h1(get(client, SEED_URL)) == demo.title
    first = time.monotonic() - started
    assert default.is_down and pages.is_down
    # One timeout per cache (0.25 s each) and the page; generous for a busy box.
    assert first < 5

    before = attempts(default, pages)
    assert_site_answers(client, admin_client, demo)
    publish_new_title(demo, "Published while Redis hung")
    assert h1(get(client, SEED_URL)) == "Published while Redis hung"
    assert attempts(default, pages) == before  # Redis was never asked


def test_redis_dies_mid_traffic_and_caching_resumes_without_a_restart(
    client, demo, redis_server, use_redis
):
    default, pages = use_redis(redis_server, retry_seconds=SHORT_RETRY)
    assert get(client, SEED_URL)["X-Wagtail-Cache"] == "miss"
    assert get(client, SEED_URL)["X-Wagtail-Cache"] == "hit"

    redis_server.stop()
    for _ in range(3):
        assert h1(get(client, SEED_URL)) == demo.title
    assert pages.is_down

    redis_server.start()  # same port, empty
    time.sleep(SHORT_RETRY * 1.5)
    assert get(client, SEED_URL)["X-Wagtail-Cache"] == "miss"
    assert not pages.is_down and not default.is_down
    response = get(client, SEED_URL)
    assert response["X-Wagtail-Cache"] == "hit"
    assert h1(response) == demo.title


@pytest.mark.parametrize("breaker_open_first", [False, True])
def test_a_clear_lost_in_an_outage_never_lets_the_old_page_out(
    client, demo, redis_server, use_redis, breaker_open_first
):
    """The publish's clear fails (sent to a hung Redis), or is never sent at all
    (the breaker was already open): either way, once Redis answers again, the
    first request clears the page cache before reading it."""
    old_title = demo.title
    default, pages = use_redis(redis_server, retry_seconds=SHORT_RETRY)
    get(client, SEED_URL)
    assert get(client, SEED_URL)["X-Wagtail-Cache"] == "hit"

    redis_server.pause()
    if breaker_open_first:
        get(client, SEED_URL)  # finds Redis hung: skipped from now on
        assert pages.is_down
    publish_new_title(demo, "Changed during the outage")
    assert pages.is_down
    redis_server.resume()
    time.sleep(SHORT_RETRY * 1.5)

    for _ in range(2):
        response = get(client, SEED_URL)
        assert h1(response) == "Changed during the outage"
        assert old_title not in response.content.decode()
    assert response["X-Wagtail-Cache"] == "hit"  # caching again, the new page


class Clock:
    """The breaker's clock, moved by hand so that "once per interval" is exact."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_the_outage_is_logged_once_per_interval_and_the_recovery_once(
    client, demo, redis_server, use_redis, monkeypatch, caplog
):
    clock = Clock()
    monkeypatch.setattr(cache_backend, "monotonic", clock)
    use_redis(redis_server, retry_seconds=5)
    caplog.set_level(logging.INFO)

    def warnings(word):
        return sorted(
            record.getMessage().split("'")[1]
            for record in caplog.records
            if record.name == "clinic_site.cache_backend"
            and record.levelno == logging.WARNING
            and word in record.getMessage()
        )

    redis_server.stop()
    for _ in range(5):
        get(client, SEED_URL)
    assert warnings("is down") == ["default", "pages"]
    down = next(r.getMessage() for r in caplog.records if "is down" in r.getMessage())
    assert "ConnectionError" in down and "refused" in down

    clock.now += 5
    for _ in range(5):
        get(client, SEED_URL)
    assert warnings("is down") == ["default", "pages"]
    assert warnings("still down") == ["default", "pages"]

    redis_server.start()
    clock.now += 5
    for _ in range(5):
        get(client, SEED_URL)
    assert warnings("is back") == ["default", "pages"]
    assert warnings("still down") == ["default", "pages"]
    # Nobody else complained: not wagtail-cache, not Django's request log.
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert get(client, SEED_URL)["X-Wagtail-Cache"] == "hit"
