"""Security headers on public pages (fresh and from the page cache) and the admin."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from clinic_site.settings.security import admin_csp, media_origins, site_csp
from tests.conftest import SEED_URL
from tests.security.policy import inline_code, parse, violations

ROOT = Path(__file__).resolve().parents[2]

PUBLIC_URLS = [
    "/",
    "/treatments/",
    SEED_URL,
    "/search/?q=stem+cell",
    "/no-such-page/",
]

SECURITY_HEADERS = [
    "Content-Security-Policy",
    "Permissions-Policy",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Cross-Origin-Opener-Policy",
]

DENIED_FEATURES = [
    "camera",
    "microphone",
    "geolocation",
    "payment",
    "usb",
    "serial",
    "hid",
    "midi",
    "display-capture",
    "interest-cohort",
    "browsing-topics",
]


def assert_common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    features = dict(
        item.strip().split("=", 1) for item in response["Permissions-Policy"].split(",")
    )
    for feature in DENIED_FEATURES:
        assert features[feature] == "()", feature


def assert_site_policy(response):
    policy = parse(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert "upgrade-insecure-requests" not in policy  # production only
    return policy


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_send_every_security_header(client, demo, url):
    response = client.get(url)
    assert response.status_code in {200, 404}
    assert_common_headers(response)
    assert_site_policy(response)
    assert "Strict-Transport-Security" not in response  # plain HTTP, test settings


def test_cached_page_keeps_the_same_headers(client, demo):
    """wagtail-cache stores headers with the page; a hit must carry all of them."""
    first = client.get(SEED_URL)
    second = client.get(SEED_URL)
    assert first["X-Wagtail-Cache"] == "miss"
    assert second["X-Wagtail-Cache"] == "hit"
    assert_common_headers(second)
    assert_site_policy(second)
    for header in SECURITY_HEADERS:
        assert second[header] == first[header], header


def test_policy_has_no_per_request_values(client, demo):
    """No nonce: two fresh renders send the same policy, so caching it is safe."""
    from django.core.cache import caches

    first = client.get(SEED_URL)["Content-Security-Policy"]
    caches["pages"].clear()
    second = client.get(SEED_URL)
    assert second["X-Wagtail-Cache"] == "miss"
    assert second["Content-Security-Policy"] == first
    assert "nonce-" not in first


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_script_directives_never_allow_inline_code(client, demo, url):
    policy = parse(client.get(url)["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    script_directives = ("default-src", "script-src", "script-src-elem")
    for directive in (*script_directives, "script-src-attr"):
        for source in policy.get(directive, []):
            assert source not in {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'"}
            assert not source.startswith(("'nonce-", "'sha"))


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_use_nothing_their_policy_blocks(client, demo, url):
    """No inline script, handler or style, and nothing from another origin."""
    response = client.get(url)
    html = response.content.decode()
    assert inline_code(html) == []
    assert violations(html, response["Content-Security-Policy"]) == []


def test_the_only_inline_script_is_the_json_ld_data_block(client, demo):
    """Other scripts are files of this site's own, which script-src 'self' allows."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(client.get(SEED_URL).content, "html.parser")
    inline = [script for script in soup.find_all("script") if not script.get("src")]
    (script,) = inline
    assert script["type"] == "application/ld+json"
    assert json.loads(script.string)["@graph"]
    for external in soup.find_all("script", src=True):
        assert external["src"].startswith("/static/")


def test_admin_gets_its_own_policy(client, admin_client, demo):
    for response in (client.get("/admin/login/"), admin_client.get("/admin/")):
        assert response.status_code == 200
        assert_common_headers(response)
        policy = parse(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["form-action"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'self'"]
        assert policy["frame-src"] == ["'self'"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_logged_in_editor_on_the_live_site_gets_the_site_policy(admin_client, demo):
    """The Wagtail user bar is loaded from this origin and needs no exception."""
    response = admin_client.get(SEED_URL)
    assert response["X-Wagtail-Cache"] == "skip"
    assert_site_policy(response)
    html = response.content.decode()
    assert "wagtail-userbar" in html
    assert violations(html, response["Content-Security-Policy"]) == []


@override_settings(
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
    CONTENT_SECURITY_POLICY=site_csp(upgrade_insecure_requests=True),
    ADMIN_CONTENT_SECURITY_POLICY=admin_csp(upgrade_insecure_requests=True),
)
def test_production_like_https_responses(client, demo):
    for url in (SEED_URL, "/admin/login/"):
        response = client.get(url, secure=True)
        assert response.status_code == 200
        assert response["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        assert "upgrade-insecure-requests" in parse(response["Content-Security-Policy"])


def production_settings(expression):
    """Evaluate ``expression`` under clinic_site.settings.production."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL"} and not key.startswith(("AXES_", "AWS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="clinic_site.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="clinic.example",
    )
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({expression}, default=str))"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_turn_on_https_only_protections():
    values = production_settings(
        "{name: getattr(settings, name) for name in ["
        "'SECURE_HSTS_SECONDS', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE', "
        "'CSRF_COOKIE_SAMESITE', 'SESSION_EXPIRE_AT_BROWSER_CLOSE', "
        "'SESSION_COOKIE_AGE', 'X_FRAME_OPTIONS', 'SECURE_REFERRER_POLICY', "
        "'CONTENT_SECURITY_POLICY', 'ADMIN_CONTENT_SECURITY_POLICY', "
        "'WAGTAIL_2FA_REQUIRED', 'AXES_FAILURE_LIMIT']}"
    )
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert values["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert values["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    assert values["SESSION_COOKIE_AGE"] == 8 * 60 * 60
    assert values["X_FRAME_OPTIONS"] == "SAMEORIGIN"
    assert values["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    site = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    admin = values["ADMIN_CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert site["upgrade-insecure-requests"] is True
    assert admin["upgrade-insecure-requests"] is True
    assert site["script-src"] == ["'self'"]
    assert values["WAGTAIL_2FA_REQUIRED"] is False
    assert values["AXES_FAILURE_LIMIT"] == 5


def test_dev_and_test_settings_do_not_upgrade_requests(settings):
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives["upgrade-insecure-requests"] is False


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, []),
        (
            {"AWS_STORAGE_BUCKET_NAME": "b", "AWS_S3_CUSTOM_DOMAIN": "media.example"},
            ["https://media.example"],
        ),
        (
            {
                "AWS_STORAGE_BUCKET_NAME": "b",
                "AWS_S3_ENDPOINT_URL": "https://s3.provider.example:9000/x",
            },
            ["https://s3.provider.example:9000"],
        ),
        (
            {"AWS_STORAGE_BUCKET_NAME": "b", "AWS_S3_REGION_NAME": "eu-central-1"},
            ["https://b.s3.amazonaws.com", "https://b.s3.eu-central-1.amazonaws.com"],
        ),
        (
            {"CSP_MEDIA_ORIGINS": "https://cdn.example/media/, https://cdn.example"},
            ["https://cdn.example"],
        ),
    ],
)
def test_uploads_on_another_origin_are_allowed_as_images(monkeypatch, env, expected):
    for name in (
        "AWS_STORAGE_BUCKET_NAME",
        "AWS_S3_CUSTOM_DOMAIN",
        "AWS_S3_ENDPOINT_URL",
        "AWS_S3_REGION_NAME",
        "CSP_MEDIA_ORIGINS",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert media_origins() == expected
    img_src = site_csp()["DIRECTIVES"]["img-src"]
    assert img_src == ["'self'", "data:", *expected]
    assert admin_csp()["DIRECTIVES"]["img-src"] == [*img_src, "blob:"]
