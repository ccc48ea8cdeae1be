"""Publishing purges the page from a CDN or caching proxy (Wagtail's frontend cache)."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import SEED_URL


@pytest.fixture
def purge_server():
    """A local caching proxy stand-in that records PURGE requests."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
            received.append((self.command, self.path, self.headers.get("Host")))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", received
    server.shutdown()
    server.server_close()


def test_publishing_purges_the_page_url(demo, settings, purge_server):
    location, received = purge_server
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": location,
        }
    }
    demo.title = "Purged title"
    demo.save_revision().publish()
    assert ("PURGE", SEED_URL, "127.0.0.1:8000") in received


def test_without_a_configured_cdn_nothing_is_sent(demo, settings, purge_server):
    _location, received = purge_server
    settings.WAGTAILFRONTENDCACHE = {}
    demo.save_revision().publish()
    assert received == []
