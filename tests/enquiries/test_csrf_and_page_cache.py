"""The form on pages served from the page cache: each visitor's own tokens.

The seed page is cached after the first anonymous visit (wagtail-cache, and
the early fetch in clinic_site/page_cache.py). Two visitors get the same
cached page with different CSRF and form tokens, and both can send it.
"""

import pytest
from django.conf import settings
from django.test import Client

from enquiries.middleware import CSRF_PLACEHOLDER, FORM_TOKEN_PLACEHOLDER
from enquiries.models import Enquiry
from tests.conftest import SEED_URL

from .conftest import SUBMIT_URL, THANKS_URL, hidden_values, open_form

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_people")]


def visitor():
    return Client(enforce_csrf_checks=True)


def test_two_visitors_of_the_cached_page_each_get_their_own_tokens(demo, fields):
    first, second = visitor(), visitor()
    response_1, hidden_1 = open_form(first, SEED_URL)
    response_2, hidden_2 = open_form(second, SEED_URL)

    assert response_1["X-Wagtail-Cache"] == "miss"
    assert response_2["X-Wagtail-Cache"] == "hit"
    for response in (response_1, response_2):
        html = response.content.decode()
        assert CSRF_PLACEHOLDER not in html
        assert FORM_TOKEN_PLACEHOLDER not in html
        assert int(response["Content-Length"]) == len(response.content)
        # No shared proxy may keep a page that holds one visitor's token.
        cache_control = response["Cache-Control"]
        assert "private" in cache_control and "public" not in cache_control
        assert "Cookie" in response["Vary"]
        assert settings.CSRF_COOKIE_NAME in response.cookies
    assert hidden_1["csrfmiddlewaretoken"] != hidden_2["csrfmiddlewaretoken"]
    assert hidden_1["form_token"] != hidden_2["form_token"]
    assert (
        response_1.cookies[settings.CSRF_COOKIE_NAME].value
        != response_2.cookies[settings.CSRF_COOKIE_NAME].value
    )

    for client, hidden, email in (
        (first, hidden_1, "first@example.com"),
        (second, hidden_2, "second@example.com"),
    ):
        response = client.post(SUBMIT_URL, {**fields, **hidden, "email": email})
        assert response.status_code == 302
        assert response["Location"] == THANKS_URL
    assert sorted(Enquiry.objects.values_list("email", flat=True)) == [
        "first@example.com",
        "second@example.com",
    ]


def test_a_returning_visitor_keeps_their_cookie_and_gets_a_matching_token(demo, fields):
    client = visitor()
    open_form(client, SEED_URL)
    cookie = client.cookies[settings.CSRF_COOKIE_NAME].value
    response, hidden = open_form(client, SEED_URL)  # the late fetch: a cookie
    assert response["X-Wagtail-Cache"] == "hit"
    # Django sends the cookie again with each token (a fresh expiry), same value.
    assert response.cookies[settings.CSRF_COOKIE_NAME].value == cookie
    response = client.post(SUBMIT_URL, {**fields, **hidden})
    assert response.status_code == 302
    assert Enquiry.objects.count() == 1


def test_the_cached_copy_holds_the_placeholders_not_a_token(demo):
    from django.core.cache import caches

    open_form(visitor(), SEED_URL)
    stored = [
        value
        for key, value in caches["pages"]._cache.items()
        if b"csrfmiddlewaretoken" in value
    ]
    assert stored, "the page was not stored in the page cache"
    assert all(CSRF_PLACEHOLDER.encode() in value for value in stored)


@pytest.mark.parametrize("case", ["missing", "forged", "no-cookie"])
def test_a_missing_or_forged_csrf_token_is_a_form_error_and_nothing_is_stored(
    demo, fields, case
):
    client = visitor()
    _response, hidden = open_form(client, SEED_URL)
    if case == "missing":
        del hidden["csrfmiddlewaretoken"]
    elif case == "forged":
        hidden["csrfmiddlewaretoken"] = "x" * 64
    else:
        client.cookies.clear()
    response = client.post(SUBMIT_URL, {**fields, **hidden})
    assert response.status_code == 403
    html = response.content.decode()
    assert "did not send the form&#x27;s security token" in html or (
        "did not send the form's security token" in html
    )
    assert 'id="enquiry-errors"' in html
    assert fields["message"] in html  # what they typed is kept
    assert Enquiry.objects.count() == 0


def test_the_error_page_gives_a_fresh_token_that_works(demo, fields):
    client = visitor()
    _response, hidden = open_form(client, SEED_URL)
    response = client.post(SUBMIT_URL, {**fields, **hidden, "consent": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert CSRF_PLACEHOLDER not in html
    csrf, token, version = hidden_values(html)
    response = client.post(
        SUBMIT_URL,
        {
            **fields,
            "csrfmiddlewaretoken": csrf,
            "form_token": token,
            "consent_version": version,
        },
    )
    assert response.status_code == 302
    assert Enquiry.objects.count() == 1
