"""Fixtures shared by the whole suite.

The demo content is built by the real management command, so a model change
that breaks it fails here first.
"""

import pytest
from django.core.management import call_command
from pytest_django.fixtures import _django_db_helper as _plugin_db_helper

from demo.seed import load_seed

from . import demo_snapshot

_pytest_django_db_helper = _plugin_db_helper._get_wrapped_function()

SEED_SLUG = "stem-cell-therapy-for-cerebral-palsy"
SEED_URL = f"/treatments/{SEED_SLUG}/"


@pytest.fixture
def seed():
    """The seed page, parsed from the copy of the seed file in the repository."""
    return load_seed()


def _is_transactional(item):
    """Commits and empties the database afterwards (``transaction=True``,
    ``transactional_db``, ``live_server``)."""
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    return bool(
        (marker is not None and (marker.kwargs.get("transaction") or marker.args[:1]))
        or "transactional_db" in names
        or "live_server" in names
    )


def _wants_shared_demo(item):
    """A test that uses the demo site inside the usual rolled-back transaction.

    Transactional tests build the demo site themselves.
    """
    return "demo" in getattr(item, "fixturenames", ()) and not _is_transactional(item)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Database tests without the demo site, then those sharing it (one after
    the other, so it is built once), then transactional tests, then the rest.

    As pytest-django orders them, with the shared-demo tests gathered at the
    end of the database tests; the sort is stable, so the order within each
    group is kept.
    """

    def group(item):
        if _is_transactional(item):
            return 2
        if _wants_shared_demo(item):
            return 1
        if item.get_closest_marker("django_db") or "db" in item.fixturenames:
            return 0
        return 3

    items.sort(key=group)


class _SharedDemo:
    """The demo site, built once in a transaction that stays open around the
    tests that use it, each of which runs in a savepoint inside it (pytest-
    django's usual per-test transaction) and is rolled back to it.

    Building the site takes about a second (1.4 s on PostgreSQL), and most
    tests use it: once per run instead of once per test makes the suite
    several times faster. Tests that do not use it run before it is built
    (``pytest_collection_modifyitems``), or after it is rolled back, on the
    freshly migrated database as before.
    """

    def __init__(self):
        self.atomic = None

    def open(self, blocker):
        if self.atomic is None:
            from django.db import transaction

            with blocker.unblock():
                self.atomic = transaction.atomic()
                self.atomic.__enter__()
                call_command("load_demo_content", verbosity=0)

    def close(self, blocker):
        if self.atomic is not None:
            from django.db import transaction

            with blocker.unblock():
                transaction.set_rollback(True)
                self.atomic.__exit__(None, None, None)
            self.atomic = None


_shared_demo = _SharedDemo()


@pytest.fixture
def _django_db_helper(request, django_db_setup, django_db_blocker):
    """pytest-django's per-test database transaction, opened inside the shared
    demo site's when the test uses it, and after it is rolled back otherwise.

    This fixture is where pytest-django opens the per-test transaction (for
    ``db`` and the ``django_db`` marker alike), so the shared one must be
    opened or closed here, just before.
    """
    if _wants_shared_demo(request.node):
        _shared_demo.open(django_db_blocker)
    else:
        _shared_demo.close(django_db_blocker)
    yield from _pytest_django_db_helper(request, django_db_setup, django_db_blocker)


@pytest.fixture(scope="session", autouse=True)
def _close_demo_layer(django_db_blocker):
    yield
    _shared_demo.close(django_db_blocker)


@pytest.fixture
def demo(db, settings):
    """The demo site: home page, /treatments/ and the seed treatment page.

    A transactional test builds it on the database it will commit to, or,
    when one before it has built it with the same settings, gets the rows
    that build left written back (``tests.demo_snapshot``).
    """
    from treatments.models import TreatmentPage

    page = TreatmentPage.objects.filter(slug=SEED_SLUG).first()
    if page is None:  # a transactional test: not shared
        if demo_snapshot.saved(settings):
            demo_snapshot.restore(settings)
            _empty_all_caches()
        else:
            call_command("load_demo_content", verbosity=0)
            demo_snapshot.save(settings)
        page = TreatmentPage.objects.get(slug=SEED_SLUG)
    return page


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, never the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches (the page cache included)."""
    _empty_all_caches()


def _empty_all_caches():
    from django.core.cache import caches

    for alias in ("default", "pages"):
        caches[alias].clear()
