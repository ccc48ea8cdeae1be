"""pg_trgm and a trigram index on the vocabulary, on PostgreSQL only.

"Did you mean" asks PostgreSQL for the vocabulary words that share the most
trigrams with a misspelt word; the GIN index keeps that fast however large the
vocabulary grows. Other databases skip both operations (Django's
``TrigramExtension`` already does nothing elsewhere; the index is guarded
here) and compare words in Python instead (``search/vocabulary.py``).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "search_term_key_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_searchterm "
            "USING gin (key gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
