"""/healthz for load balancers, and a styled 503 when the database is gone."""

import json
import time

import pytest
from bs4 import BeautifulSoup
from django.db import OperationalError
from django.test import Client

from clinic_site.settings.caching import build_caches
from tests.conftest import SEED_URL


def health(client):
    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started
    assert "no-cache" in response["Cache-Control"]
    assert response.get("X-Wagtail-Cache") != "hit"
    return response.status_code, json.loads(response.content), elapsed


OK = {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
DEGRADED = {"status": "degraded", "checks": {"database": "ok", "cache": "down"}}


def test_healthz_reports_the_database_and_the_cache_ok(client, db):
    assert health(client)[:2] == (200, OK)
    assert health(client)[:2] == (200, OK)  # never served from the page cache


class UnreachableDatabase:
    def cursor(self):
        raise OperationalError("connection refused")


def test_healthz_says_503_when_the_database_does_not_answer(client, db, monkeypatch):
    monkeypatch.setattr("clinic_site.health.connection", UnreachableDatabase())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "down",
        "checks": {"database": "down", "cache": "ok"},
    }
    assert response["Retry-After"] == "30"
    assert b"connection refused" not in response.content


def test_healthz_with_the_file_cache_writes_and_reads_a_probe(
    client, db, settings, tmp_path
):
    settings.CACHES = build_caches("", cache_dir=tmp_path / "cache")
    assert health(client)[:2] == (200, OK)
    # The probe was read back and deleted: nothing is left behind.
    assert not list((tmp_path / "cache").rglob("*.djcache"))

    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    settings.CACHES = build_caches("", cache_dir=blocked)
    assert health(client)[:2] == (200, DEGRADED)


def test_healthz_with_redis_ok_then_refusing(client, db, redis_server, use_redis):
    use_redis(redis_server)
    assert health(client)[:2] == (200, OK)
    assert redis_server.keys(db=0) == []  # the probe is deleted
    redis_server.stop()
    assert health(client)[:2] == (200, DEGRADED)
    assert health(client)[:2] == (200, DEGRADED)


def test_healthz_with_redis_hung_answers_degraded_within_a_second(
    client, db, redis_server, use_redis
):
    use_redis(redis_server)
    assert health(client)[:2] == (200, OK)
    redis_server.pause()
    status, body, elapsed = health(client)
    assert (status, body) == (200, DEGRADED)
    assert elapsed < 1
    status, body, elapsed = health(client)  # the breaker is open: no waiting
    assert (status, body) == (200, DEGRADED)
    assert elapsed < 1


def test_healthz_with_the_database_and_redis_down(
    client, db, redis_server, use_redis, monkeypatch
):
    use_redis(redis_server)
    redis_server.stop()
    monkeypatch.setattr("clinic_site.health.connection", UnreachableDatabase())
    status, body, _ = health(client)
    assert (status, body) == (
        503,
        {"status": "down", "checks": {"database": "down", "cache": "down"}},
    )


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


def test_a_load_balancer_probe_by_address_over_http_gets_the_health(
    client, db, settings
):
    """Production redirects plain HTTP and refuses unknown hosts; the probe
    reaches each server by its own address, over HTTP, and must still see it."""
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["clinic.test"]

    probe = client.get("/healthz", HTTP_HOST="10.0.3.7:8000")

    assert probe.status_code == 200
    assert json.loads(probe.content) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok"},
    }
    assert probe["Cache-Control"].startswith("max-age=0")
    # Everything else keeps both rules.
    assert client.get("/", HTTP_HOST="10.0.3.7:8000").status_code == 400
    redirected = client.get("/robots.txt", HTTP_HOST="clinic.test")
    assert redirected.status_code == 301
    assert redirected["Location"] == "https://clinic.test/robots.txt"
