"""Create many realistic treatment pages for benchmarks (deterministic)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from backups.bulk_load import tidy_after_bulk_load
from demo.generate import generate_pages


class Command(BaseCommand):
    help = (
        "Create N live treatment pages under /treatments/ with the kinds of "
        "blocks the seed page uses. The same --seed gives the same pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, count, seed, **options):
        if count < 1 or count > 200_000:
            raise CommandError("--count must be between 1 and 200000.")
        try:
            created = generate_pages(
                count,
                seed=seed,
                stdout=self.stdout if options["verbosity"] > 1 else None,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        tidy_after_bulk_load(connection)
        self.stdout.write(self.style.SUCCESS(f"Created {created} treatment pages."))
