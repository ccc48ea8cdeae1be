"""What a cache hit and a 404 cost: round trips to Redis and SQL queries.

Under load every request waits behind the others for a worker, so the cost of
the cheap, common answers (a page from the cache, a crawler's 404) bounds how
soon a published change is seen (docs/benchmarks.md, publishing under load).
These pin the costs the serving path was brought back to: a hit is two round
trips (the scope token with the list of headers, then the page) and no query;
a 404 for an address that exists in no language runs no query of the
untranslated-page search and none for the menu.

Round trips are counted by the cache backend's circuit, which counts every
call that goes to Redis (clinic_site/cache_backend.py), against a real
``redis-server`` of the test's own (tests/clinic_site/conftest.py).
"""

import pytest
import redis
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from clinic_site import page_scopes
from tests.conftest import SEED_URL
from treatments.models import TreatmentIndexPage

MISSING = "/no-such-address-anywhere/"


def visit(url):
    """A new anonymous visitor, without any cookie (answered early)."""
    return Client().get(url)


def round_trips(circuits, url):
    before = [circuit.attempts for circuit in circuits]
    with CaptureQueriesContext(connection) as queries:
        response = visit(url)
    spent = [circuit.attempts - b for circuit, b in zip(circuits, before, strict=True)]
    return response, spent, queries


@pytest.mark.parametrize("url", [SEED_URL, "/", "/treatments/", "/tr/"])
def test_a_cache_hit_is_two_round_trips_to_the_page_cache_and_no_query(
    demo, redis_server, use_redis, url
):
    default, pages = use_redis(redis_server)
    assert visit(url)["X-Wagtail-Cache"] == "miss"
    response, (to_default, to_pages), queries = round_trips((default, pages), url)
    assert response.status_code == 200
    assert response["X-Wagtail-Cache"] == "hit"
    assert (to_default, to_pages) == (0, 2)
    assert len(queries) == 0


def test_a_miss_reads_the_scope_token_with_the_headers_and_stores_under_it(
    demo, redis_server, use_redis
):
    """The token is read in the lookup, before the view: the entry the miss
    stores is under the token of that moment, and a renewal makes it miss."""
    default, pages = use_redis(redis_server)
    assert visit(SEED_URL)["X-Wagtail-Cache"] == "miss"
    assert visit(SEED_URL)["X-Wagtail-Cache"] == "hit"
    page_scopes.renew([SEED_URL])
    assert visit(SEED_URL)["X-Wagtail-Cache"] == "miss"
    assert visit(SEED_URL)["X-Wagtail-Cache"] == "hit"
    # Another address keeps its entry.
    assert visit("/treatments/")["X-Wagtail-Cache"] == "miss"
    page_scopes.renew([SEED_URL])
    assert visit("/treatments/")["X-Wagtail-Cache"] == "hit"


def test_a_scope_token_expires_with_the_page_cache(demo, redis_server, use_redis):
    """Every address asked for gets a token; none may stay in Redis for good."""
    use_redis(redis_server)
    assert visit(MISSING).status_code == 404
    client = redis.Redis(port=redis_server.port, db=1)
    try:
        keys = [key for key in client.keys("*") if b"page-scope:" in key]
        assert keys
        ttls = [client.ttl(key) for key in keys]
    finally:
        client.close()
    assert all(0 < ttl <= caches["pages"].default_timeout for ttl in ttls)


def test_one_redis_client_serves_every_call(demo, redis_server, use_redis):
    """Django would build a new ``redis.Redis`` (and its callback table) per
    call; the backend keeps one per connection pool."""
    use_redis(redis_server)
    backend = caches["default"]._cache
    assert backend.get_client() is backend.get_client()
    assert backend.get_client(write=True) is backend.get_client()


def test_a_404_costs_no_query_for_the_menu_or_other_languages(
    demo, redis_server, use_redis
):
    """A crawler's guess: no query for the untranslated-page search (no other
    language's home page has a child of that name) nor for the menu (kept in
    the shared cache). To the page cache one round trip for the scope token
    with the list of headers and one to make the new address's token, and no
    write of the 404 itself (it is not kept: clinic_site/wagtail_hooks.py);
    to the shared cache one per memo or link the page reads (the site, the
    menu, the other languages, the contact and treatments links)."""
    default, pages = use_redis(redis_server)
    assert visit("/another-missing-address/").status_code == 404  # fills memos
    response, (to_default, to_pages), queries = round_trips((default, pages), MISSING)
    assert response.status_code == 404
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "wagtailpageviewrestriction" not in tables  # the menu's .public()
    assert len(queries) <= 5, [query["sql"] for query in queries.captured_queries]
    assert to_pages <= 2
    assert "wagtailcore_site" not in tables  # clinic_site/site_lookup.py
    assert to_default <= 5


def test_a_page_published_after_the_memo_is_found_from_another_language(demo):
    """The remembered child names of the other trees go when content changes:
    a new English section is found from its Turkish address at once."""
    home = demo.get_parent().get_parent()
    assert visit("/tr/a-new-section/").status_code == 404  # remembers the trees
    # Made a draft, then published, as in the page editor.
    section = TreatmentIndexPage(
        title="A new section", slug="a-new-section", live=False
    )
    home.add_child(instance=section)
    section.save_revision().publish()
    response = visit("/tr/a-new-section/")
    assert response.status_code == 302
    assert response["Location"] == "/a-new-section/"


def test_the_menu_follows_publishing_and_privacy(demo):
    """The menu, kept in the shared cache, follows content changes."""
    index = demo.get_parent().specific
    index.show_in_menus = True
    index.save_revision().publish()
    assert f'href="{index.url}"' in visit("/").content.decode()
    PageViewRestriction.objects.create(
        page=Page.objects.get(pk=index.pk),
        restriction_type=PageViewRestriction.PASSWORD,
        password="a-password-for-the-test",  # noqa: S106
    )
    assert f'href="{index.url}"' not in Client().get("/?fresh=1").content.decode()


@pytest.mark.parametrize(
    ("threads", "workers_per_core", "plus"),
    [(None, 2, 1), ("1", 2, 1), ("4", 1, 1)],
)
def test_gunicorn_workers_follow_the_threads(
    monkeypatch, threads, workers_per_core, plus
):
    """Sync workers by default, two per core plus one; with threads
    (docs/deployment.md, "Workers and threads") one process per core plus one."""
    import multiprocessing
    import runpy
    from pathlib import Path

    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    if threads is None:
        monkeypatch.delenv("GUNICORN_THREADS", raising=False)
    else:
        monkeypatch.setenv("GUNICORN_THREADS", threads)
    config = runpy.run_path(
        str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py")
    )
    assert config["threads"] == int(threads or 1)
    cores = multiprocessing.cpu_count()
    assert config["workers"] == cores * workers_per_core + plus
