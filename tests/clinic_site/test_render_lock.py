"""A page another request is rendering is waited for, not rendered again.

clinic_site/page_cache.py: after a publish, a miss of a page whose entry is
known takes a lock in Redis under the page's key and token; requests that miss
while it is held wait for the entry the first one stores. Here "another
server" is played by the test, directly in a real ``redis-server``: it holds
the lock, then stores the entry or lets the lock go.
"""

import threading
import time

import redis
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clinic_site import page_scopes
from clinic_site.page_cache import RENDER_LOCK_PREFIX

URL = "/treatments/"


def visit():
    return Client().get(URL)


def entry_key(server):
    """The Redis key of the page's stored entry (the only one there)."""
    client = redis.Redis(port=server.port, db=1)
    try:
        keys = [k.decode() for k in client.keys("*cache_page*")]
    finally:
        client.close()
    assert len(keys) == 1, keys
    return keys[0]


def renewed(key):
    """The key the page's entry will have once its scope is renewed."""
    page_scopes.renew([URL])
    name, _, _old_token = key.rpartition("|")
    return f"{name}|{page_scopes.token_for(URL)}"


def lock_of(key):
    prefix, version, name = key.split(":", 2)
    return f"{prefix}:{version}:{RENDER_LOCK_PREFIX}{name}"


def later(seconds, action):
    timer = threading.Timer(seconds, action)
    timer.start()
    return timer


def test_a_miss_waits_for_the_entry_another_server_is_rendering(
    demo, redis_server, use_redis, settings
):
    settings.PAGE_CACHE_RENDER_WAIT = 5
    use_redis(redis_server)
    first = visit()
    assert first["X-Wagtail-Cache"] == "miss"
    old_key = entry_key(redis_server)
    new_key = renewed(old_key)
    client = redis.Redis(port=redis_server.port, db=1)
    try:
        client.set(lock_of(new_key), b"1", ex=5)  # the other server renders
        timer = later(0.3, lambda: client.copy(old_key, new_key))
        started = time.monotonic()
        with CaptureQueriesContext(connection) as queries:
            response = visit()
        waited = time.monotonic() - started
        timer.join()
    finally:
        client.close()
    assert 0.3 <= waited < 3
    assert response.status_code == 200
    assert response["X-Wagtail-Cache"] == "hit"
    assert len(queries) == 0  # not rendered here
    assert response.content == first.content


def test_a_lock_let_go_without_an_entry_is_rendered_here(
    demo, redis_server, use_redis, settings
):
    settings.PAGE_CACHE_RENDER_WAIT = 5
    use_redis(redis_server)
    visit()
    new_key = renewed(entry_key(redis_server))
    client = redis.Redis(port=redis_server.port, db=1)
    try:
        client.set(lock_of(new_key), b"1", ex=5)
        timer = later(0.3, lambda: client.delete(lock_of(new_key)))
        started = time.monotonic()
        response = visit()
        waited = time.monotonic() - started
        timer.join()
        assert not client.exists(lock_of(new_key))  # released after storing
    finally:
        client.close()
    assert 0.3 <= waited < 3
    assert response["X-Wagtail-Cache"] == "miss"
    assert visit()["X-Wagtail-Cache"] == "hit"


def test_a_lock_never_let_go_costs_at_most_the_wait(
    demo, redis_server, use_redis, settings
):
    settings.PAGE_CACHE_RENDER_WAIT = 0.5
    use_redis(redis_server)
    visit()
    new_key = renewed(entry_key(redis_server))
    client = redis.Redis(port=redis_server.port, db=1)
    try:
        client.set(lock_of(new_key), b"1", ex=60)
        started = time.monotonic()
        response = visit()
        waited = time.monotonic() - started
    finally:
        client.close()
    assert 0.5 <= waited < 2
    assert response["X-Wagtail-Cache"] == "miss"


def test_the_render_takes_the_lock_and_lets_it_go(demo, redis_server, use_redis):
    use_redis(redis_server)
    visit()
    new_key = renewed(entry_key(redis_server))
    assert visit()["X-Wagtail-Cache"] == "miss"
    client = redis.Redis(port=redis_server.port, db=1)
    try:
        assert client.exists(new_key)
        assert not client.exists(lock_of(new_key))
    finally:
        client.close()
    assert caches["pages"].circuit.attempts > 0


def test_with_redis_down_nothing_waits(demo, redis_server, use_redis, settings):
    settings.PAGE_CACHE_RENDER_WAIT = 5
    use_redis(redis_server)
    visit()
    redis_server.stop()
    started = time.monotonic()
    assert visit().status_code == 200
    assert time.monotonic() - started < 2
