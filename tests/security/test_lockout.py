"""Login lockout (django-axes): visible, per username and address, reversible."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.security.conftest import PASSWORD
from tests.security.policy import inline_code, parse, violations

LOGIN = "/admin/login/"
LIMIT = 3


@pytest.fixture(autouse=True)
def _low_limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def attempt(client, username, password, **extra):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, **extra
    )


def fail(client, username="editor", times=LIMIT, **extra):
    return [attempt(client, username, "wrong password", **extra) for _ in range(times)]


def is_logged_in(client):
    return client.get("/admin/").status_code == 200


def assert_locked_page(response):
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Sign-in locked"
    text = soup.get_text(" ", strip=True).replace("\xa0", " ")
    assert "Please try again in 1 hour." in text
    assert "ask an administrator to unlock your account" in text
    assert "Traceback" not in text
    # In the site's design, under the admin's policy, needing nothing inline.
    assert soup.select_one("header.site-header") is not None
    assert soup.select_one("footer.site-footer") is not None
    html = response.content.decode()
    assert inline_code(html) == []
    assert violations(html, response["Content-Security-Policy"]) == []


def test_lockout_settings(settings):
    cool_off = settings.AXES_COOLOFF_TIME
    first_backend = settings.AUTHENTICATION_BACKENDS[0]
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert cool_off == timedelta(hours=1)
    assert settings.AXES_RESET_ON_SUCCESS is True
    assert first_backend == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_failures_below_the_limit_show_the_login_form(client, editor):
    for response in fail(client, times=LIMIT - 1):
        assert response.status_code == 200
        assert b"Your username and password didn" in response.content
    assert is_logged_in(client) is False
    assert attempt(client, "editor", PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_nth_failure_locks_and_the_right_password_is_refused(client, editor):
    responses = fail(client)
    assert [r.status_code for r in responses] == [200] * (LIMIT - 1) + [429]
    assert_locked_page(responses[-1])
    locked = attempt(client, "editor", PASSWORD)
    assert_locked_page(locked)
    assert is_logged_in(client) is False
    assert parse(locked["Content-Security-Policy"])["frame-ancestors"] == ["'self'"]


def test_lockout_is_for_that_username_from_that_address(editor, moderator):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    fail(attacker)
    assert attempt(attacker, "editor", PASSWORD).status_code == 429
    # The same user from elsewhere, and another user from the same address.
    elsewhere = Client(REMOTE_ADDR="198.51.100.2")
    assert attempt(elsewhere, "editor", PASSWORD).status_code == 302
    colleague = Client(REMOTE_ADDR="203.0.113.7")
    assert attempt(colleague, "moderator", PASSWORD).status_code == 302


def test_lockout_ends_after_the_cool_off(client, editor):
    fail(client)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=59))
    assert attempt(client, "editor", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=61))
    assert attempt(client, "editor", PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_a_successful_login_resets_the_count(client, editor):
    fail(client, times=LIMIT - 1)
    assert attempt(client, "editor", PASSWORD).status_code == 302
    client.post(reverse("wagtailadmin_logout"))
    responses = fail(client, times=LIMIT - 1)
    assert [r.status_code for r in responses] == [200] * (LIMIT - 1)
    assert attempt(client, "editor", PASSWORD).status_code == 302


def test_reset_username_command_unlocks(client, editor):
    fail(client)
    assert attempt(client, "editor", PASSWORD).status_code == 429
    call_command("axes_reset_username", "editor", verbosity=0)
    assert not AccessAttempt.objects.filter(username="editor").exists()
    assert attempt(client, "editor", PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_reset_ip_username_command_unlocks_only_that_pair(editor):
    first = Client(REMOTE_ADDR="203.0.113.7")
    second = Client(REMOTE_ADDR="203.0.113.8")
    fail(first)
    fail(second)
    call_command("axes_reset_ip_username", "203.0.113.7", "editor", verbosity=0)
    assert attempt(first, "editor", PASSWORD).status_code == 302
    assert attempt(second, "editor", PASSWORD).status_code == 429


def test_ajax_lockout_is_json(client, editor):
    fail(client)
    response = attempt(
        client, "editor", PASSWORD, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )
    assert response.status_code == 429
    assert response.json() == {"locked_out": True, "retry_after": 3600}


def test_without_a_proxy_x_forwarded_for_is_ignored(client, editor):
    fail(client, HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "127.0.0.1"
    }


def test_behind_a_proxy_the_client_address_is_locked_and_cannot_be_spoofed(
    settings, editor
):
    """nginx in front: it appends the client's address, REMOTE_ADDR is nginx."""
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    via_proxy = Client(REMOTE_ADDR="127.0.0.1")
    fail(via_proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "203.0.113.7"
    }
    locked = attempt(via_proxy, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert locked.status_code == 429
    # Another visitor behind the same proxy is not affected.
    other = attempt(via_proxy, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert other.status_code == 302
    # The locked client claiming to be that visitor: nginx appends the real
    # address, the longer header is not believed, and the attempt is not
    # counted against the visitor it names.
    Client(REMOTE_ADDR="127.0.0.1").post(
        LOGIN,
        {"username": "moderator", "password": "wrong"},
        HTTP_X_FORWARDED_FOR="198.51.100.2, 203.0.113.7",
    )
    assert not AccessAttempt.objects.filter(
        username="moderator", ip_address="198.51.100.2"
    ).exists()


# --- Settings > Login lockouts ----------------------------------------------


def lockouts_url(name="index", *args):
    return reverse(f"login_lockouts:{name}", args=args)


def test_administrator_sees_and_lifts_a_lockout(client, superuser, editor):
    fail(Client(REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Browser A"))
    fail(Client(REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Browser B"), times=1)
    fail(Client(REMOTE_ADDR="198.51.100.2"), times=1)
    client.force_login(superuser)
    listing = client.get(lockouts_url())
    assert listing.status_code == 200
    soup = BeautifulSoup(listing.content, "html.parser")
    rows = [row.get_text(" ", strip=True) for row in soup.select("tbody tr")]
    assert len(rows) == 3
    assert all("editor" in row for row in rows)
    assert any("203.0.113.7" in row and "Browser A" in row for row in rows)

    row = AccessAttempt.objects.get(user_agent="Browser A")
    confirm = client.get(lockouts_url("delete", row.pk))
    assert confirm.status_code == 200
    assert "Let “editor” sign in again from 203.0.113.7?" in confirm.content.decode()
    response = client.post(lockouts_url("delete", row.pk))
    assert response.status_code == 302
    # Both rows for the pair are gone (axes adds them up); the other stays.
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [
        "198.51.100.2"
    ]
    again = Client(REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Browser A")
    assert attempt(again, "editor", PASSWORD).status_code == 302


def test_lockouts_are_listed_in_the_settings_menu_for_administrators_only(
    client, superuser, editor
):
    client.force_login(superuser)
    assert "Login lockouts" in client.get("/admin/").content.decode()
    client.force_login(editor)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "Login lockouts" not in dashboard.content.decode()


def test_editors_cannot_see_or_lift_lockouts(client, editor, moderator):
    fail(Client(REMOTE_ADDR="203.0.113.7"), username="moderator")
    row = AccessAttempt.objects.get()
    client.force_login(editor)
    for response in (
        client.get(lockouts_url()),
        client.get(lockouts_url("delete", row.pk)),
        client.post(lockouts_url("delete", row.pk)),
    ):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
    assert AccessAttempt.objects.filter(pk=row.pk).exists()


def test_attempts_cannot_be_created_or_edited_in_the_admin(client, superuser):
    client.force_login(superuser)
    assert client.get("/admin/login_lockouts/new/").status_code == 404
    assert client.get("/admin/login_lockouts/edit/1/").status_code == 404
