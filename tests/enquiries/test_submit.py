"""Sending an enquiry: what is stored, and what is refused or dropped."""

import time

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from enquiries import spam
from enquiries.models import ConsentText, Enquiry
from tests.clinic_site.conftest import RedisServer, free_port
from tests.conftest import SEED_URL

from .conftest import SUBMIT_URL, THANKS_URL, old_token, open_form, tampered

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor(demo, django_capture_on_commit_callbacks):
    client = Client(enforce_csrf_checks=True)
    _response, hidden = open_form(client, SEED_URL)
    client.hidden = hidden
    client.commits = django_capture_on_commit_callbacks
    return client


def send(client, fields, **changes):
    """POST the form, then run what the request left for after its commit."""
    data = {**fields, **client.hidden, **changes}
    data = {key: value for key, value in data.items() if value is not None}
    commits = getattr(client, "commits", None)
    if commits is None:
        return client.post(SUBMIT_URL, data)
    with commits(execute=True):
        return client.post(SUBMIT_URL, data)


@pytest.mark.usefixtures("quick_people")
def test_an_enquiry_is_stored_with_its_consent_and_the_clinic_is_told(
    visitor, fields, demo
):
    before = timezone.now()
    response = send(visitor, fields, treatment=str(demo.pk), marketing="on")
    assert response.status_code == 302
    assert response["Location"] == THANKS_URL
    enquiry = Enquiry.objects.get()
    consent = ConsentText.objects.get(locale=demo.locale)
    assert enquiry.name == "Ayşe Yılmaz"
    assert str(enquiry.phone) == "+905321234567"  # E.164
    assert enquiry.email == "ayse@example.com"
    assert enquiry.treatment_id == demo.pk
    assert enquiry.patient_age == 7
    assert enquiry.preferred_language == "tr"
    assert enquiry.site_language == "en"
    assert enquiry.status == Enquiry.Status.NEW
    assert enquiry.consent_text == consent.health_consent
    assert enquiry.consent_version == str(consent.latest_revision_id)
    assert enquiry.consent_given_at >= before
    assert enquiry.marketing_consent is True
    assert enquiry.marketing_consent_at >= before
    # ImmediateBackend in tests: the task ran after the commit.
    assert len(mail.outbox) == 1
    thanks = visitor.get(THANKS_URL)
    assert thanks.status_code == 200
    assert "your enquiry has been sent" in thanks.content.decode()


@pytest.mark.usefixtures("quick_people")
def test_the_form_on_the_seed_page_is_about_the_seed_treatment(demo):
    """The page's treatment travels hidden and is named; no list of every
    treatment on every treatment page."""
    html = Client().get(SEED_URL).content.decode()
    assert (
        f'<input type="hidden" name="treatment" value="{demo.pk}" '
        'id="enquiry-treatment">' in html
    )
    assert f"Your question is about: {demo.title}" in html
    assert '<select name="treatment"' not in html


@pytest.mark.usefixtures("quick_people")
def test_the_contact_page_lets_the_visitor_choose_a_treatment(demo):
    html = Client().get("/contact/").content.decode()
    assert '<select name="treatment" id="enquiry-treatment">' in html
    assert f'<option value="{demo.pk}">{demo.title}</option>' in html
    assert "Your question is about" not in html


@pytest.mark.usefixtures("quick_people")
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"message": "x" * 10_000}, "message", "at most 5000 characters"),
        ({"phone": "12", "email": ""}, "phone", "Enter a valid phone number"),
        (
            {"phone": "", "email": ""},
            "email",
            "Give an email address or a phone number",
        ),
        ({"email": "not-an-email"}, "email", "Enter a valid email address"),
        ({"consent": None}, "consent", "tick the box"),
        ({"consent_version": "1"}, "consent", "The consent text has changed"),
        ({"patient_age": "300"}, "patient_age", "less than or equal to 120"),
        ({"name": ""}, "name", "This field is required"),
        ({"message": "   "}, "message", "This field is required"),
    ],
)
def test_bad_input_is_a_clear_form_error_and_nothing_is_stored(
    visitor, fields, changes, field, message
):
    response = send(visitor, fields, **changes)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    error_id = f"enquiry-{field}-error"
    assert f'id="{error_id}"' in html
    # The field points at its error, and the summary links to the field.
    assert 'aria-describedby="' in html and error_id in html
    assert f'href="#enquiry-{field}"' in html
    assert 'id="enquiry-errors" role="alert" tabindex="-1" autofocus' in html
    assert Enquiry.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.usefixtures("quick_people")
def test_html_and_script_are_stored_as_text_and_shown_escaped(visitor, fields):
    script = '<script>alert("x")</script><b>bold</b>'
    response = send(visitor, fields, name=script, message=script, email="bad")
    assert response.status_code == 400
    html = response.content.decode()
    assert script not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    visitor.hidden["form_token"] = old_token()
    response = send(visitor, fields, name=script, message=script)
    assert response.status_code == 302
    assert Enquiry.objects.get().message == script


@pytest.mark.usefixtures("quick_people")
@pytest.mark.parametrize("how", ["tampered", "expired", "missing", "garbage"])
def test_a_tampered_or_expired_form_token_is_refused(visitor, fields, settings, how):
    token = visitor.hidden["form_token"]
    if how == "tampered":
        token = tampered(token)
    elif how == "expired":
        token = spam.new_token(now=time.time() - settings.ENQUIRY_FORM_MAX_AGE - 10)
    elif how == "missing":
        token = ""
    else:
        token = "abc:def:ghi"
    response = send(visitor, fields, form_token=token)
    assert response.status_code == 400
    assert "This form has expired or could not be checked" in response.content.decode()
    assert Enquiry.objects.count() == 0


@pytest.mark.usefixtures("quick_people")
def test_a_replayed_form_token_is_refused(visitor, fields):
    assert send(visitor, fields).status_code == 302
    response = send(visitor, fields, message="Again, the same token.")
    assert response.status_code == 400
    assert "This form was already sent" in response.content.decode()
    assert Enquiry.objects.count() == 1


def test_a_submission_faster_than_a_person_is_dropped_quietly(visitor, fields):
    # The page was just fetched: less than ENQUIRY_FORM_MIN_SECONDS ago.
    response = send(visitor, fields)
    assert response.status_code == 302
    assert response["Location"] == THANKS_URL
    assert Enquiry.objects.count() == 0
    assert mail.outbox == []


def test_a_filled_honeypot_is_dropped_quietly(visitor, fields):
    visitor.hidden["form_token"] = old_token()
    response = send(visitor, fields, website="http://spam.example")
    assert response.status_code == 302
    assert response["Location"] == THANKS_URL
    assert Enquiry.objects.count() == 0
    assert mail.outbox == []


def test_a_person_who_takes_their_time_gets_through(visitor, fields):
    visitor.hidden["form_token"] = old_token(seconds=5)
    assert send(visitor, fields).status_code == 302
    assert Enquiry.objects.count() == 1


def _submit_many(client, fields, count):
    statuses = []
    for number in range(count):
        token = old_token()
        response = send(client, fields, form_token=token, email=f"p{number}@x.org")
        statuses.append(response.status_code)
    return statuses


@pytest.mark.usefixtures("quick_people")
def test_the_rate_limit_per_address_drops_the_excess_quietly(visitor, fields, settings):
    settings.ENQUIRY_RATE_LIMIT = "3/h"
    statuses = _submit_many(visitor, fields, 5)
    assert statuses == [302] * 5  # the same answer every time
    assert Enquiry.objects.count() == 3
    assert len(mail.outbox) == 3
    # Another address is not limited.
    other = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.9")
    _response, other.hidden = open_form(other, SEED_URL)
    other.commits = visitor.commits
    assert send(other, fields, email="other@x.org").status_code == 302
    assert Enquiry.objects.count() == 4


@pytest.fixture
def shared_cache(settings):
    """The real cache configuration on a Redis of the test's own."""
    from clinic_site import cache_backend
    from clinic_site.settings.caching import build_caches

    server = RedisServer(free_port())
    server.start()
    cache_backend._circuits.clear()
    settings.CACHES = build_caches(server.url, retry_seconds=30.0)
    yield server
    server.stop()


@pytest.mark.usefixtures("quick_people")
def test_the_rate_limit_counts_in_redis_and_the_form_works_when_redis_is_down(
    shared_cache, demo, fields, settings
):
    settings.ENQUIRY_RATE_LIMIT = "2/h"
    client = Client(enforce_csrf_checks=True)
    _response, client.hidden = open_form(client, SEED_URL)
    assert _submit_many(client, fields, 3) == [302, 302, 302]
    assert Enquiry.objects.count() == 2
    assert any(b"rl:" in key for key in shared_cache.keys(0))

    shared_cache.stop()
    client = Client(enforce_csrf_checks=True)
    response, client.hidden = open_form(client, SEED_URL)
    assert response.status_code == 200
    # The limit cannot be counted: it is not applied, and nothing fails.
    assert _submit_many(client, fields, 3) == [302, 302, 302]
    assert Enquiry.objects.count() == 5
