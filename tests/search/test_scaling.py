"""The backends' faster paths find and rank what the stock backends do.

``search/backends``: on SQLite the full-text query runs once per search
instead of once per matching page; on PostgreSQL the match is written so the
GIN indexes answer it. These tests compare both with Wagtail's own backends on
the same pages, and check the work each search does.
"""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from modelsearch.backends.database import SearchBackend as stock_backend
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, Phrase, PlainText

from search.stored_text import stored_texts

from .conftest import is_postgres, paragraph

COMMON = "Spasticity is common"

QUERIES = [
    PlainText("spasticity"),
    PlainText("physiotherapy"),
    And([PlainText("spasticity"), PlainText("physiotherapy")]),
    Or([PlainText("spasticity"), PlainText("physiotherapy")]),
    And([PlainText("spasticity"), Or([PlainText("botox"), Phrase("nerve block")])]),
    # Stop words on PostgreSQL: they drop out of an AND, and alone find nothing.
    And([PlainText("how"), PlainText("many"), PlainText("sessions")]),
    PlainText("the"),
    PlainText("nowhere"),
]


@pytest.fixture
def pages(make_page):
    """Pages where the words fall in the title, the body, or both."""
    made = [
        make_page("Spasticity clinic", body=[paragraph("Physiotherapy daily.")]),
        make_page("Physiotherapy", body=[paragraph(f"{COMMON}. How many sessions?")]),
        make_page("Botox", body=[paragraph(f"{COMMON}; so is a nerve block.")]),
        make_page("Nerve care", body=[paragraph("A nerve and a block, apart.")]),
        make_page("Sessions", body=[paragraph("Ten sessions, spasticity eased.")]),
    ]
    for number in range(6):
        made.append(make_page(f"Other {number}", body=[paragraph(COMMON * number)]))
    return made


def searchable():
    return Page.objects.live().public().specific()


def reference_backend():
    """What the site's backend did before its faster paths.

    SQLite: the same column weights, with modelsearch's own results (one
    full-text query per matching page to score it), so the order must be
    identical. PostgreSQL: Wagtail's stock backend, so the same pages must
    match; the order differs by design (see ``IndexedMatchQueryCompiler``).
    """
    if is_postgres():
        return stock_backend({})
    from modelsearch.backends.database.sqlite import sqlite as vendor

    from search.backends.sqlite import WeightedSQLiteSearchBackend

    class Reference(WeightedSQLiteSearchBackend):
        results_class = vendor.SQLiteSearchResults

    return Reference({})


@pytest.mark.parametrize("query", QUERIES, ids=repr)
def test_finds_and_ranks_what_the_reference_backend_does(pages, query):
    ours = get_search_backend()
    stock = reference_backend()
    assert type(ours).results_class is not type(stock).results_class
    ours_results = ours.search(query, searchable())
    stock_results = stock.search(query, searchable())
    ours_ids = [page.pk for page in ours_results]
    stock_ids = [page.pk for page in stock_results]
    assert ours_results.count() == stock_results.count() == len(stock_ids)
    if is_postgres():
        # Same pages; the rank differs by design (one ts_rank per vector).
        assert sorted(ours_ids) == sorted(stock_ids)
    else:
        assert ours_ids == stock_ids
    # Slicing pages through the results gives the same pages in the same order.
    assert [p.pk for p in ours_results[2:5]] == ours_ids[2:5]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 path")
def test_sqlite_runs_the_full_text_query_once_per_statement(pages):
    results = get_search_backend().search("spasticity", searchable())
    with CaptureQueriesContext(connection) as queries:
        assert results.count() == 10  # 9 pages above, and the seed page
        assert len(list(results[:3])) == 3
    matching = [q["sql"] for q in queries.captured_queries if " MATCH " in q["sql"]]
    assert len(matching) == 2  # the count, and the page of results
    for sql in matching:
        assert sql.count(" MATCH ") == 1
        assert "MATERIALIZED" in sql


def _plan(sql, params):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_postgres_matches_each_vector_where_its_gin_index_can(pages):
    """The plan tests ``title @@ q`` and ``body @@ q``, never ``(title || body)``.

    Which scan the planner picks depends on the table's size (on 10,000 pages
    the GIN bitmap scans; ``make bench`` shows the time); the shape of the
    condition is what lets it, and the settings that make it are put back.
    """
    from search.backends.postgres import INDEX_FIRST, planner_settings

    results = get_search_backend().search("spasticity", searchable())
    queryset = results.get_queryset()
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic():
        with planner_settings("default", INDEX_FIRST):
            plan = _plan(sql, params)
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            assert cursor.fetchone()[0] == "on"  # put back after the block
    assert "(body @@ '''spastic'''::tsquery)" in plan
    assert "(title @@ '''spastic'''::tsquery)" in plan
    assert "||" not in plan
    # The test tables are tiny and their statistics stale, as after a bulk
    # import: a nested loop here would compare every page with every entry.
    assert "Nested Loop" not in plan
    # Forcing the planner makes plans look costly; JIT would then compile
    # every search (tens of ms), so it is off for these statements too.
    assert "JIT" not in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_postgres_planner_settings_never_outlive_a_search(pages):
    results = get_search_backend().search("spasticity", searchable())
    assert results.count() == 10
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
        cursor.execute("SHOW enable_indexscan")
        assert cursor.fetchone()[0] == "on"


def test_stored_texts_are_what_the_index_holds(pages):
    page = pages[2]
    texts = stored_texts([page, pages[0]])
    assert "nerve block" in texts[page.pk]
    assert "Physiotherapy daily" in texts[pages[0].pk]
    assert stored_texts([]) == {}


def test_results_excerpts_come_from_the_index_not_the_stream(client, pages):
    response = client.get("/search/", {"q": "nerve block"})
    assert response.status_code == 200
    assert b"so is a <mark>nerve</mark> <mark>block</mark>" in response.content


def test_without_stored_text_the_excerpt_comes_from_the_page(
    client, pages, monkeypatch
):
    """A search server (Elasticsearch) holds no text in the database."""
    monkeypatch.setattr("search.engine.stored_texts", lambda pages: {})
    response = client.get("/search/", {"q": "nerve block"})
    assert b"so is a <mark>nerve</mark> <mark>block</mark>" in response.content


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("fails", [False, True])
def test_postgres_planner_settings_are_put_back_in_autocommit(
    pages, monkeypatch, fails
):
    """As the site runs: no transaction around the search's statements."""
    from modelsearch.backends.database.postgres.postgres import (
        PostgresSearchResults,
    )

    assert not connection.in_atomic_block
    if fails:

        def broken(*args, **kwargs):
            raise RuntimeError("the statement failed")

        monkeypatch.setattr("search.backends.ranking.ranked_page_ids", broken)
        monkeypatch.setattr(PostgresSearchResults, "_do_count", broken)
    results = get_search_backend().search("spasticity", searchable())
    if fails:
        with pytest.raises(RuntimeError):
            results.count()
    else:
        assert results.count() == 10
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "on"
