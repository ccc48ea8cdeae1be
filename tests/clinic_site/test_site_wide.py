"""Site-wide behaviour: sitemap, robots.txt, redirects, error pages, settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.test import Client, override_settings
from wagtail.contrib.redirects.models import Redirect

from tests.conftest import SEED_URL

ROOT = Path(__file__).resolve().parents[2]


def test_sitemap_lists_live_pages_with_absolute_urls(client, demo):
    from treatments.models import TreatmentIndexPage, TreatmentPage

    draft = TreatmentPage(title="Draft", condition_name="x", summary="x", live=False)
    TreatmentIndexPage.objects.get(locale__language_code="en").add_child(instance=draft)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)  # noqa: S314 (our own output)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in tree.findall("s:url/s:loc", namespace)]
    assert "http://127.0.0.1:8000" + SEED_URL in locations
    assert "http://127.0.0.1:8000/treatments/" in locations
    assert "http://127.0.0.1:8000/" in locations
    assert not any("draft" in loc for loc in locations)


def test_robots_txt_points_to_the_sitemap(client, demo):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /" not in lines


def test_wagtail_redirects_are_served(client, demo):
    Redirect.objects.create(old_path="/old-cp-page", redirect_page=demo)
    response = client.get("/old-cp-page/")
    assert response.status_code == 301
    assert response["Location"].endswith(SEED_URL)


def test_404_page_in_the_site_design(client, demo):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.text == "Page not found"
    assert soup.select_one("header.site-header") is not None
    assert soup.select_one("footer.site-footer") is not None
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


@override_settings(DEBUG=False)
def test_500_page_in_the_site_design(demo, monkeypatch):
    client = Client(raise_request_exception=False)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("search.views.clean_query", broken)
    response = client.get("/search/?q=x")
    assert response.status_code == 500
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.text == "Something went wrong"
    assert "boom" not in response.content.decode()


def run_with_production_settings(env_overrides, code="import django; django.setup()"):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    env.update(DJANGO_SETTINGS_MODULE="clinic_site.settings.production")
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"ALLOWED_HOSTS": "clinic.example"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_secrets(env, missing):
    result = run_with_production_settings(env)
    assert result.returncode != 0
    assert f"The environment variable {missing} is required" in result.stderr


def test_production_starts_with_its_environment():
    result = run_with_production_settings(
        {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "clinic.example,www.clinic.example"},
        code=(
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DEBUG, settings.ALLOWED_HOSTS)"
        ),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['clinic.example', 'www.clinic.example']"


def test_500_handler_makes_no_queries(db, rf, django_assert_num_queries):
    """The database may be the thing that failed."""
    from clinic_site.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


def test_deployment_check_is_clean():
    result = run_with_production_settings(
        {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "clinic.example"},
        code=(
            "import sys; from django.core.management import execute_from_command_line;"
            " execute_from_command_line(['manage.py', 'check', '--deploy',"
            " '--fail-level', 'WARNING'])"
        ),
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
