"""The stored SEO audit at size: a full audit, then the report and dashboard.

``bench/run.py`` runs ``python -m bench.audit_probe --out FILE`` (scenario
``audit``) with the environment of the database just built, and reads the
JSON written to FILE:

- ``full_audit_s`` (and ``full_audit_cpu_s``, its CPU time, with that of
  the processes it forks, ``seo/audit_processes.py``):
  ``seo.audit_store.refresh_all()``, every live page audited afresh and
  stored (what the worker runs for "Audit again", the schedule and
  ``seo_audit --refresh``);
- ``reaudit_one_s``: ``refresh_pages([one page])``, what a publish costs the
  worker (the page, then the site-wide checks from the stored facts);
- the admin report (first page, a filtered page, the last page), the CSV
  export and the dashboard, each requested ``--requests`` times through
  Django's test Client as a superuser: p50/p95 ms and queries. They read the
  stored rows; none of them audits.

It can also run by hand on any database: ``DJANGO_SETTINGS_MODULE=... python
-m bench.audit_probe --out /tmp/audit.json``.
"""

import argparse
import json
import resource
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed_requests(client, path, params, count):
    """(ms of each of ``count`` GETs after one warm-up, their CPU ms, queries
    of the last)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cpu = []

    def one():
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(path, params)
        if response.streaming:
            b"".join(response.streaming_content)
        elapsed = (time.perf_counter() - started) * 1000
        cpu.append((time.process_time() - cpu_started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path} {params}: HTTP {response.status_code}")
        return elapsed

    one()
    cpu.clear()
    times = [one() for _ in range(count)]
    cpu_times = list(cpu)
    with CaptureQueriesContext(connection) as queries:
        one()
    return times, cpu_times, len(queries.captured_queries)


def cpu_with_children():
    """CPU seconds of this process and of its children that have ended: the
    full audit of a large site runs in forked processes
    (seo/audit_processes.py), which have all ended when it returns."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(requests, audit=True):
    from django.urls import reverse
    from wagtail.models import Page

    from bench.probe import admin_client, describe
    from seo import audit_processes, audit_store
    from seo.audit import default_site
    from seo.models import PageAuditResult

    site = default_site()
    full = cpu = pages = None
    if audit:
        started, cpu_started = time.perf_counter(), cpu_with_children()
        pages = len(audit_store.refresh_all(site).pages)
        full = time.perf_counter() - started
        cpu = cpu_with_children() - cpu_started
        print(
            f"audit_probe: full audit of {pages} pages: {full:.1f} s",
            file=sys.stderr,
            flush=True,
        )
    one = Page.objects.live().filter(depth__gt=3).order_by("-pk").first()
    started = time.perf_counter()
    audit_store.refresh_pages([one.pk])
    reaudit = time.perf_counter() - started

    client = admin_client()
    url = reverse("seo_audit_report")
    last_page = max(1, -(-PageAuditResult.objects.filter(site=site).count() // 50))
    targets = {
        "report": (url, {}),
        "report_filtered": (url, {"severity": "warning", "check": "text_length"}),
        "report_last_page": (url, {"p": last_page}),
        "dashboard": (reverse("wagtailadmin_home"), {}),
        "export_csv": (url, {"export": "csv"}),
    }
    latency = {}
    for name, (path, params) in targets.items():
        count = max(3, requests // 5) if name == "export_csv" else requests
        times, cpu_times, queries = timed_requests(client, path, params, count)
        latency[name] = {
            "ms": describe(times),
            "cpu_ms": describe(cpu_times),
            "queries": queries,
            "n": count,
        }
    return {
        "pages": pages or PageAuditResult.objects.filter(site=site).count(),
        "full_audit_s": full,
        # CPU seconds of this process and the ones it forked: what the audit
        # costs on a machine whose other processes take their share of the
        # cores.
        "full_audit_cpu_s": cpu,
        "audit_processes": audit_processes.process_count(pages or 0),
        "per_page_ms": full * 1000 / max(1, pages) if full is not None else None,
        "reaudit_one_s": reaudit,
        "latency": latency,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument(
        "--skip-audit",
        action="store_true",
        help="time the report and dashboard on the audit already stored",
    )
    args = parser.parse_args(argv)

    import django

    django.setup()
    result = measure(args.requests, audit=not args.skip_audit)
    Path(args.out).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
