"""The demo site's rows, copied after a transactional test first builds it and
written back for the next ones.

Transactional tests (live servers, the task worker, ``on_commit``) cannot
share the demo site built inside the suite's open transaction: each commits,
and the database is emptied after it. Building the site again with
``load_demo_content`` costs several seconds of CPU a test (the Turkish
translation, the search and reference indexes), about a quarter of the
suite's time. Writing back the rows the first build left costs a few hundred
milliseconds. What the command does is still tested: the first transactional
test of each kind builds it for real, and so do the shared demo and the
command's own tests.

The copy is per task backend (``settings.TASKS``): with the database queue the
loader leaves queued tasks behind instead of their results, so each kind of
test gets the site its own settings would have built.
"""

import json

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

_snapshots = {}


def key(settings):
    """What the loader's result depends on besides the code."""
    return json.dumps(getattr(settings, "TASKS", None), sort_keys=True, default=repr)


def saved(settings):
    return key(settings) in _snapshots


def save(settings):
    """Copy every table the test database's models own.

    PostgreSQL's copy is its ``COPY`` text, kept in this process; SQLite's (an
    in-memory test database, on one connection for the whole run) is a set of
    tables in a second in-memory database attached to it, so that both copy
    the stored values exactly, with no conversion through Python types.
    """
    schema = f"demo_snapshot_{len(_snapshots)}"
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"ATTACH DATABASE ':memory:' AS {schema}")
        _snapshots[key(settings)] = {
            table: _read(cursor, table, schema) for table in _tables(cursor)
        }


def restore(settings):
    """Empty the models' tables and write the copy back, in one transaction."""
    snapshot = _snapshots[key(settings)]
    with transaction.atomic(), connection.cursor() as cursor:
        _empty(cursor, list(snapshot))
        for table, rows in snapshot.items():
            _write(cursor, table, rows)
        if connection.vendor == "postgresql":
            models = list(apps.get_models(include_auto_created=True))
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
    _forget_cached_rows()


def _tables(cursor):
    tables = connection.introspection.django_table_names(
        only_existing=True, include_views=False
    )
    if connection.vendor == "sqlite":
        # Wagtail's full-text table is filled by triggers on the index entries
        # it mirrors: writing the entries back writes it.
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL%'"
        )
        virtual = {name for (name,) in cursor.fetchall()}
        tables = [t for t in tables if t not in virtual]
    return sorted(tables)


def _read(cursor, table, schema):
    """PostgreSQL: the table's rows as COPY text. SQLite: the copy's name."""
    name = connection.ops.quote_name(table)
    if connection.vendor == "postgresql":
        with cursor.copy(f"COPY {name} TO STDOUT") as copy:
            return b"".join(bytes(block) for block in copy)
    # Names from the database's own catalogue, quoted: no outside input.
    cursor.execute(f"CREATE TABLE {schema}.{name} AS SELECT * FROM main.{name}")  # noqa: S608
    return f"{schema}.{name}"


def _empty(cursor, tables):
    names = [connection.ops.quote_name(table) for table in tables]
    if connection.vendor == "postgresql":
        cursor.execute(f"TRUNCATE {', '.join(names)}")
    else:
        for name in names:
            cursor.execute(f"DELETE FROM main.{name}")  # noqa: S608


def _write(cursor, table, copied):
    name = connection.ops.quote_name(table)
    if connection.vendor == "postgresql":
        if copied:
            with cursor.copy(f"COPY {name} FROM STDIN") as copy:
                copy.write(copied)
        return
    cursor.execute(f"INSERT INTO main.{name} SELECT * FROM {copied}")  # noqa: S608


def _forget_cached_rows():
    """Caches in this process that hold ids of rows just replaced.

    The content types are cached again at once, not just forgotten: the next
    test's serialized rollback saves rows whose signal handlers look content
    types up, and an empty cache would have them create rows that clash with
    the ones being put back.
    """
    from django.contrib.contenttypes.models import ContentType

    from clinic import memo

    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)
    memo.forget_all()
