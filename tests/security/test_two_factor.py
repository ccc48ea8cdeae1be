"""Two-factor authentication for staff (wagtail-2fa, TOTP).

Every staff user may enrol a device; from then on a code is asked for at
login. ``WAGTAIL_2FA_REQUIRED`` (env ``ADMIN_2FA_REQUIRED``) makes enrolling
compulsory.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.security.conftest import PASSWORD


def token(device):
    return str(
        totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    ).zfill(device.digits)


def log_in(client, username="editor"):
    response = client.post(
        "/admin/login/",
        {"username": username, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    return response


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


def test_off_by_default(settings):
    assert settings.WAGTAIL_2FA_REQUIRED is False


def test_with_2fa_off_login_goes_straight_to_the_dashboard(client, settings, editor):
    settings.WAGTAIL_2FA_REQUIRED = False
    assert log_in(client)["Location"] == "/admin/"
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert b"Dashboard" in dashboard.content


def test_with_2fa_required_a_user_without_device_must_enrol(client, settings, editor):
    settings.WAGTAIL_2FA_REQUIRED = True
    log_in(client)
    for url in ("/admin/", "/admin/pages/", "/treatments/"):
        response = client.get(url)
        assert response.status_code == 302, url
        location = urlsplit(response["Location"])
        assert location.path == reverse("wagtail_2fa_device_new"), url
    setup = client.get(reverse("wagtail_2fa_device_new"))
    assert setup.status_code == 200
    assert reverse("wagtail_2fa_device_qrcode").encode() in setup.content


def test_any_staff_user_can_enrol_a_device(client, settings, editor):
    settings.WAGTAIL_2FA_REQUIRED = False
    client.force_login(editor)
    account = client.get(reverse("wagtailadmin_account"))
    assert "Manage your 2FA devices" in account.content.decode()
    form = client.get(reverse("wagtail_2fa_device_new"))
    assert form.status_code == 200
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    qr = client.get(reverse("wagtail_2fa_device_qrcode"))
    assert qr["Content-Type"] == "image/svg+xml"
    response = client.post(
        reverse("wagtail_2fa_device_new"),
        {"name": "My phone", "otp_token": token(device), "password": PASSWORD},
    )
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert device.name == "My phone"


def test_enrolling_needs_the_password_and_a_valid_code(client, editor):
    client.force_login(editor)
    client.get(reverse("wagtail_2fa_device_new"))
    response = client.post(
        reverse("wagtail_2fa_device_new"),
        {"name": "My phone", "otp_token": "000000", "password": "wrong"},
    )
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()


@pytest.mark.parametrize("required", [False, True])
def test_an_enrolled_user_is_asked_for_a_code(client, settings, editor, required):
    """Also with 2FA optional: enrolling must protect the account."""
    settings.WAGTAIL_2FA_REQUIRED = required
    device = confirmed_device(editor)
    log_in(client)
    response = client.get("/admin/")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("wagtail_2fa_auth")
    wrong = client.post(
        reverse("wagtail_2fa_auth"), {"otp_token": "000000", "next": "/admin/"}
    )
    assert wrong.status_code == 200
    assert b"Invalid code" in wrong.content
    assert client.get("/admin/pages/").status_code == 302
    # django-otp makes each failure double the wait; let it pass.
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    device.throttle_reset()
    right = client.post(
        reverse("wagtail_2fa_auth"), {"otp_token": token(device), "next": "/admin/"}
    )
    assert right.status_code == 302
    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_code_from_any_of_the_users_devices_is_accepted(client, editor):
    confirmed_device(editor)
    backup = TOTPDevice.objects.create(user=editor, name="Backup", confirmed=True)
    log_in(client)
    response = client.post(
        reverse("wagtail_2fa_auth"), {"otp_token": token(backup), "next": "/admin/"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_another_users_device_does_not_count(client, editor, moderator):
    confirmed_device(editor)
    theirs = confirmed_device(moderator)
    log_in(client)
    response = client.post(
        reverse("wagtail_2fa_auth"), {"otp_token": token(theirs), "next": "/admin/"}
    )
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_the_code_page_is_ours(db):
    """Found before wagtail-2fa's own view at the same address (app order)."""
    from django.urls import resolve

    from security.two_factor import LoginView

    match = resolve(reverse("wagtail_2fa_auth"))
    assert match.func.view_class is LoginView


def test_anonymous_visitors_are_never_asked_for_a_code(client, settings, demo):
    settings.WAGTAIL_2FA_REQUIRED = True
    assert client.get("/").status_code == 200
    assert client.get("/admin/login/").status_code == 200


def test_an_administrator_removes_a_lost_device(client, superuser, editor):
    device = confirmed_device(editor)
    client.force_login(superuser)
    users = client.get(reverse("wagtailusers_users:index"))
    devices_url = reverse("wagtail_2fa_device_list", kwargs={"user_id": editor.pk})
    assert devices_url in users.content.decode()
    listing = client.get(devices_url)
    assert "Phone" in listing.content.decode()
    remove = reverse("wagtail_2fa_device_remove", kwargs={"pk": device.pk})
    assert client.get(remove).status_code == 200
    response = client.post(remove, {"user_id": editor.pk})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    # The editor signs in with the password alone again.
    other = type(client)()
    log_in(other)
    assert other.get("/admin/").status_code == 200


def test_editors_cannot_remove_someone_elses_device(client, editor, moderator):
    device = confirmed_device(moderator)
    client.force_login(editor)
    remove = reverse("wagtail_2fa_device_remove", kwargs={"pk": device.pk})
    response = client.post(remove, {"user_id": moderator.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")  # permission denied
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
