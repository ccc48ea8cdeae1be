"""A GIN index on the boosted part of each page's body vector (PostgreSQL).

``ts_filter(body, '{a,b,c}')`` keeps the words that the title-like fields put
in the body vector (every weight but D: the condition, the headings). The
search asks this index which matching pages have the words there, so it can
rank those first without reading every page's body (``search/backends/
ranking.py``). Other databases skip it.
"""

from django.db import migrations

INDEX = "search_indexentry_boosted_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
            "USING gin (ts_filter(body, '{a,b,c}'))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_trigram_index"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
