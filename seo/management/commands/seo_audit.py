"""Print the SEO and trust audit; exit non-zero on findings, for CI pipelines."""

import json

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from seo.audit import run_audit
from seo.findings import ERROR, INFO, WARNING

# --fail-on warning fails on warnings and errors; --fail-on error only on errors.
FAIL_LEVELS = {"warning": {WARNING, ERROR}, "error": {ERROR}}


class Command(BaseCommand):
    help = (
        "Audit every live page (SEO, readability, medical trust) and the site "
        "as a whole. --fail-on makes the exit status 1 when findings of that "
        "severity or worse exist."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--fail-on", choices=sorted(FAIL_LEVELS), default=None)
        parser.add_argument(
            "--site", help="Hostname of the site to audit (default: the default site)"
        )

    def handle(self, *args, format, fail_on, site, **options):
        if site:
            found = Site.objects.filter(hostname=site).first()
            if found is None:
                raise CommandError(f"No site has the hostname {site!r}.")
            site = found
        report = run_audit(site)
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
