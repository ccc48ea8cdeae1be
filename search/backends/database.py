"""``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backends.database"``.

Wagtail's database backend for whichever database the site runs on, with two
adjustments (see each module): on SQLite a title match outranks a body match,
and on PostgreSQL each language's pages are stemmed by that language's rules.
Any other database gets Wagtail's backend unchanged.
"""

from django.db import connection
from modelsearch.backends.database import SearchBackend as vendor_backend


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up)
    backend = vendor_backend(params)
    name = type(backend).__name__
    if name == "SQLiteSearchBackend" and connection.vendor == "sqlite":
        from .sqlite import WeightedSQLiteSearchBackend

        return WeightedSQLiteSearchBackend(params)
    if name == "PostgresSearchBackend" and connection.vendor == "postgresql":
        from .postgres import LocalisedPostgresSearchBackend

        return LocalisedPostgresSearchBackend(params)
    return backend
