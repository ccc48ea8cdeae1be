"""A publish that changes only what a page says clears only the pages showing it.

The strong check: after such a publish, every address of the demo site that is
still served from the cache gives what a fresh render gives (the page cache
off), so narrowing the clearing never leaves a stale page behind.
"""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.test import override_settings
from wagtail.models import Page

from clinic_site import page_scopes
from doctors.models import Doctor

NEW_SUMMARY = "A summary written for the scoped clearing test."


def site_addresses():
    """Every live, public page of the demo site, the search page and sitemap."""
    addresses = {page.url for page in Page.objects.live().public().specific()}
    addresses |= {doctor.site_profile_url() for doctor in Doctor.objects.all()}
    addresses.discard(None)
    return sorted(addresses) + [
        "/search/?q=stem+cell",
        "/search/suggest/?q=stem",
        "/sitemap.xml",
    ]


def text(response):
    """What a reader (or a crawler reading the JSON-LD) gets: the text."""
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def warm(client, addresses):
    for address in addresses:
        assert client.get(address).status_code == 200, address
        assert client.get(address)["X-Wagtail-Cache"] == "hit", address


def publish(page, **changes):
    page = page.specific
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


def test_a_content_change_clears_its_dependants_and_leaves_nothing_stale(client, demo):
    addresses = site_addresses()
    warm(client, addresses)

    publish(demo, summary=NEW_SUMMARY)

    served = {address: client.get(address) for address in addresses}
    with override_settings(WAGTAIL_CACHE=False):
        fresh = {address: client.get(address) for address in addresses}
    for address in addresses:
        assert text(served[address]) == text(fresh[address]), address

    cache_state = {address: served[address]["X-Wagtail-Cache"] for address in served}
    # The page, its listing, the home page's cards, its reviewer's profile, the
    # search pages and the sitemap show the change...
    reviewer_profile = demo.medical_reviewer.site_profile_url()
    for address in (demo.url, demo.get_parent().url, "/", reviewer_profile):
        assert cache_state[address] == "miss", address
        assert NEW_SUMMARY in served[address].content.decode(), address
    assert cache_state["/search/?q=stem+cell"] == "miss"
    assert cache_state["/sitemap.xml"] == "miss"
    # ...and the pages that do not show it were left in the cache, the search
    # box's suggestions too (titles and addresses only).
    left_cached = [address for address, state in cache_state.items() if state == "hit"]
    assert "/doctors/" in left_cached
    assert "/search/suggest/?q=stem" in left_cached


def test_a_new_title_is_suggested_at_once(client, demo):
    suggest = "/search/suggest/?q=stem"
    for _ in range(2):
        titles = [s["title"] for s in client.get(suggest).json()["suggestions"]]
    assert client.get(suggest)["X-Wagtail-Cache"] == "hit"
    old_title = demo.title
    assert old_title in titles

    publish(demo, title="Stem cells, retitled for the suggestion test")

    response = client.get(suggest)
    assert response["X-Wagtail-Cache"] == "miss"
    titles = [s["title"] for s in response.json()["suggestions"]]
    assert "Stem cells, retitled for the suggestion test" in titles
    assert old_title not in titles


def test_an_unpublished_page_is_no_longer_suggested(client, demo):
    suggest = "/search/suggest/?q=stem"
    url = demo.url
    client.get(suggest)
    cached = client.get(suggest)
    assert cached["X-Wagtail-Cache"] == "hit"
    assert url in [s["url"] for s in cached.json()["suggestions"]]

    demo.unpublish()

    assert url not in [s["url"] for s in client.get(suggest).json()["suggestions"]]


def test_a_new_title_clears_every_page(client, demo):
    addresses = site_addresses()
    warm(client, addresses)

    publish(demo, title="A new title for the seed page")

    for address in addresses:
        assert client.get(address)["X-Wagtail-Cache"] == "miss", address


@pytest.mark.parametrize(
    ("path", "scope"),
    [
        ("/treatments/x/", "/treatments/x/"),
        ("/tr/treatments/x/", "/tr/treatments/x/"),
        ("/search/", page_scopes.SEARCH_SCOPE),
        ("/search/suggest/", page_scopes.SUGGEST_SCOPE),
        ("/tr/search/suggest/", page_scopes.SUGGEST_SCOPE),
        ("/search/suggestions/", page_scopes.SEARCH_SCOPE),
        ("/sitemap.xml", page_scopes.SITEMAP_SCOPE),
        ("/searching/", "/searching/"),
    ],
)
def test_the_scope_of_an_address(path, scope):
    assert page_scopes.scope_for(path) == scope


def test_a_renewed_scope_files_entries_under_another_key():
    before = page_scopes.token_for("/x/")
    assert page_scopes.token_for("/x/") == before
    page_scopes.renew(["/x/"])
    after = page_scopes.token_for("/x/")
    assert after and after != before
    token = page_scopes._current_token.set(before)
    try:
        old_key = caches["pages"].make_key("views.decorators.cache.cache_page.x")
    finally:
        page_scopes._current_token.reset(token)
    token = page_scopes._current_token.set(after)
    try:
        new_key = caches["pages"].make_key("views.decorators.cache.cache_page.x")
    finally:
        page_scopes._current_token.reset(token)
    assert old_key != new_key
    assert before in old_key and after in new_key
