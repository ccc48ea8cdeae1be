"""The Wagtail admin works under the policy it is sent.

What a browser would refuse is found server-side (``tests.security.policy``):
every inline script, handler, style and URL in the admin's HTML must be allowed
by the admin's Content-Security-Policy header on the same response. The same
HTML checked against the public site's policy shows why the admin needs its
own: Wagtail initialises its widgets with inline scripts.
"""

import pytest
from django.urls import reverse

from seo.editor import PREVIEW_MODE
from tests.conftest import SEED_URL
from tests.security.policy import inline_code, parse, violations
from tests.treatments.test_admin import page_form_data


def site_policy(client):
    return client.get(SEED_URL)["Content-Security-Policy"]


def assert_works_under_its_policy(response):
    assert response.status_code == 200
    header = response["Content-Security-Policy"]
    assert parse(header)["frame-ancestors"] == ["'self'"]
    assert violations(response.content.decode(), header) == []
    return response.content.decode()


def test_treatment_edit_page(admin_client, client, demo):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(demo.pk,)))
    html = assert_works_under_its_policy(response)
    assert demo.title in html
    # Under the public site's policy the same page would lose its widgets.
    blocked = violations(html, site_policy(client))
    assert any("inline script" in line for line in blocked), blocked


def test_preview_panel_renders_the_edited_page(admin_client, demo):
    """The preview panel POSTs the form, then frames a GET of the same URL."""
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(demo.pk,))
    data = page_form_data(
        "Previewed title",
        demo.slug,
        [("heading", {"text": "A heading only in the preview", "level": "h2"})],
    )
    posted = admin_client.post(url, data)
    assert posted.status_code == 200
    assert posted.json()["is_valid"] is True
    for mode in ("", PREVIEW_MODE):
        response = admin_client.get(url, {"mode": mode})
        html = assert_works_under_its_policy(response)
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        if mode == "":
            assert "A heading only in the preview" in html
            assert "Previewed title" in html
            # The page template itself needs nothing beyond the strict policy.
            assert inline_code(html) == []


def test_view_draft_preview(admin_client, demo):
    demo.title = "Draft-only title"
    demo.save_revision()
    response = admin_client.get(
        reverse("wagtailadmin_pages:view_draft", args=(demo.pk,))
    )
    html = assert_works_under_its_policy(response)
    assert "Draft-only title" in html
    assert inline_code(html) == []


@pytest.mark.parametrize(
    "url_name",
    [
        "wagtailadmin_home",
        "wagtailadmin_explore_root",
        "wagtailadmin_account",
        "wagtail_2fa_device_new",
        "login_lockouts:index",
    ],
)
def test_admin_views(admin_client, demo, url_name):
    assert_works_under_its_policy(admin_client.get(reverse(url_name)))


def test_two_factor_device_list(admin_client, admin_user, demo):
    url = reverse("wagtail_2fa_device_list", kwargs={"user_id": admin_user.pk})
    assert_works_under_its_policy(admin_client.get(url))


def test_two_factor_code_page(client, editor):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    client.force_login(editor)
    assert_works_under_its_policy(client.get(reverse("wagtail_2fa_auth")))
