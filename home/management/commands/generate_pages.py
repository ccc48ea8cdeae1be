"""Create many realistic treatment pages for benchmarks (deterministic)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from home.demo.generate import generate_pages


def tidy_after_bulk_load(connection):
    """Bring the database's own bookkeeping up to date after a bulk load.

    Thousands of rows written at once leave the planner's statistics
    describing the empty site until autovacuum catches up; searches and
    listings are planned from them. On PostgreSQL, GIN indexes also queue new
    entries in a pending list that every search then reads through (20,000
    entries after 10,000 pages: 3 ms per title lookup) until a VACUUM merges
    it. So: VACUUM ANALYZE where it can run (PostgreSQL, outside a
    transaction), ANALYZE elsewhere.
    """
    statement = "ANALYZE"
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        statement = "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(statement)


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
