"""Outbound link checking against a real HTTP server on 127.0.0.1.

No request leaves the machine: the demo page's references (PubMed, The
Lancet, Frontiers) are only read, never fetched; every check points at the
local server below or at a closed local port.
"""

import datetime
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from urllib.parse import unquote, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django.utils.translation import override
from wagtail.models import Locale

from seo.link_checker import (
    USER_AGENT,
    LinkResult,
    broken_links,
    check_all,
    check_url,
    external_urls,
    store_results,
)
from seo.models import OutboundLinkCheck
from tests.conftest import SEED_URL
from treatments.models import TreatmentIndexPage, TreatmentPage

PUBMED = "https://pubmed.ncbi.nlm.nih.gov/31515568/"
LANCET = "https://www.thelancet.com/journals/laneur/home"
FRONTIERS = "https://www.frontiersin.org/articles/10.3389/fneur.2020.00079/full"
TIMEOUT = 0.5
SLOW_SECONDS = 2
PAUSE_SECONDS = 0.2
SECOND_URL = "/treatments/second-treatment/"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, format, *args):
        """Keep the test output quiet."""

    def do_HEAD(self):
        self.respond()

    def do_GET(self):
        self.respond()

    def respond(self):
        server = self.server
        with server.lock:
            server.requests.append(
                (self.command, self.path, self.headers.get("User-Agent"))
            )
        path = unquote(urlsplit(self.path).path)
        head = self.command == "HEAD"
        status, location = 404, None
        if path in {"/ok", "/ünite"}:
            status = 200
        elif path == "/error":
            status = 500
        elif path == "/redirect":
            status, location = 301, "/ok"
        elif path == "/loop":
            status, location = 302, "/loop"
        elif path.startswith("/hops/"):
            left = int(path.rsplit("/", 1)[1])
            status, location = (302, f"/hops/{left - 1}") if left else (200, None)
        elif path.startswith("/no-head/") or path == "/no-head":
            refusal = int(path.rsplit("/", 1)[1]) if path.count("/") == 2 else 405
            status = refusal if head else 200
        elif path == "/no-head-then-missing":
            status = 405 if head else 404
        elif path == "/slow":
            server.stopping.wait(SLOW_SECONDS)
            status = 200
        elif path == "/pause":
            with server.lock:
                server.in_flight += 1
                server.peak = max(server.peak, server.in_flight)
            time.sleep(PAUSE_SECONDS)
            with server.lock:
                server.in_flight -= 1
            status = 200
        body = b"" if head else b"hello"
        try:
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Length", "5")
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the checker gave up (a timeout) and closed the connection


class LocalServer(ThreadingHTTPServer):
    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.requests = []
        self.in_flight = 0
        self.peak = 0

    @property
    def base(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path):
        return self.base + path

    def seen(self):
        """(method, path) of every request received so far."""
        with self.lock:
            return [(method, path) for method, path, _agent in self.requests]


@pytest.fixture
def server(monkeypatch):
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    httpd = LocalServer()
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield httpd
    httpd.stopping.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def closed_port():
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def reference(url, number=1):
    return {
        "title": f"Reference {number}",
        "source": "",
        "url": url,
        "pubmed_id": "",
        "doi": "",
    }


def with_references(page, urls):
    """Replace the reference list of the page and of its translations (which
    cite the same sources) with ``urls`` and republish them."""
    for each in TreatmentPage.objects.filter(translation_key=page.translation_key):
        data = each.body.get_prep_value()
        (index,) = [i for i, block in enumerate(data) if block["type"] == "references"]
        data[index] = {
            "type": "references",
            "value": {
                "items": [reference(url, n) for n, url in enumerate(urls, start=1)]
            },
        }
        each.body = data
        each.save_revision().publish()
        each = TreatmentPage.objects.get(pk=each.pk)
        assert each.body[index].block_type == "references"
        assert [item["url"] for item in each.body[index].value["items"]] == urls
    return TreatmentPage.objects.get(pk=page.pk)


@pytest.fixture
def seed_url_tr(demo):
    """The address of the seed page's Turkish translation (in the demo too)."""
    return demo.get_translation(Locale.objects.get(language_code="tr")).url


def on(*pages):
    """The pages a broken link is on, as the command lists them."""
    return ", ".join(sorted(pages))


def add_treatment(slug, body, live=True):
    index = TreatmentIndexPage.objects.get(locale__language_code="en")
    page = TreatmentPage(
        title=slug.replace("-", " ").title(),
        slug=slug,
        condition_name="Example",
        summary="A second treatment page.",
        body=body,
    )
    page.live = live
    index.add_child(instance=page)
    if live:
        page.save_revision().publish()
    return TreatmentPage.objects.get(pk=page.pk)


# check_url


def test_ok_url_is_checked_with_one_head_request(server):
    assert check_url(server.url("/ok"), TIMEOUT) == LinkResult(
        server.url("/ok"), ok=True, status_code=200, error=""
    )
    assert server.requests == [("HEAD", "/ok", USER_AGENT)]
    assert USER_AGENT == "ClinicCMS-LinkChecker/1.0"


@pytest.mark.parametrize(("path", "status"), [("/missing", 404), ("/error", 500)])
def test_error_status_is_broken_and_not_retried_with_get(server, path, status):
    result = check_url(server.url(path), TIMEOUT)
    assert (result.ok, result.status_code, result.error) == (False, status, "")
    assert server.seen() == [("HEAD", path)]


def test_problem_names_the_status(server):
    assert check_url(server.url("/missing"), TIMEOUT).problem == "404 Not Found"
    assert check_url(server.url("/error"), TIMEOUT).problem == (
        "500 Internal Server Error"
    )


def test_redirect_is_followed_with_head(server):
    result = check_url(server.url("/redirect"), TIMEOUT)
    assert result == LinkResult(server.url("/redirect"), True, 200, "")
    assert server.seen() == [("HEAD", "/redirect"), ("HEAD", "/ok")]


def test_five_redirects_are_followed_and_a_sixth_is_not(server):
    assert check_url(server.url("/hops/5"), TIMEOUT).status_code == 200
    assert len(server.seen()) == 6
    result = check_url(server.url("/hops/6"), TIMEOUT)
    assert (result.ok, result.status_code) == (False, None)
    assert result.error == "too many redirects (more than 5)"
    assert [path for _method, path in server.seen()[6:]] == [
        f"/hops/{n}" for n in range(6, 0, -1)
    ]


def test_redirect_loop_is_broken_after_five_redirects(server):
    result = check_url(server.url("/loop"), TIMEOUT)
    assert result.ok is False
    assert result.error == "too many redirects (more than 5)"
    assert server.seen() == [("HEAD", "/loop")] * 6


@pytest.mark.parametrize("refusal", [403, 405, 501])
def test_get_is_tried_when_head_is_refused(server, refusal):
    path = f"/no-head/{refusal}"
    result = check_url(server.url(path), TIMEOUT)
    assert (result.ok, result.status_code, result.error) == (True, 200, "")
    assert server.seen() == [("HEAD", path), ("GET", path)]
    assert {agent for _m, _p, agent in server.requests} == {USER_AGENT}


def test_the_get_answer_decides_when_head_is_refused(server):
    result = check_url(server.url("/no-head-then-missing"), TIMEOUT)
    assert (result.ok, result.status_code) == (False, 404)
    assert [method for method, _path in server.seen()] == ["HEAD", "GET"]


def test_slow_server_times_out(server):
    started = time.monotonic()
    result = check_url(server.url("/slow"), TIMEOUT)
    elapsed = time.monotonic() - started
    assert result == LinkResult(
        server.url("/slow"), ok=False, status_code=None, error="timed out after 0.5 s"
    )
    assert TIMEOUT <= elapsed < SLOW_SECONDS


def test_closed_port_is_connection_refused():
    url = f"http://127.0.0.1:{closed_port()}/ok"
    assert check_url(url, TIMEOUT) == LinkResult(url, False, None, "connection refused")


@pytest.fixture
def plain_text_port():
    """A port on 127.0.0.1 that answers a TLS handshake with plain HTTP."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def answer():
        connection, _address = listener.accept()
        with connection:
            connection.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    thread.join(timeout=TIMEOUT)
    listener.close()


def test_tls_failure_is_reported(plain_text_port):
    url = f"https://127.0.0.1:{plain_text_port}/ok"
    result = check_url(url, TIMEOUT)
    assert (result.ok, result.status_code) == (False, None)
    assert result.error.startswith("TLS error (")


@pytest.mark.parametrize(
    "url",
    [
        "not a url",
        "ftp://127.0.0.1/file.txt",
        "javascript:alert(1)",
        "http://",
        "http://127.0.0.1:99999/ok",
        "http://127.0.0.1:port/ok",
    ],
)
def test_invalid_url_is_broken_without_a_request(server, url):
    assert check_url(url, TIMEOUT) == LinkResult(url, False, None, "invalid URL")
    assert server.requests == []


def test_non_ascii_path_is_percent_encoded(server):
    result = check_url(server.url("/ünite"), TIMEOUT)
    assert (result.ok, result.status_code) == (True, 200)
    assert server.seen() == [("HEAD", "/%C3%BCnite")]


# check_all


def test_check_all_returns_one_result_per_distinct_url_in_order(server):
    refused = f"http://127.0.0.1:{closed_port()}/"
    urls = [server.url("/ok"), server.url("/missing"), refused, server.url("/ok")]
    results = check_all(urls, TIMEOUT, concurrency=3)
    assert [result.url for result in results] == urls[:3]
    assert [(r.ok, r.status_code) for r in results] == [
        (True, 200),
        (False, 404),
        (False, None),
    ]
    assert results[2].error == "connection refused"
    assert sorted(server.seen()) == [("HEAD", "/missing"), ("HEAD", "/ok")]


def test_check_all_runs_checks_concurrently_up_to_the_limit(server):
    urls = [server.url(f"/pause?n={n}") for n in range(6)]
    started = time.monotonic()
    results = check_all(urls, TIMEOUT * 4, concurrency=3)
    elapsed = time.monotonic() - started
    assert [result.url for result in results] == urls
    assert all(result.ok for result in results)
    assert server.peak == 3
    # Two rounds of three, not six one after the other.
    assert elapsed < 5 * PAUSE_SECONDS


def test_check_all_with_concurrency_one_is_sequential(server):
    urls = [server.url(f"/pause?n={n}") for n in range(3)]
    assert all(result.ok for result in check_all(urls, TIMEOUT * 4, concurrency=1))
    assert server.peak == 1


def test_check_all_of_nothing_is_empty():
    assert check_all([], TIMEOUT, concurrency=4) == []


# external_urls


def test_external_urls_of_the_demo_site_are_its_references(demo, seed_url_tr):
    # The seed page and its Turkish translation cite the same sources.
    assert external_urls() == {
        PUBMED: [SEED_URL, seed_url_tr],
        LANCET: [SEED_URL, seed_url_tr],
        FRONTIERS: [SEED_URL, seed_url_tr],
    }


def test_external_urls_skip_internal_mail_phone_and_unpublished_links(
    demo, seed_url_tr
):
    paragraph = (
        '<p><a href="mailto:info@example.org">Mail</a> '
        '<a href="tel:+902120000000">Call</a> '
        '<a href="/treatments/">Treatments</a> '
        '<a href="http://127.0.0.1:8000/treatments/">Same host</a> '
        '<a href="https://example.org/shared">Shared</a></p>'
    )
    data = demo.body.get_prep_value()
    demo.body = [{"type": "paragraph", "value": paragraph}, *data]
    demo.save_revision().publish()
    demo = TreatmentPage.objects.get(pk=demo.pk)
    assert demo.body[0].block_type == "paragraph"
    second = add_treatment(
        "second-treatment",
        [
            {
                "type": "references",
                "value": {
                    "items": [
                        reference("https://example.org/shared"),
                        reference(LANCET),
                    ]
                },
            }
        ],
    )
    assert second.url == SECOND_URL
    # A newer draft of a live page and an unpublished page are not the site.
    second.body = [
        {"type": "references", "value": {"items": [reference("https://d.example/")]}}
    ]
    second.save_revision()
    add_treatment(
        "unpublished",
        [{"type": "references", "value": {"items": [reference("https://u.example")]}}],
        live=False,
    )

    # In tree order: the English pages, then the untouched Turkish seed page.
    assert external_urls() == {
        "https://example.org/shared": [SEED_URL, SECOND_URL],
        PUBMED: [SEED_URL, seed_url_tr],
        LANCET: [SEED_URL, SECOND_URL, seed_url_tr],
        FRONTIERS: [SEED_URL, seed_url_tr],
    }
    assert external_urls(pages=TreatmentPage.objects.filter(pk=second.pk)) == {
        "https://example.org/shared": [SECOND_URL],
        LANCET: [SECOND_URL],
    }


# store_results and broken_links


def test_store_results_upserts_and_prunes(db):
    first = timezone.now() - datetime.timedelta(days=1)
    store_results(
        [
            LinkResult("https://a.example/", True, 200),
            LinkResult("https://b.example/", False, None, "connection refused"),
        ],
        first,
        site_urls=["https://a.example/", "https://b.example/"],
    )
    assert OutboundLinkCheck.objects.count() == 2

    second = timezone.now()
    store_results(
        [LinkResult("https://a.example/", False, 404, "x" * 300)],
        second,
        # The URL just checked is kept even when site_urls leaves it out.
        site_urls=["https://c.example/"],
    )
    rows = {row.url: row for row in OutboundLinkCheck.objects.all()}
    assert list(rows) == ["https://a.example/"]
    row = rows["https://a.example/"]
    assert (row.ok, row.status_code, row.checked_at) == (False, 404, second)
    assert row.error == "x" * 255


def test_store_results_keeps_unchecked_urls_still_on_the_site(demo):
    earlier = timezone.now() - datetime.timedelta(days=1)
    store_results(
        [
            LinkResult(PUBMED, True, 200),
            LinkResult("https://removed.example/", False, 404),
        ],
        earlier,
        site_urls=[PUBMED, "https://removed.example/"],
    )
    # Only LANCET was checked this time; the site is computed from the pages.
    store_results([LinkResult(LANCET, False, 503)], timezone.now())
    assert sorted(OutboundLinkCheck.objects.values_list("url", "ok")) == [
        (PUBMED, True),
        (LANCET, False),
    ]


def test_broken_links_are_stored_failures_still_on_the_site(demo, seed_url_tr):
    now = timezone.now()
    store_results(
        [
            LinkResult(PUBMED, True, 200),
            LinkResult(LANCET, False, 404),
            LinkResult(FRONTIERS, False, None, "timed out after 10 s"),
        ],
        now,
    )
    OutboundLinkCheck.objects.create(
        url="https://removed.example/", ok=False, status_code=500, checked_at=now
    )
    site_urls = external_urls()
    assert broken_links(site_urls) == broken_links()
    assert broken_links() == [
        {
            "url": FRONTIERS,
            "status_code": None,
            "error": "timed out after 10 s",
            "problem": "timed out after 10 s",
            "checked_at": now,
            "pages": sorted([SEED_URL, seed_url_tr]),
        },
        {
            "url": LANCET,
            "status_code": 404,
            "error": "",
            "problem": "404 Not Found",
            "checked_at": now,
            "pages": sorted([SEED_URL, seed_url_tr]),
        },
    ]


# The check_links command


@pytest.fixture
def local_site(demo, server, seed_url_tr):
    """The demo site with every external link pointing at the local server."""
    refused = f"http://127.0.0.1:{closed_port()}/gone"
    urls = [server.url("/ok"), server.url("/missing"), server.url("/loop"), refused]
    with_references(demo, urls)
    add_treatment(
        "second-treatment",
        [
            {
                "type": "references",
                "value": {"items": [reference(server.url("/missing"))]},
            }
        ],
    )
    site_urls = external_urls()
    assert sorted(site_urls) == sorted(urls)
    return {"server": server, "refused": refused, "seed_url_tr": seed_url_tr}


def run(*args):
    out = StringIO()
    call_command("check_links", *args, stdout=out)
    return out.getvalue().splitlines()


def test_command_lists_broken_links_and_stores_every_result(local_site):
    server, refused = local_site["server"], local_site["refused"]
    seed_url_tr = local_site["seed_url_tr"]
    OutboundLinkCheck.objects.create(
        url="https://removed.example/", ok=False, checked_at=timezone.now()
    )
    lines = run("--timeout", "2", "--concurrency", "4")
    broken = {
        server.url("/loop"): (
            f"too many redirects (more than 5) (on {on(SEED_URL, seed_url_tr)})"
        ),
        server.url("/missing"): (
            f"404 Not Found (on {on(SECOND_URL, SEED_URL, seed_url_tr)})"
        ),
        refused: f"connection refused (on {on(SEED_URL, seed_url_tr)})",
    }
    assert lines == [
        *(f"{url}: {broken[url]}" for url in sorted(broken)),
        "Checked 4 links: 3 broken.",
    ]
    stored = dict(OutboundLinkCheck.objects.values_list("url", "ok"))
    assert stored == {
        server.url("/ok"): True,
        server.url("/missing"): False,
        server.url("/loop"): False,
        refused: False,
    }
    assert {row["url"] for row in broken_links()} == {
        server.url("/missing"),
        server.url("/loop"),
        refused,
    }


def test_command_fails_on_broken_links_when_asked(local_site):
    with pytest.raises(SystemExit) as exit_info:
        run("--fail-on-broken", "--timeout", "2")
    assert exit_info.value.code == 1


def test_command_succeeds_when_nothing_is_broken(demo, server):
    with_references(demo, [server.url("/redirect")])
    assert run("--fail-on-broken") == ["Checked 1 link: 0 broken."]
    assert OutboundLinkCheck.objects.get().status_code == 200


def test_command_takes_its_defaults_from_the_settings(
    demo, server, settings, seed_url_tr
):
    settings.SEO_CHECKS = {"LINK_CHECK_TIMEOUT": TIMEOUT, "LINK_CHECK_CONCURRENCY": 1}
    with_references(demo, [server.url("/slow")])
    assert run() == [
        f"{server.url('/slow')}: timed out after 0.5 s "
        f"(on {on(SEED_URL, seed_url_tr)})",
        "Checked 1 link: 1 broken.",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--timeout", "0"], "--timeout must be a number of seconds above 0."),
        (["--timeout", "-1"], "--timeout must be a number of seconds above 0."),
        (["--timeout", "nan"], "--timeout must be a number of seconds above 0."),
        (["--timeout", "abc"], "argument --timeout: invalid float value: 'abc'"),
        (["--concurrency", "0"], "--concurrency must be between 1 and 64."),
        (["--concurrency", "65"], "--concurrency must be between 1 and 64."),
    ],
)
def test_command_rejects_bad_arguments(db, args, message):
    """It stops before checking: a run would prune the row (no page has it)."""
    OutboundLinkCheck.objects.create(
        url="https://a.example/", checked_at=timezone.now()
    )
    with pytest.raises(CommandError) as error:
        run(*args)
    assert message in str(error.value)
    assert OutboundLinkCheck.objects.filter(url="https://a.example/").exists()


def test_command_accepts_the_concurrency_bounds(db):
    OutboundLinkCheck.objects.create(
        url="https://a.example/", checked_at=timezone.now()
    )
    assert run("--concurrency", "1") == ["Checked 0 links: 0 broken."]
    assert not OutboundLinkCheck.objects.exists()
    assert run("--concurrency", "64") == ["Checked 0 links: 0 broken."]


def test_a_turkish_worker_stores_the_reason_untranslated_and_readers_translate_it():
    url = f"http://127.0.0.1:{closed_port()}/ok"
    with override("tr"):
        result = check_url(url, TIMEOUT)
        assert result.problem == "bağlantı reddedildi"
    assert result.error == "connection refused"
    with override("en"):
        assert result.problem == "connection refused"
