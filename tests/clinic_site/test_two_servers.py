"""Two app servers, one truth (issue 16).

Two gunicorn instances, each started on its own from a working directory of
its own with the production settings, share one PostgreSQL (the test
database) and one Redis, as two machines behind a load balancer would. What
one server changes, or a command run beside them (the test process, through
the ORM), the other serves on its very next request: pages, the menu, the
listings, the sitemap, redirects, the clinic's settings, doctors, sessions and
sign-in lockouts. Nothing is mocked.

Each test uses both servers for reading and server A's admin, over HTTP, for
at least one change; the page cache is warmed on B first, so a stale copy would
be served if anything failed to reach it.

PostgreSQL only: on SQLite the test database lives in the test process's
memory, which no other process can open. ``make test`` runs the suite on both
databases and CI on PostgreSQL, where these tests run.
"""

import os
import secrets
import subprocess
import sys
from types import SimpleNamespace
from urllib.parse import quote

import pytest
import redis
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

from clinic.models import ClinicSettings
from clinic_site import cache_backend
from clinic_site.settings.caching import build_caches
from doctors.models import Doctor, DoctorIndexPage
from tests.clinic_site.app_servers import (
    PUBLIC_HOST,
    ROOT,
    AppServer,
    Browser,
    form_values,
    h1_of,
    links_of,
    text_of,
)
from tests.clinic_site.conftest import RedisServer, free_port
from tests.conftest import SEED_SLUG, SEED_URL
from treatments.models import TreatmentIndexPage, TreatmentPage

EDITOR = "editor"
PASSWORD = "correct horse battery staple"  # noqa: S105 (a test account)


def _database_url():
    """The test database pytest-django created, as a ``DATABASE_URL``."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or ""
    if host.startswith("/"):  # a Unix socket's directory
        host = quote(host, safe="")
    if db["PORT"]:
        host += f":{db['PORT']}"
    at = f"{credentials}@" if credentials else ""
    return f"postgres://{at}{host}/{quote(db['NAME'], safe='')}"


@pytest.fixture(scope="module")
def two_servers(django_db_setup, tmp_path_factory):
    """Redis, one release's static files and two gunicorn servers, A and B.

    Both have the production settings and the same environment, as two
    machines of one deployment would: the database, ``REDIS_URL``, the media
    volume, ``SECRET_KEY`` and the release (its ``collectstatic`` output, built
    once). Nothing else is shared: each has its own processes (a master and
    two workers) and working directory.
    """
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL: on SQLite the test database is in this process's "
            "memory, which the app servers cannot open."
        )
    redis_server = RedisServer(free_port())
    release = tmp_path_factory.mktemp("release")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": PUBLIC_HOST,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_server.url,
        "PAGE_CACHE": "true",
        "MEDIA_ROOT": os.fspath(release / "media"),
        "STATIC_ROOT": os.fspath(release / "static"),
        "AXES_FAILURE_LIMIT": str(django_settings.AXES_FAILURE_LIMIT),
        "WEB_CONCURRENCY": "2",
        "LOG_FORMAT": "text",
        "LOG_LEVEL": "WARNING",
    }
    servers = []
    try:
        redis_server.start()
        subprocess.run(  # noqa: S603 (our own manage.py)
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        for name in ("a", "b"):
            workdir = tmp_path_factory.mktemp(f"server-{name}")
            servers.append(AppServer(name.upper(), free_port(), workdir, env))
            servers[-1].start()
        for server in servers:
            server.wait_until_healthy()
        yield SimpleNamespace(a=servers[0], b=servers[1], redis=redis_server)
    finally:
        for server in servers:
            server.stop()
        redis_server.stop()


@pytest.fixture
def servers(
    transactional_db, django_db_serialized_rollback, demo, two_servers, settings
):
    """The two servers over the committed demo site, with an empty Redis.

    The test process uses the same Redis, as a management command on one of
    the machines would, so what it publishes through the ORM clears the cache
    the servers read. Redis is emptied first: the previous test's database,
    whose pages the servers cached, was emptied under them.
    """
    client = redis.Redis(port=two_servers.redis.port, socket_timeout=5)
    client.flushall()
    client.close()
    cache_backend._circuits.clear()
    settings.CACHES = build_caches(two_servers.redis.url)
    return two_servers


@pytest.fixture
def editor(servers):
    """A superuser, and a browser signed in to server A's admin as them.

    The password is hashed with the hasher production uses, PBKDF2 (the test
    settings' MD5 is unknown to the servers), with few rounds to keep it fast.
    """
    hasher = PBKDF2PasswordHasher()
    get_user_model().objects.create_superuser(
        username=EDITOR,
        email="editor@example.com",
        password=None,
    )
    get_user_model().objects.filter(username=EDITOR).update(
        password=hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    )
    browser = Browser()
    signed_in = browser.log_in(servers.a, EDITOR, PASSWORD)
    assert signed_in.status_code == 302, text_of(signed_in)[:500]
    assert signed_in.headers["Location"] == "/admin/"
    return browser


def visit(server, path):
    """An anonymous visitor's request (no cookies): page-cache material."""
    return Browser().get(server, path)


def cached_view(server, path, status=200):
    """``path`` on ``server``, viewed until it is a page-cache hit."""
    visit(server, path)
    response = visit(server, path)
    assert response.status_code == status, path
    assert response.headers["X-Wagtail-Cache"] == "hit", path
    return response


def footer_text(response):
    footer = BeautifulSoup(response.content, "html.parser").find("footer")
    return " ".join(footer.get_text().split())


def nav_links(response):
    nav = BeautifulSoup(response.content, "html.parser").find("nav", class_="site-nav")
    return {a["href"] for a in nav.find_all("a", href=True)}


def test_the_servers_share_one_page_cache_and_see_a_publish_at_once(servers, demo):
    a, b = servers.a, servers.b
    assert visit(b, SEED_URL).headers["X-Wagtail-Cache"] == "miss"
    assert visit(b, SEED_URL).headers["X-Wagtail-Cache"] == "hit"
    # B's copy, served by A: one cache, not one per server.
    assert visit(a, SEED_URL).headers["X-Wagtail-Cache"] == "hit"
    cached_view(b, "/treatments/")

    page = TreatmentPage.objects.get(pk=demo.pk)
    page.title = "Stem cells for cerebral palsy, republished"
    page.summary = "A summary published beside the two servers."
    # Published beside the servers, as `publish_scheduled` would.
    page.save_revision().publish()

    fresh = visit(b, SEED_URL)
    assert fresh.status_code == 200
    assert fresh.headers["X-Wagtail-Cache"] == "miss"
    assert h1_of(fresh) == "Stem cells for cerebral palsy, republished"
    assert "A summary published beside the two servers." in text_of(fresh)
    from_a = visit(a, SEED_URL)
    assert from_a.headers["X-Wagtail-Cache"] == "hit"
    assert h1_of(from_a) == "Stem cells for cerebral palsy, republished"
    assert "Stem cells for cerebral palsy, republished" in text_of(
        visit(b, "/treatments/")
    )


def test_a_page_unpublished_through_a_is_gone_from_b(servers, demo, editor):
    a, b = servers.a, servers.b
    assert SEED_URL in links_of(cached_view(b, "/treatments/"))
    assert SEED_URL in links_of(cached_view(b, "/"))
    assert "/doctors/" in nav_links(cached_view(b, "/"))
    cached_view(b, SEED_URL)
    cached_view(b, "/doctors/")
    sitemap = cached_view(b, "/sitemap.xml")
    assert SEED_URL in sitemap.text
    assert "/doctors/" in sitemap.text

    unpublish = f"/admin/pages/{demo.pk}/unpublish/"
    assert editor.get(a, unpublish).status_code == 200
    assert editor.post(a, unpublish, {}).status_code == 302
    assert not TreatmentPage.objects.get(pk=demo.pk).live

    assert visit(b, SEED_URL).status_code == 404
    listing = visit(b, "/treatments/")
    assert SEED_URL not in links_of(listing)
    assert "No treatments are published yet." in text_of(listing)
    assert SEED_URL not in links_of(visit(b, "/"))
    assert SEED_URL not in visit(b, "/sitemap.xml").text

    # The header menu: the doctors page, unpublished beside the servers.
    DoctorIndexPage.objects.get(slug="doctors").unpublish()
    assert "/doctors/" not in nav_links(visit(b, "/"))
    assert visit(b, "/doctors/").status_code == 404
    assert "/doctors/" not in visit(b, "/sitemap.xml").text


def test_a_page_moved_then_deleted_through_a_follows_on_b(servers, demo, editor):
    a, b = servers.a, servers.b
    home = demo.get_parent().get_parent()
    therapies = TreatmentIndexPage(title="Therapies", slug="therapies")
    home.add_child(instance=therapies)
    therapies.save_revision().publish()
    new_url = f"/therapies/{SEED_SLUG}/"
    cached_view(b, SEED_URL)
    assert visit(b, new_url).status_code == 404
    cached_view(b, "/treatments/")
    cached_view(b, "/therapies/")

    move = f"/admin/pages/{demo.pk}/move/{therapies.pk}/confirm/"
    assert editor.get(a, move).status_code == 200
    assert editor.post(a, move, {}).status_code == 302
    assert Page.objects.get(pk=demo.pk).url_path.endswith(f"/therapies/{SEED_SLUG}/")

    moved = visit(b, new_url)
    assert moved.status_code == 200
    assert h1_of(moved) == demo.title
    # Wagtail's automatic redirect from the old address, made on A.
    old = visit(b, SEED_URL)
    assert old.status_code == 301
    assert old.headers["Location"].endswith(new_url)
    assert SEED_URL not in links_of(visit(b, "/treatments/"))
    assert new_url in links_of(visit(b, "/therapies/"))
    assert new_url in visit(b, "/sitemap.xml").text
    cached_view(b, new_url)

    delete = f"/admin/pages/{demo.pk}/delete/"
    assert editor.get(a, delete).status_code == 200
    assert editor.post(a, delete, {}).status_code == 302
    assert not Page.objects.filter(pk=demo.pk).exists()

    assert visit(b, new_url).status_code == 404
    # The redirect went with the page.
    assert visit(b, SEED_URL).status_code == 404
    assert new_url not in links_of(visit(b, "/therapies/"))
    assert new_url not in visit(b, "/sitemap.xml").text


def test_clinic_settings_and_a_doctor_changed_through_a_show_on_b(
    servers, demo, editor
):
    a, b = servers.a, servers.b
    doctor = demo.medical_reviewer
    before = cached_view(b, SEED_URL)
    assert f"Medically reviewed by {doctor.full_name}" in text_of(before)
    assert "Two Servers Clinic" not in footer_text(before)
    cached_view(b, "/doctors/")

    settings_form = f"/admin/settings/clinic/clinicsettings/{demo.get_site().pk}/"
    form = editor.get(a, settings_form)
    assert form.status_code == 200
    data = form_values(form.text, "phone")
    assert data["name"] == ClinicSettings.objects.get().name
    data.update(name="Two Servers Clinic", phone="+90 212 555 01 99")
    # The opening hours are a StreamField, whose inputs the admin's JavaScript
    # makes; the demo clinic has none, so the form sends an empty stream.
    assert not ClinicSettings.objects.get().opening_hours
    data.update(nested_form_data({"opening_hours": streamfield([])}))
    saved = editor.post(a, settings_form, data)
    assert saved.status_code == 302, text_of(saved)[:1000]
    assert ClinicSettings.objects.get().phone == "+90 212 555 01 99"

    footer = footer_text(visit(b, SEED_URL))
    assert "Two Servers Clinic" in footer
    assert "Phone: +90 212 555 01 99" in footer
    cached_view(b, SEED_URL)
    cached_view(b, "/doctors/")

    edit = f"/admin/snippets/doctors/doctor/edit/{doctor.pk}/"
    form = editor.get(a, edit)
    assert form.status_code == 200
    data = form_values(form.text, "name")
    assert data["name"] == doctor.name
    data["name"] = "Ayşe Yılmaz"
    saved = editor.post(a, edit, data)
    assert saved.status_code == 302, text_of(saved)[:1000]
    doctor = Doctor.objects.get(pk=doctor.pk)
    assert doctor.name == "Ayşe Yılmaz"

    page = visit(b, SEED_URL)
    assert f"Medically reviewed by {doctor.full_name}" in text_of(page)
    assert doctor.full_name in text_of(visit(b, "/doctors/"))


def test_a_redirect_added_through_a_is_served_by_b(servers, demo, editor):
    a, b = servers.a, servers.b
    old_path = "/cerebral-palsy-stem-cells/"
    # B answers a 404 for the address (not kept in the page cache).
    response = visit(b, old_path)
    assert response.status_code == 404
    assert response.headers["X-Wagtail-Cache"] == "skip"

    add = "/admin/redirects/add/"
    form = editor.get(a, add)
    assert form.status_code == 200
    data = form_values(form.text, "old_path")
    data.update(old_path=old_path, is_permanent="on", redirect_page=str(demo.pk))
    assert editor.post(a, add, data).status_code == 302

    redirected = visit(b, old_path)
    assert redirected.status_code == 301
    assert redirected.headers["Location"].endswith(SEED_URL)


def test_a_sign_in_on_a_is_valid_on_b_and_a_sign_out_on_b_ends_it_on_a(servers, editor):
    a, b = servers.a, servers.b
    assert "sessionid" in editor.cookies
    refused = visit(b, "/admin/")
    assert refused.status_code == 302
    assert refused.headers["Location"].startswith("/admin/login/")

    dashboard = editor.get(b, "/admin/")
    assert dashboard.status_code == 200
    assert "Dashboard" in BeautifulSoup(dashboard.content, "html.parser").title.text

    session = dict(editor.cookies)
    assert editor.post(b, "/admin/logout/", {}).status_code == 302
    replayed = Browser()
    replayed.cookies = session
    after = replayed.get(a, "/admin/")
    assert after.status_code == 302
    assert after.headers["Location"].startswith("/admin/login/")


def test_failed_sign_ins_on_both_servers_count_towards_one_lockout(servers, editor):
    """Alternating, neither server sees the limit itself, yet both lock."""
    a, b = servers.a, servers.b
    limit = django_settings.AXES_FAILURE_LIMIT
    assert limit > 1, "one failure locks: alternating servers would prove nothing"
    answers = []
    for attempt in range(limit):
        server = (a, b)[attempt % 2]
        answers.append(Browser().log_in(server, EDITOR, "not the password"))
    for answer in answers[:-1]:
        assert answer.status_code == 200
        assert "Sign-in locked" not in text_of(answer)
    assert answers[-1].status_code == 429
    assert "Sign-in locked" in text_of(answers[-1])

    for server in (a, b):
        locked = Browser().log_in(server, EDITOR, PASSWORD)
        assert locked.status_code == 429, server
        assert "Sign-in locked" in text_of(locked)
        assert "sessionid" not in locked.headers.get("Set-Cookie", "")
