"""Session and CSRF cookies: flags, lifetime and expiry."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.utils import timezone

from tests.security.conftest import PASSWORD

PRODUCTION_COOKIES = {"SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True}


def log_in(client, **extra):
    response = client.post(
        "/admin/login/",
        {"username": "editor", "password": PASSWORD, "next": "/admin/"},
        **extra,
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    return response


@override_settings(**PRODUCTION_COOKIES)
def test_session_cookie_flags_under_production_settings(client, editor):
    response = log_in(client, secure=True)
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    # A browser-session cookie: no Max-Age or Expires, gone when it closes.
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""


@override_settings(**PRODUCTION_COOKIES)
def test_csrf_cookie_flags_under_production_settings(client, db):
    response = client.get("/admin/login/", secure=True)
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"


def test_server_side_session_ends_after_eight_hours(client, editor):
    before = timezone.now()
    log_in(client)
    after = timezone.now()
    assert client.session.get_expire_at_browser_close() is True
    expires = Session.objects.get().expire_date
    assert before + timedelta(hours=8) <= expires <= after + timedelta(hours=8)


def test_expired_session_is_signed_out(client, editor):
    log_in(client)
    assert client.get("/admin/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize(("raw", "expected"), [("3600", 3600), (None, 8 * 60 * 60)])
def test_session_age_comes_from_the_environment(monkeypatch, raw, expected):
    import importlib

    from clinic_site.settings import security

    if raw is None:
        monkeypatch.delenv("SESSION_COOKIE_AGE", raising=False)
    else:
        monkeypatch.setenv("SESSION_COOKIE_AGE", raw)
    try:
        age = importlib.reload(security).SESSION_COOKIE_AGE
        assert age == expected
    finally:
        monkeypatch.undo()
        importlib.reload(security)


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("Tr0ub4dor&3x", True),  # 12 characters
        ("Tr0ub4dor&3", False),  # 11
        ("password1234", False),  # common
        ("493817265049", False),  # numeric only
        ("editor@example.com", False),  # the email address
    ],
)
def test_passwords_need_twelve_characters_and_no_weak_patterns(
    editor, password, accepted
):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password, user=editor)
    except ValidationError:
        assert not accepted
    else:
        assert accepted
