"""Print the SEO and trust audit; exit non-zero on findings, for CI pipelines.

By default it prints the stored audit (what the report shows), auditing first
the live pages that have no stored result yet, so a fresh database is never
reported clean by mistake. ``--refresh`` audits every page afresh and stores
the result; ``--refresh --enqueue`` only queues that full audit for the
worker (the line to run from cron or a systemd timer).

Findings are printed in ``--language`` (settings.LANGUAGE_CODE by default),
whatever language the audit was stored in; the lines around them stay in
English for scripts to read.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from wagtail.models import Site

from seo import audit_store
from seo.audit import default_site
from seo.findings import ERROR, INFO, WARNING
from seo.tasks import request_full_audit

# --fail-on warning fails on warnings and errors; --fail-on error only on errors.
FAIL_LEVELS = {"warning": {WARNING, ERROR}, "error": {ERROR}}


class Command(BaseCommand):
    help = (
        "Audit every live page (SEO, readability, medical trust) and the site "
        "as a whole. Prints the stored audit unless --refresh is given. "
        "--fail-on makes the exit status 1 when findings of that severity or "
        "worse exist."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--fail-on", choices=sorted(FAIL_LEVELS), default=None)
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=None,
            help="Language of the findings (default: settings.LANGUAGE_CODE)",
        )
        parser.add_argument(
            "--site", help="Hostname of the site to audit (default: the default site)"
        )
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Audit every live page afresh (and store it) instead of "
            "printing the stored audit.",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="With --refresh: queue the full audit for the task worker and "
            "return at once, printing nothing but what was queued.",
        )

    def handle(self, *args, language=None, **options):
        with translation.override(language or settings.LANGUAGE_CODE):
            self.audit(**options)

    def audit(self, *, format, fail_on, site, refresh, enqueue, **options):
        if site:
            found = (
                Site.objects.select_related("root_page").filter(hostname=site).first()
            )
            if found is None:
                raise CommandError(f"No site has the hostname {site!r}.")
            site = found
        else:
            try:
                site = default_site()
            except Site.DoesNotExist as error:
                raise CommandError("There is no default site to audit.") from error
        if enqueue:
            if not refresh:
                raise CommandError("--enqueue goes with --refresh.")
            result = request_full_audit(site)
            self.stdout.write(f"Queued a full audit of {site} (task {result.id}).")
            return
        if refresh:
            report = audit_store.refresh_all(site)
        else:
            audit_store.fill_missing(site)
            report = audit_store.stored_report(site)
        if format == "json":
            self.stdout.write(
                json.dumps(report.as_dict(), indent=2, ensure_ascii=False)
            )
        else:
            self.write_text(report)
        if fail_on and self.has_findings(report, FAIL_LEVELS[fail_on]):
            raise SystemExit(1)

    @staticmethod
    def has_findings(report, severities):
        page_hits = any(
            finding.severity in severities
            for page in report.pages
            for finding in page.findings
        )
        return page_hits or any(f.severity in severities for f in report.site)

    def write_text(self, report):
        for page in report.pages:
            self.stdout.write(f"{page.score:>3}  {page.url}  {page.title}")
            for finding in page.findings:
                where = f" [{finding.target}]" if finding.target else ""
                self.stdout.write(
                    f"     {finding.severity:<7} {finding.check}{where}: "
                    f"{finding.message}"
                )
        if report.site:
            self.stdout.write("Site:")
        for finding in report.site:
            self.stdout.write(
                f"     {finding.severity:<7} {finding.check}: {finding.message}"
            )
            for url in finding.urls:
                self.stdout.write(f"         {url}")
        counts = {
            severity: sum(
                1
                for page in report.pages
                for finding in page.findings
                if finding.severity == severity
            )
            + sum(1 for finding in report.site if finding.severity == severity)
            for severity in (ERROR, WARNING, INFO)
        }
        self.stdout.write(
            f"{len(report.pages)} pages: {counts[ERROR]} errors, "
            f"{counts[WARNING]} warnings, {counts[INFO]} notes."
        )
