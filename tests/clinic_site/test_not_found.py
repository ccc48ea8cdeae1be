"""A 404 is rendered, never kept in the page cache (clinic_site/wagtail_hooks.py).

Crawlers guess a new address with every request: storing each 404 would fill
Redis with entries nobody asks for again, for a day.
"""

from django.test import Client

from treatments.models import TreatmentIndexPage

MISSING = "/no-page-here-yet/"


def visit(url):
    return Client().get(url)


def test_a_404_is_not_stored_in_the_page_cache(demo, redis_server, use_redis):
    use_redis(redis_server)
    for _ in range(2):
        response = visit(MISSING)
        assert response.status_code == 404
        assert response["X-Wagtail-Cache"] == "skip"
        assert "Page not found" in response.content.decode()
    stored = [key.decode() for key in redis_server.keys(1)]
    assert [key for key in stored if "page-scope:" not in key] == []
    # A page is still stored, in the same cache.
    visit("/treatments/")
    assert visit("/treatments/")["X-Wagtail-Cache"] == "hit"
    assert any("cache_page" in key.decode() for key in redis_server.keys(1))


def test_an_address_that_gets_a_page_serves_it_at_once(demo):
    assert visit(MISSING).status_code == 404
    home = demo.get_parent().get_parent()
    section = TreatmentIndexPage(title="No page here yet", slug="no-page-here-yet")
    home.add_child(instance=section)
    section.save_revision().publish()
    response = visit(MISSING)
    assert response.status_code == 200
    assert "No page here yet" in response.content.decode()
