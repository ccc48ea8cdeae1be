"""`make audit`: build a throwaway site, audit its key pages, report, exit 0 or 1.

    .venv/bin/python -m audit.run [--keep] [--only PATH ...]

Writes ``docs/audit.md`` (the table and every finding) and
``audit/results/latest.json``; the raw Lighthouse reports and the HTML the
Nu HTML Checker read are left in ``audit/results/`` (not committed).
"""

import argparse
import datetime
import json
import re
import sys
import time
from pathlib import Path

from audit import report, server, tools

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "audit" / "results"
DOC = ROOT / "docs" / "audit.md"

# (name, path, audits it fails by design: see report.EXCUSES)
PAGES = [
    ("Home", "/", ()),
    ("Treatments index", "/treatments/", ()),
    ("Seed page", "/treatments/stem-cell-therapy-for-cerebral-palsy/", ()),
    ("Search results", "/search/?q=stem+cells", report.NOINDEX_PAGE),
    ("404", "/no-such-page/", report.ERROR_PAGE),
]
DOCTOR_LINK = re.compile(r'href="(/doctors/[\w-]+/)"')


def discover_pages(base_url):
    """The fixed pages, plus /doctors/ and one profile once they exist."""
    pages = list(PAGES)
    status, body = tools.fetch(base_url + "/doctors/")
    if status == 200:
        pages.append(("Doctors", "/doctors/", ()))
        match = DOCTOR_LINK.search(body.decode("utf-8", "replace"))
        if match:
            pages.append(("Doctor profile", match.group(1), ()))
    return pages


def slug(path):
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


def audit_pages(base_url, pages):
    RESULTS.joinpath("lighthouse").mkdir(parents=True, exist_ok=True)
    RESULTS.joinpath("html").mkdir(parents=True, exist_ok=True)
    results = []
    for name, path, excused in pages:
        status, body = tools.fetch(base_url + path)
        html_file = RESULTS / "html" / f"{slug(path)}.html"
        html_file.write_bytes(body)
        results.append(
            {
                "name": name,
                "path": path,
                "status": status,
                "excused": list(excused),
                "html_file": str(html_file),
            }
        )
    errors = tools.vnu_errors([Path(result["html_file"]) for result in results])
    for result in results:
        result["vnu"] = errors.get(Path(result.pop("html_file")).resolve(), [])
    with tools.AxeRunner() as axe:
        for result in results:
            result["axe"] = axe.run(base_url + result["path"])
    for result in results:
        print(f"Lighthouse: {result['path']}", file=sys.stderr, flush=True)
        output = RESULTS / "lighthouse" / f"{slug(result['path'])}.json"
        try:
            lighthouse = tools.lighthouse(
                base_url + result["path"], output, error_page=result["status"] >= 400
            )
        except (RuntimeError, OSError, ValueError) as error:
            result["error"] = f"Lighthouse: {error}"
            result["lighthouse"] = {}
            continue
        result["lighthouse"] = report.summarise_lighthouse(
            lighthouse, excused=result["excused"]
        )
    return results


def write_outputs(results, seconds):
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(
        json.dumps(
            {
                "generated": stamp,
                "seconds": round(seconds),
                "targets": report.TARGETS,
                "passed": report.passed(results),
                "pages": results,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    DOC.write_text(
        "# Audit results\n\n"
        f"`make audit`, {stamp}, {round(seconds)} s. Lighthouse 12 (mobile),"
        " axe-core and the Nu HTML Checker against the production settings"
        " served by gunicorn on 127.0.0.1 over plain HTTP (see docs/testing.md,"
        " Audits)."
        " `(N*)`: Lighthouse's own score, before excusing the audits the page"
        " fails by design (marked *excused* below, reasons in `audit/report.py`).\n\n"
        f"{report.table(results)}\n\n"
        "## Findings\n\n"
        f"{report.details(results) or 'None.'}\n"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the site's files")
    parser.add_argument("--only", nargs="*", help="audit only these paths")
    args = parser.parse_args(argv)
    started = time.monotonic()
    with server.running_site(keep=args.keep) as base_url:
        pages = discover_pages(base_url)
        if args.only:
            pages = [page for page in pages if page[1] in args.only]
        results = audit_pages(base_url, pages)
    write_outputs(results, time.monotonic() - started)
    print(report.table(results))
    print()
    for result in results:
        for problem in report.misses(result):
            print(f"MISSED {result['path']}: {problem}")
    print(f"\nWritten: {DOC.relative_to(ROOT)}, audit/results/latest.json")
    return 0 if report.passed(results) else 1


if __name__ == "__main__":
    sys.exit(main())
