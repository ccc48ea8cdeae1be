"""Check every external link on the live pages and store the answers.

Run it on a schedule (cron, CI): the SEO report shows the stored failures.
``--fail-on-broken`` makes the exit status 1 when any link is broken.
"""

import math

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from seo.config import get_config
from seo.link_checker import check_all, external_urls, store_results

MAX_CONCURRENCY = 64


class Command(BaseCommand):
    help = (
        "Check the external links on every live page, store the results for "
        "the SEO report and list the broken ones."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout",
            type=float,
            help="Seconds to wait for each link (default: LINK_CHECK_TIMEOUT).",
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            help="Links checked at the same time (default: LINK_CHECK_CONCURRENCY).",
        )
        parser.add_argument(
            "--fail-on-broken",
            action="store_true",
            help="Exit with status 1 when any link is broken.",
        )

    def handle(self, *args, timeout, concurrency, fail_on_broken, **options):
        config = get_config()
        timeout = config.LINK_CHECK_TIMEOUT if timeout is None else timeout
        if concurrency is None:
            concurrency = config.LINK_CHECK_CONCURRENCY
        if not (math.isfinite(timeout) and timeout > 0):
            raise CommandError("--timeout must be a number of seconds above 0.")
        if not 1 <= concurrency <= MAX_CONCURRENCY:
            raise CommandError(
                f"--concurrency must be between 1 and {MAX_CONCURRENCY}."
            )

        site_urls = external_urls()
        results = check_all(site_urls, timeout, concurrency)
        store_results(results, timezone.now(), site_urls)
        broken = sorted(
            (result for result in results if not result.ok),
            key=lambda result: result.url,
        )
        for result in broken:
            pages = ", ".join(sorted(site_urls[result.url]))
            self.stdout.write(f"{result.url}: {result.problem} (on {pages})")
        noun = "link" if len(results) == 1 else "links"
        self.stdout.write(f"Checked {len(results)} {noun}: {len(broken)} broken.")
        if fail_on_broken and broken:
            raise SystemExit(1)
