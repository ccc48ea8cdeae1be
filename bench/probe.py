"""Measurements taken inside Django, in a process of their own.

``bench/run.py`` runs ``python -m bench.probe round|audit --out FILE`` with the
environment of the database being measured (production settings, DEBUG off)
and reads the JSON written to FILE. Requests go through Django's test Client
(the whole middleware stack and Wagtail's ``serve`` view, no network).

Pages, search results and the sitemap are requested with a query parameter
of their own each time (``?bench-nocache=N``), so a page cache keyed on the
URL can never answer: these are uncached renders. Cached renders, where the
site has a page cache, are measured separately.
"""

import argparse
import gzip
import itertools
import json
import resource
import secrets
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

HOST = "127.0.0.1"
SEED_PATH = "/treatments/stem-cell-therapy-for-cerebral-palsy/"
GENERATED_SLUG = "intrathecal-stem-cell-application-for-chronic-kidney-disease-2"
BENCH_USER = "bench-admin"
# Lay words, medical terms, misspellings, Turkish, stop words, no match.
SEARCH_QUERIES = [
    "cp",
    "stem cells for my son",
    "spasticity",
    "spacticity",
    "exosome",
    "autism",
    "knee cartilage",
    "side effects",
    "çocuk",
    "beyin felci",
    "parkinson",
    "ms",
    "tms",
    "intranasal",
    "how many sessions",
    "hair loss",
    "stroke",
    "xyzzy",
    "a",
    "the",
]


class ProbeError(Exception):
    pass


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["round", "audit"])
    parser.add_argument("--out", required=True)
    parser.add_argument("--renders", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--generated-slug", default=GENERATED_SLUG)
    parser.add_argument("--search-repeats", type=int, default=3)
    parser.add_argument("--sitemap-runs", type=int, default=5)
    parser.add_argument("--search-budget", type=float, default=120)
    parser.add_argument("--sitemap-budget", type=float, default=60)
    parser.add_argument("--admin-runs", type=int, default=5)
    parser.add_argument("--scan", type=int, default=0, help="query-count N pages")
    parser.add_argument("--audit-runs", type=int, default=3)
    parser.add_argument("--audit-max-seconds", type=float, default=120)
    args = parser.parse_args(argv)

    import django

    django.setup()
    try:
        result = measure_round(args) if args.mode == "round" else measure_audit(args)
    except ProbeError as error:
        print(f"probe: {error}", file=sys.stderr)
        return 2
    Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


# ---------------------------------------------------------------- helpers


# Unique across processes too: the page cache outlives this process.
_prefix = secrets.token_hex(4)
_tokens = itertools.count(1)


def busted(path):
    from bench.cachecheck import bust

    return bust(path, f"{_prefix}-{next(_tokens)}")


def get(client, path, expect=200):
    started = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != expect:
        where = response.get("Location", "")
        raise ProbeError(
            f"GET {path} answered {response.status_code} {where}".strip()
            + f", expected {expect}"
        )
    return elapsed, response


def count_queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        _, response = get(client, path)
    return len(context.captured_queries), response


def series(client, make_path, count, check_uncached=True):
    from bench.cachecheck import cache_status

    times = []
    for _ in range(count):
        elapsed, response = get(client, make_path())
        if check_uncached and cache_status(response.headers)[0] == "hit":
            raise ProbeError(
                "a cache answered a request with a unique query string; the "
                "benchmark cannot measure uncached renders on this site"
            )
        times.append(elapsed)
    return times


def describe(times):
    from bench.stats import describe as summary

    return summary(times)


def find_page(path):
    """The live page served at ``path`` on the default site."""
    from wagtail.models import Page

    if path == "/":
        from wagtail.models import Site

        return Site.objects.get(is_default_site=True).root_page.specific
    slug = path.strip("/").rsplit("/", 1)[-1]
    for page in Page.objects.live().filter(slug=slug).specific():
        if page.get_url() == path:
            return page
    raise ProbeError(f"no live page at {path}")


def block_counts(page):
    body = getattr(page, "body", None) or []
    return dict(Counter(block.block_type for block in body))


# ---------------------------------------------------------------- one round


def measure_round(args):
    from django.test import Client

    from bench.cachecheck import cache_status

    client = Client(HTTP_HOST=HOST)
    result = {"pages": {}}

    # Does the site answer anonymous pages from a cache?
    get(client, SEED_PATH)
    _, second = get(client, SEED_PATH)
    status, header = cache_status(second.headers)
    result["page_cache"] = {
        "detected": status == "hit",
        "header": header,
        "second_request": status,
    }

    generated_path = f"/treatments/{args.generated_slug}/"
    targets = (("seed", SEED_PATH), ("generated", generated_path), ("home", "/"))
    for name, path in targets:
        page = find_page(path)
        result["pages"][name] = measure_page(client, page, path, args, status == "hit")

    if args.scan:
        result["query_scan"] = query_scan(client, args.scan)
    result["search"] = measure_search(client, args)
    result["sitemap"] = measure_sitemap(client, args)
    result["admin_edit"] = measure_admin_edit(args)
    return result


def measure_page(client, page, path, args, cached):
    for _ in range(args.warmup):
        get(client, busted(path))
    counts = [count_queries(client, busted(path))[0] for _ in range(2)]
    times = series(client, lambda: busted(path), args.renders)
    _, response = get(client, busted(path))
    html = response.content
    figures = {
        "path": path,
        "page_id": page.pk,
        "title": page.title,
        "blocks": sum(block_counts(page).values()),
        "block_types": block_counts(page),
        "queries": counts[-1],
        "queries_seen": sorted(set(counts)),
        "html_bytes": len(html),
        "gzip_bytes": len(gzip.compress(html, compresslevel=6)),
        "render_ms": describe(times),
    }
    if cached:
        from bench.cachecheck import cache_status

        get(client, path)  # make sure it is in the cache
        hits = []
        for _ in range(args.renders):
            elapsed, response = get(client, path)
            if cache_status(response.headers)[0] != "hit":
                raise ProbeError(f"expected a cache hit for {path}")
            hits.append(elapsed)
        figures["cached_render_ms"] = describe(hits)
        figures["cached_queries"] = count_queries(client, path)[0]
    return figures


def query_scan(client, count):
    """Query counts of the first ``count`` generated pages, with their blocks."""
    from wagtail.models import Locale

    from treatments.models import TreatmentPage

    pages = (
        TreatmentPage.objects.live()
        .filter(locale=Locale.get_default())
        .exclude(url_path__endswith=SEED_PATH)
        .order_by("path")[:count]
    )
    rows = []
    for page in pages:
        path = page.get_url()
        get(client, busted(path))
        queries, _ = count_queries(client, busted(path))
        kinds = block_counts(page)
        rows.append(
            {
                "slug": page.slug,
                "blocks": sum(kinds.values()),
                "block_types": kinds,
                "queries": queries,
            }
        )
    return rows


def measure_search(client, args):
    """Median and p95 over the queries' own medians; errors are listed, not timed.

    Each query is first requested once with its SQL queries counted (this also
    warms it up), then timed ``search_repeats`` times, as long as the round's
    search time budget lasts; a query left with no timed request is
    represented by its first request. A query the site answers with an error
    status is recorded in ``errors`` and left out (an error page is no measure
    of search).
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.stats import median

    client = Client(HTTP_HOST=HOST, raise_request_exception=False)
    started = time.perf_counter()

    def path_for(query):
        return "/search/?" + urlencode({"q": query})

    errors, queries, first = {}, {}, {}
    for query in SEARCH_QUERIES:
        with CaptureQueriesContext(connection) as context:
            began = time.perf_counter()
            response = client.get(busted(path_for(query)))
            elapsed = (time.perf_counter() - began) * 1000
        if response.status_code != 200:
            errors[query] = response.status_code
            continue
        queries[query] = len(context.captured_queries)
        first[query] = elapsed
    if not first:
        raise ProbeError(f"every search query failed: {errors}")
    per_query = {query: [] for query in first}
    out_of_time = False
    for _ in range(args.search_repeats):
        for query in per_query:
            if time.perf_counter() - started > args.search_budget:
                out_of_time = True
                break
            per_query[query] += series(client, lambda q=query: busted(path_for(q)), 1)
        if out_of_time:
            break
    medians = {
        query: median(times) if times else first[query]
        for query, times in per_query.items()
    }
    note = ""
    if out_of_time:
        timed = [len(times) for times in per_query.values()]
        note = (
            f"the {args.search_budget:.0f} s search budget of the round ran out: "
            f"queries timed {min(timed)}–{max(timed)} times after their first "
            "request (a query timed 0 times counts its first request)"
        )
    return {
        "ms": describe(list(medians.values())),
        "per_query_ms": medians,
        "first_ms": first,
        "samples": {query: len(times) for query, times in per_query.items()},
        "queries": queries,
        "queries_median": median(list(queries.values())),
        "slowest": max(medians, key=medians.get),
        "errors": errors,
        "note": note,
        "seconds": time.perf_counter() - started,
    }


def measure_sitemap(client, args):
    first, response = get(client, busted("/sitemap.xml"))
    times = []
    started = time.perf_counter()
    while len(times) < args.sitemap_runs:
        # At least 3 timings, more only while the budget lasts.
        if len(times) >= 3 and time.perf_counter() - started > args.sitemap_budget:
            break
        times += series(client, lambda: busted("/sitemap.xml"), 1)
    queries, _ = count_queries(client, busted("/sitemap.xml"))
    body = response.content
    return {
        "ms": describe(times),
        "first_ms": first,
        "urls": body.count(b"<url>"),
        "bytes": len(body),
        "queries": queries,
    }


def admin_client():
    """A test Client logged in as the benchmark's superuser (and past 2FA)."""
    from django.apps import apps
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        **{user_model.USERNAME_FIELD: BENCH_USER},
        defaults={"is_superuser": True, "is_staff": True, "is_active": True},
    )
    if created:
        user.set_unusable_password()
        user.save()
    client = Client(HTTP_HOST=HOST)
    backend = "django.contrib.auth.backends.ModelBackend"
    client.force_login(
        user, backend=backend if backend in settings.AUTHENTICATION_BACKENDS else None
    )
    if apps.is_installed("django_otp") and apps.is_installed(
        "django_otp.plugins.otp_totp"
    ):
        # Sites that ask for a second factor: a confirmed device, verified
        # in this session, as if the code had been typed.
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="bench", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def measure_admin_edit(args):
    client = admin_client()
    page = find_page(SEED_PATH)
    path = f"/admin/pages/{page.pk}/edit/"
    get(client, path)
    queries, _ = count_queries(client, path)
    times = [get(client, path)[0] for _ in range(args.admin_runs)]
    return {"path": path, "ms": describe(times), "queries": queries}


# ---------------------------------------------------------------- the audit


def measure_audit(args):
    from seo.audit import run_audit

    runs, note = [], ""
    pages = findings = 0
    for number in range(args.audit_runs):
        started = time.perf_counter()
        report = run_audit()
        seconds = time.perf_counter() - started
        runs.append(seconds)
        pages = len(report.pages)
        findings = sum(len(page.findings) for page in report.pages) + len(report.site)
        if number == 0 and seconds > args.audit_max_seconds and args.audit_runs > 1:
            note = (
                f"one run only: it took {seconds:.0f} s, over the "
                f"{args.audit_max_seconds:.0f} s limit for repeating it"
            )
            break
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": runs,
        "pages": pages,
        "findings": findings,
        "peak_rss_mb": peak_kb / 1024,
        "note": note,
    }


if __name__ == "__main__":
    sys.exit(main())
