"""/healthz for load balancers, and a styled 503 when the database is gone."""

import json

import pytest
from bs4 import BeautifulSoup
from django.db import OperationalError
from django.test import Client

from tests.conftest import SEED_URL


def test_healthz_reports_the_database_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert response.get("X-Wagtail-Cache") != "hit"
    assert client.get("/healthz").get("X-Wagtail-Cache") != "hit"


def test_healthz_says_503_when_the_database_does_not_answer(client, db, monkeypatch):
    class UnreachableDatabase:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("clinic_site.health.connection", UnreachableDatabase())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "error",
        "database": "unavailable",
    }
    assert response["Retry-After"] == "30"
    assert b"connection refused" not in response.content


def test_healthz_refuses_posts(client, db):
    assert client.post("/healthz").status_code == 405


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def test_database_outage_gives_the_styled_503_page(
    visitor, settings, demo, monkeypatch
):
    settings.WAGTAIL_CACHE = False

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("wagtail.models.Site.find_for_request", refuse)
    response = visitor.get(SEED_URL)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.text == "The site is briefly unavailable"
    assert b"could not connect" not in response.content
    assert b"Traceback" not in response.content


def test_a_bug_in_a_query_is_still_a_500(visitor, settings, demo, monkeypatch):
    from django.db import IntegrityError

    settings.WAGTAIL_CACHE = False

    def broken(*args, **kwargs):
        raise IntegrityError("duplicate key")

    monkeypatch.setattr("wagtail.models.Site.find_for_request", broken)
    response = visitor.get(SEED_URL)
    assert response.status_code == 500
    assert BeautifulSoup(response.content, "html.parser").h1.text == (
        "Something went wrong"
    )


def test_cached_pages_are_still_served_during_an_outage(visitor, demo, monkeypatch):
    assert visitor.get(SEED_URL).status_code == 200  # fills the page cache

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server")

    # Serving a page needs the database from its first step, finding the
    # site; a cache hit never gets that far.
    monkeypatch.setattr("wagtail.models.Site.find_for_request", refuse)
    response = visitor.get(SEED_URL)
    assert response.status_code == 200
    assert response["X-Wagtail-Cache"] == "hit"


def test_gunicorn_config_reads_the_environment(monkeypatch):
    import runpy
    from pathlib import Path

    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("PORT", "9000")
    config = runpy.run_path(
        str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py")
    )
    assert config["workers"] == 3
    assert config["bind"] == "127.0.0.1:9000"
    assert config["accesslog"] == "-"
    assert (
        json.loads(
            config["access_log_format"]
            .replace("%(s)s", "200")
            .replace("%(M)s", "5")
            .replace("%(", "")
            .replace(")s", "")
        )["status"]
        == 200
    )
