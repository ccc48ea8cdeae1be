"""Real-browser tests: Playwright for Python driving Debian's Chromium.

Playwright's own browser download cannot run here, so the tests launch
``/usr/bin/chromium`` (or ``CHROME_PATH``). Without it they are skipped with
the reason, except under CI (``CI=true``), where they fail: `.ci/run` installs
chromium, so a missing browser there is a broken build, not a skip.

They run against pytest-django's ``live_server`` (a real HTTP server in a
thread, on the test database) and only on SQLite in `make test`: what they
check is what the browser shows, which the database does not change, and the
queries behind it run on both databases in the rest of the suite.

Screenshots go to ``test-artifacts/screenshots/`` (``ARTIFACTS_DIR`` to move it).
"""

import os
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

# The same Chromium, flags and phone size as `make audit`.
from audit.tools import CHROMIUM, CHROMIUM_FLAGS, PHONE

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("ARTIFACTS_DIR", ROOT / "test-artifacts"))
SCREENSHOTS = ARTIFACTS / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
BROWSER_TIMEOUT_MS = 40_000


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package", autouse=True)
def _fresh_screenshots():
    """Screenshots of this run only: none left over from an earlier one."""
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()


def _unavailable(reason):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} CI must run the browser tests (.ci/run installs it).")
    pytest.skip(reason)


class OneRequestAtATimeServer(ThreadedWSGIServer):
    """The live server, answering one request at a time (on any connection).

    On SQLite the test database lives in memory, and every request thread of
    the live server uses the test's one connection to it. Two requests at
    once (Wagtail's autosave, every 500 ms, and a publish) interleaved their
    transactions on it: "OperationalError: not an error", and a 503 page.
    A deployed site has a connection per thread, so this is the test's
    server only. The lock is per request, not per connection, so a browser's
    idle keep-alive connection does not hold up the others.
    """

    def set_app(self, application):
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                result = application(environ, start_response)
                try:
                    return list(result)
                finally:
                    if hasattr(result, "close"):
                        result.close()

        super().set_app(one_at_a_time)


@pytest.fixture(scope="session")
def live_server(live_server_thread_class_patch, live_server):
    return live_server


@pytest.fixture(scope="session")
def live_server_thread_class_patch():
    original = LiveServerThread.server_class
    LiveServerThread.server_class = OneRequestAtATimeServer
    yield
    LiveServerThread.server_class = original


@pytest.fixture
def site(django_db_serialized_rollback, demo, live_server):
    """The demo site served over HTTP; yields its base URL.

    live_server makes the database transactional (emptied after each test);
    the serialized rollback puts back what the migrations wrote (locales,
    groups, workflows) before the next one.
    """
    return live_server.url


@pytest.fixture
def browser(site):
    """A Chromium for one test, started after the database is ready.

    Playwright's sync API runs an asyncio event loop in this thread while it
    lives. With a loop running, Django hands this thread other connection
    objects and refuses database calls unless DJANGO_ALLOW_ASYNC_UNSAFE is
    set; so the browser starts after the test database is set up and stops
    before it is emptied (depending on ``site`` orders that), and the check is
    off meanwhile (the loop is Playwright's, never a request's).
    """
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium).")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (requirements-dev).")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_FLAGS
            )
            yield chromium
            chromium.close()


@pytest.fixture
def new_page(browser):
    """Open pages in fresh browser contexts (no shared cookies), closed after."""
    contexts = []

    def open_page(viewport=PHONE, **options):
        context = browser.new_context(viewport=viewport, **options)
        # Generous: `make test` runs the PostgreSQL suite beside these on two
        # CPUs, and the live server answers one request at a time. A wait
        # ends as soon as the page is ready, so only a failure takes longer.
        context.set_default_timeout(BROWSER_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def screenshot(page, name, full_page=True):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
