"""The page tree's (depth, path) index serves Wagtail's children lookups.

Without it, listing the home page's children (the header menu, on every
page) reads every page of the site: the path range of the home page holds
them all, and only ``depth`` picks the children out.
"""

from django.db import connection, transaction

from home.models import HomePage

INDEX = "home_page_tree_depth_path"


def _plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A test table is small enough to read whole; the question is
            # whether the index can answer the lookup at all.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row) for row in cursor.fetchall())


def test_the_menu_lookup_uses_the_depth_path_index(demo):
    home = HomePage.objects.get(locale__language_code="en")
    menu = home.get_children().live().in_menu()
    assert [page.title for page in menu] == ["Treatments", "Our doctors"]
    plan = _plan(menu)
    assert INDEX in plan


def test_the_index_exists_once_the_database_is_migrated(db):
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "wagtailcore_page")
    assert indexes[INDEX]["columns"] == ["depth", "path"]
    assert indexes[INDEX]["index"]
