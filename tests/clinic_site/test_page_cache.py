"""Anonymous pages come from the shared cache, and every change clears it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clinic.models import ClinicSettings
from doctors.models import Doctor
from tests.conftest import SEED_URL


def get(client, url=SEED_URL):
    response = client.get(url)
    assert response.status_code == 200
    return response


# The enquiry form's per-visitor tokens, filled into every copy of the page
# (enquiries/middleware.py).
VISITOR_TOKENS = re.compile(rb'name="(csrfmiddlewaretoken|form_token)" value="[^"]*"')


def without_visitor_tokens(content):
    return VISITOR_TOKENS.sub(rb'name="\1" value=""', content)


def test_second_anonymous_view_is_a_cache_hit_without_queries(client, demo):
    first = get(client)
    assert first["X-Wagtail-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = get(client)
    assert second["X-Wagtail-Cache"] == "hit"
    assert len(queries) == 0
    assert without_visitor_tokens(second.content) == without_visitor_tokens(
        first.content
    )


def test_browsers_get_a_short_public_max_age(client, demo):
    for response in (get(client, "/treatments/"), get(client, "/treatments/")):
        assert response["Cache-Control"] == "public, max-age=60"
        assert "Expires" not in response


def test_a_page_with_a_form_is_kept_by_the_visitors_browser_only(client, demo):
    """Its copy carries the visitor's own tokens: no shared proxy may keep it."""
    for response in (get(client), get(client)):
        assert response["Cache-Control"] == "max-age=60, private"


def test_publishing_a_change_clears_the_cache(client, demo):
    get(client)
    demo.title = "A new title for the seed page"
    demo.save_revision().publish()
    response = get(client)
    assert response["X-Wagtail-Cache"] == "miss"
    assert "A new title for the seed page" in response.content.decode()


def test_saving_a_draft_leaves_the_live_page_alone(client, demo):
    get(client)
    demo.title = "Draft title"
    demo.save_revision()
    response = get(client)
    assert response["X-Wagtail-Cache"] == "hit"
    assert "Draft title" not in response.content.decode()


def test_unpublishing_clears_the_cache(client, demo):
    get(client)
    demo.unpublish()
    assert client.get(SEED_URL).status_code == 404


@pytest.mark.parametrize("change", ["clinic", "doctor"])
def test_changing_what_pages_show_clears_the_cache(client, demo, change):
    get(client)
    if change == "clinic":
        clinic = ClinicSettings.objects.get()
        clinic.name = "Renamed Clinic"
        clinic.save()
        expected = "Renamed Clinic"
    else:
        doctor = Doctor.objects.get(locale__language_code="en")
        doctor.name = "Renamed Doctor"
        doctor.save()
        expected = "Renamed Doctor"
    response = get(client)
    assert response["X-Wagtail-Cache"] == "miss"
    assert expected in response.content.decode()


def test_making_a_page_private_stops_serving_it_from_the_cache(client, demo):
    from wagtail.models import PageViewRestriction

    assert get(client)["X-Wagtail-Cache"] == "miss"
    assert get(client)["X-Wagtail-Cache"] == "hit"
    PageViewRestriction.objects.create(page=demo, restriction_type="login")
    response = client.get(SEED_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")
    assert "Cerebral Palsy" not in response.content.decode()


def test_logged_in_users_are_never_served_from_the_cache(admin_client, client, demo):
    get(client)
    response = get(admin_client)
    assert response["X-Wagtail-Cache"] == "skip"
    assert (
        "no-cache" in response["Cache-Control"]
        or "private" in response["Cache-Control"]
    )
    # The anonymous copy does not carry the editor's user bar, nor the reverse.
    assert "wagtail-userbar" not in get(client).content.decode()


def test_admin_is_never_cached(admin_client, demo):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert response["X-Wagtail-Cache"] == "skip"
    cache_control = response["Cache-Control"]
    assert "no-cache" in cache_control or "no-store" in cache_control


def test_search_results_are_cached_per_query(client, demo):
    first = get(client, "/search/?q=baclofen")
    assert first["X-Wagtail-Cache"] == "miss"
    assert get(client, "/search/?q=baclofen")["X-Wagtail-Cache"] == "hit"
    assert get(client, "/search/?q=exosome")["X-Wagtail-Cache"] == "miss"
