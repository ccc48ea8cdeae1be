"""Shared helpers for the enquiry tests: a form as a browser would send it."""

import re
import time

import pytest
from django.core import signing

from enquiries import spam

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN_INPUT = re.compile(r'name="form_token" value="([^"]+)"')
VERSION_INPUT = re.compile(
    r'name="consent_version"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="consent_version"'
)


def hidden_values(html):
    """The CSRF token, the form token and the consent version in a page."""
    csrf = CSRF_INPUT.search(html)
    token = TOKEN_INPUT.search(html)
    version = VERSION_INPUT.search(html)
    return (
        csrf.group(1) if csrf else "",
        token.group(1) if token else "",
        (version.group(1) or version.group(2) or "") if version else "",
    )


def old_token(seconds=60):
    """A genuine form token made ``seconds`` ago (a person takes time)."""
    return spam.new_token(now=time.time() - seconds)


def tampered(token):
    data = signing.loads(token, salt=spam.SALT)
    data["t"] -= 3600
    # Re-signed with another key: the signature no longer matches.
    return signing.dumps(data, key="not-the-site-key", salt=spam.SALT)


@pytest.fixture
def fields():
    """A complete, valid enquiry (the tokens are added by each test)."""
    return {
        "name": "Ayşe Yılmaz",
        "email": "ayse@example.com",
        "phone": "+90 532 123 45 67",
        "preferred_language": "tr",
        "patient_age": "7",
        "message": "My son is 7 and has spastic diplegia. Is he a candidate?",
        "consent": "on",
        "website": "",
    }


SUBMIT_URL = "/enquiry/"
THANKS_URL = "/enquiry/thanks/"


def open_form(client, url):
    """GET ``url`` as a visitor; the hidden fields its enquiry form carries."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    csrf, token, version = hidden_values(html)
    assert csrf and token, "the page has no enquiry form"
    return response, {
        "csrfmiddlewaretoken": csrf,
        "form_token": token,
        "consent_version": version,
    }


@pytest.fixture
def quick_people(settings):
    """Tests that post at once: no minimum time (its own tests set it)."""
    settings.ENQUIRY_FORM_MIN_SECONDS = 0
