"""What a command that writes thousands of rows at once does afterwards."""


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
