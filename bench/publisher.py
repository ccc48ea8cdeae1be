"""The editor of publish-under-load: publishes, then watches both servers.

``bench/publish.py`` runs it, with the environment the two gunicorn servers
have (the same PostgreSQL database, the same ``REDIS_URL``, production
settings), so a publish here clears the shared page cache exactly as an
editor's publish in the admin would:

* ``python -m bench.publisher prepare --out FILE``: the page to publish and
  the other treatment pages visitors read, as JSON.
* ``python -m bench.publisher run --out FILE --ready FILE --go FILE …``: sets
  Django up, writes ``--ready``, waits for ``--go`` (the epoch second the load
  starts), then every ``--interval`` seconds gives the page's summary a new
  marker, ``page.save_revision().publish()``, and asks every server for the
  page (plain anonymous GETs, no cookies: what a visitor gets, the page
  cache's copy when it has one) every ``--poll-every`` seconds until the
  marker shows, or ``--cap`` seconds pass. Staleness is the time from
  ``publish()`` returning to the first response that shows the marker. A few
  more requests after it check that no server goes back to the old text.
  At the end the page gets its own summary back (one more publish, after the
  load, not measured).
"""

import argparse
import json
import secrets
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

POLL_EVERY_S = 0.05
CAP_S = 10.0
CONFIRM_POLLS = 3


class PublisherError(Exception):
    pass


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["prepare", "run"])
    parser.add_argument("--out", required=True)
    parser.add_argument("--path", required=True, help="the page to publish")
    parser.add_argument("--treatments", type=int, default=40)
    parser.add_argument("--ready")
    parser.add_argument("--go")
    parser.add_argument("--go-timeout", type=float, default=300)
    parser.add_argument("--servers", default="", help="name=port,name=port")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--first-delay", type=float, default=2.5)
    parser.add_argument("--tail", type=float, default=2.0)
    parser.add_argument("--poll-every", type=float, default=POLL_EVERY_S)
    parser.add_argument("--cap", type=float, default=CAP_S)
    args = parser.parse_args(argv)

    import django

    django.setup()
    try:
        result = prepare(args) if args.mode == "prepare" else run(args)
    except PublisherError as error:
        print(f"publisher: {error}", file=sys.stderr)
        return 2
    Path(args.out).write_text(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


def find_page(path):
    from wagtail.models import Page

    slug = path.strip("/").rsplit("/", 1)[-1]
    for page in Page.objects.live().filter(slug=slug).specific():
        if page.get_url() == path:
            return page
    raise PublisherError(f"no live page at {path}")


def prepare(args):
    from treatments.models import TreatmentPage

    target = find_page(args.path)
    if not isinstance(target, TreatmentPage):
        raise PublisherError(f"{args.path} is not a treatment page")
    others = []
    for page in TreatmentPage.objects.live().public().order_by("path").iterator():
        url = page.get_url()
        if url and url != args.path:
            others.append(url)
        if len(others) >= args.treatments:
            break
    return {
        "target": {"id": target.pk, "path": args.path, "title": target.title},
        "treatment_paths": others,
    }


def parse_servers(text):
    servers = []
    for item in text.split(","):
        name, _, port = item.strip().partition("=")
        if not name or not port.isdigit():
            raise PublisherError(f"not name=port: {item!r}")
        servers.append((name, int(port)))
    if not servers:
        raise PublisherError("no servers to watch")
    return servers


def wait_for_go(path, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            text = Path(path).read_text().strip()
        except OSError:
            text = ""
        if text:
            return float(text)
        time.sleep(0.05)
    raise PublisherError(f"no start time in {path} within {timeout:.0f} s")


def watch(port, host, path, marker, published_at, poll_every, cap, confirm_until):
    """GET ``path`` until the marker shows (or ``cap`` seconds after the publish),
    then up to ``CONFIRM_POLLS`` more times, none starting after
    ``confirm_until`` (the next publish is due then).

    Times are ``time.perf_counter()`` seconds; the result's in milliseconds
    after ``published_at`` (when ``publish()`` returned).
    """
    from bench.cachecheck import cache_status
    from bench.server import get

    wanted = marker.encode()
    polls, stale, errors, statuses = 0, 0, [], {}
    seen = None
    while True:
        started = time.perf_counter()
        waited = started - published_at
        if seen is None and waited > cap:
            break
        if seen is not None and started > confirm_until:
            break
        try:
            status, headers, body, _ms = get(
                port, path, headers={"Host": host}, timeout=max(1.0, cap - waited)
            )
        except OSError as error:
            errors.append(f"{type(error).__name__}: {error}")
            status, headers, body = None, [], b""
        received = time.perf_counter()
        if status is not None:
            polls += 1
            statuses[str(status)] = statuses.get(str(status), 0) + 1
        fresh = status == 200 and wanted in body
        if seen is None:
            if fresh:
                seen = {
                    "staleness_ms": (received - published_at) * 1000,
                    "request_started_ms": (started - published_at) * 1000,
                    "request_ms": (received - started) * 1000,
                    "cache": cache_status(headers)[0],
                    "polls": polls,
                    "confirm": [],
                }
            elif status == 200:
                stale += 1
        else:
            seen["confirm"].append(
                "fresh" if fresh else ("stale" if status == 200 else str(status))
            )
            if len(seen["confirm"]) >= CONFIRM_POLLS:
                break
        time.sleep(max(0.0, started + poll_every - time.perf_counter()))
    return {
        "seen": seen is not None,
        "staleness_ms": seen["staleness_ms"] if seen else None,
        "request_started_ms": seen["request_started_ms"] if seen else None,
        "request_ms": seen["request_ms"] if seen else None,
        "cache": seen["cache"] if seen else None,
        # Which of the responses first showed it (1: the first one asked for).
        "response": seen["polls"] if seen else None,
        "polls": polls,
        "confirmed": len((seen or {}).get("confirm", [])),
        "stale_responses": stale,
        "regressions": sum(1 for c in (seen or {}).get("confirm", []) if c != "fresh"),
        "statuses": statuses,
        "errors": errors[:5],
        "error_count": len(errors),
    }


def watch_all(servers, args, marker, published_at, confirm_until):
    """``watch`` every server at once: {name: its result}."""
    with ThreadPoolExecutor(max_workers=len(servers)) as pool:
        futures = {
            name: pool.submit(
                watch,
                port,
                args.host,
                args.path,
                marker,
                published_at,
                args.poll_every,
                args.cap,
                confirm_until,
            )
            for name, port in servers
        }
        return {name: future.result() for name, future in futures.items()}


def publish(page_id, summary):
    """Give the page ``summary`` and publish it as an editor would."""
    from wagtail.models import Page

    page = Page.objects.get(pk=page_id).specific
    page.summary = summary
    revision = page.save_revision()
    revision.publish()
    return revision.pk


def run(args):
    from django.db import connection

    servers = parse_servers(args.servers)
    prepared = prepare(args)
    page_id = prepared["target"]["id"]
    page = find_page(args.path)
    original = page.summary
    connection.ensure_connection()
    token = secrets.token_hex(3)
    if args.ready:
        Path(args.ready).write_text("ready\n")
    load_start = wait_for_go(args.go, args.go_timeout)
    publishes = []
    number = 0
    while True:
        due = load_start + args.first_delay + number * args.interval
        if due > load_start + args.duration - args.tail:
            break
        time.sleep(max(0.0, due - time.time()))
        number += 1
        marker = f"bench-publish-{token}-{number:03d}"
        wall_start = time.time()
        started = time.perf_counter()
        revision = publish(page_id, f"[{marker}] {original}")
        published_at = time.perf_counter()
        wall_published = time.time()
        next_due = due + args.interval - time.time() + time.perf_counter()
        results = watch_all(servers, args, marker, published_at, next_due)
        publishes.append(
            {
                "number": number,
                "marker": marker,
                "revision": revision,
                "late_s": wall_start - due,
                "at_s": wall_start - load_start,
                "published_epoch": wall_published,
                "publish_ms": (published_at - started) * 1000,
                "servers": results,
            }
        )
    publish(page_id, original)
    return {
        "target": prepared["target"],
        "load_start_epoch": load_start,
        "poll_every_s": args.poll_every,
        "cap_s": args.cap,
        "publishes": publishes,
    }


if __name__ == "__main__":
    sys.exit(main())
