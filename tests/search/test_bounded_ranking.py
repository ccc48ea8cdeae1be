"""PostgreSQL: a search reads at most ``RANK_LIMIT`` bodies, however common
the words, and still puts the pages that matter first.

``search/backends/ranking.py``: the match and two cheap signals (a word in
the title, a word in a boosted field such as a heading) come from the GIN
indexes; only the best ``RANK_LIMIT`` pages by those signals are ranked with
``ts_rank``, the rest follow, newest first.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Phrase, PlainText

from search.backends import ranking

from .conftest import heading, paragraph

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL backend's ranking"
)


def searchable():
    return Page.objects.live().public().specific()


def stock_order(query):
    """The order of the compiler's own single statement (``search()``): the
    same rank expression over every matching page, then newest first."""
    results = get_search_backend().search(query, searchable())
    return [page.pk for page in results.get_queryset()]


@pytest.fixture
def common_word(make_page, demo):
    """ "Spasticity" everywhere: in two titles, three headings (two pages and
    the seed page), and the body of eight more pages (once to three times)."""
    pages = {
        "title": [
            make_page("Spasticity clinic", body=[paragraph("Care for all.")]),
            make_page("Spasticity and botox", body=[paragraph("Spasticity eased.")]),
        ],
        "heading": [
            make_page("Physio", body=[heading("Spasticity"), paragraph("Daily.")]),
            make_page("Botox", body=[heading("What spasticity is"), paragraph("A")]),
            demo,
        ],
        "body": [
            make_page(
                f"Other {number}",
                body=[
                    paragraph(" ".join(["Spasticity is common."] * (number % 3 + 1)))
                ],
            )
            for number in range(8)
        ],
    }
    return pages


def ids(pages):
    return [page.pk for page in pages]


def test_up_to_the_limit_the_order_is_the_rank_order(common_word):
    query = PlainText("spasticity")
    results = get_search_backend().search(query, searchable())
    found = [page.pk for page in results]
    assert found == stock_order(query)
    assert results.count() == len(found) == 13  # 12 above and the seed page


def test_beyond_the_limit_titles_and_headings_come_first_in_rank_order(
    common_word, monkeypatch
):
    """Exact where it matters: a one-word query's title and heading pages
    outrank every page that only mentions the word, and they are ranked."""
    query = PlainText("spasticity")
    full = stock_order(query)
    strong = set(ids(common_word["title"] + common_word["heading"]))
    assert set(full[:5]) == strong  # what the full ranking puts first

    monkeypatch.setattr(ranking, "RANK_LIMIT", 5)
    results = get_search_backend().search(query, searchable())
    with CaptureQueriesContext(connection) as queries:
        found = [page.pk for page in results]
        count = results.count()
    assert found[:5] == full[:5]
    # The rest: not ranked, newest first; the same pages, counted alike.
    assert found[5:] == sorted(set(full) - strong, reverse=True)
    assert count == len(full) == 13
    ranked = [q["sql"] for q in queries.captured_queries if "ts_rank(" in q["sql"]]
    assert len(ranked) == 1
    array = re.search(r"ANY\('\{([0-9,]*)\}'::integer\[\]\)", ranked[0])
    assert len(array.group(1).split(",")) == 5  # five bodies read, not 13


def test_titles_before_headings_before_the_rest_when_even_those_are_too_many(
    common_word, monkeypatch
):
    monkeypatch.setattr(ranking, "RANK_LIMIT", 1)
    results = get_search_backend().search(PlainText("spasticity"), searchable())
    found = [page.pk for page in results]
    titles = ids(common_word["title"])
    headings = ids(common_word["heading"])
    assert found[0] in titles
    assert found[1] in titles
    assert found[2:5] == sorted(headings, reverse=True)


def test_slices_and_count_share_one_computation(common_word):
    results = get_search_backend().search(PlainText("spasticity"), searchable())
    with CaptureQueriesContext(connection) as queries:
        assert results.count() == 13
        first = [page.pk for page in results[:5]]
        second = [page.pk for page in results[5:10]]
    assert len(set(first + second)) == 10
    matches = [q for q in queries.captured_queries if "@@" in q["sql"]]
    assert len(matches) == 1  # the match ran once for the count and both slices


@pytest.mark.parametrize(
    "query",
    [
        And([PlainText("spasticity"), PlainText("botox")]),
        Phrase("spasticity is common"),
        And([PlainText("how"), PlainText("spasticity")]),  # a stop word
    ],
    ids=repr,
)
def test_words_split_between_title_and_body_still_match(common_word, query):
    """The match runs as "whole query in the body" or "a word in the title,
    then each word in the title or the body": the same pages as the stock
    backend's ``title || body``."""
    from modelsearch.backends.database import SearchBackend as stock_backend

    ours = [page.pk for page in get_search_backend().search(query, searchable())]
    stock = [page.pk for page in stock_backend({}).search(query, searchable())]
    assert sorted(ours) == sorted(stock)
    assert ours


def test_a_page_with_the_words_split_between_title_and_body(make_page):
    page = make_page("Botox clinic", body=[paragraph("Spasticity eased.")])
    make_page("Botox only", body=[paragraph("Nothing else.")])
    query = And([PlainText("botox"), PlainText("spasticity")])
    found = [p.pk for p in get_search_backend().search(query, searchable())]
    assert found == [page.pk]


def _explain(sql, params):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_boosted_words_are_found_with_their_own_index(common_word):
    """The heading signal comes from the GIN index on ``ts_filter(body)``:
    no page's body is read to know whether the word is in a heading."""
    from django.db import transaction

    from search.backends.postgres import INDEX_FIRST, planner_settings

    results = get_search_backend().search(PlainText("spasticity"), searchable())
    branches = results.query_compiler.matching_entries(
        results.query_compiler.get_config(results.backend)
    )
    entries = ranking.matching_entries(
        branches, results.query_compiler.rank_tsquery("english")
    )
    sql, params = entries.query.sql_with_params()
    with transaction.atomic(), planner_settings("default", INDEX_FIRST):
        plan = _explain(sql, params)
    assert "search_indexentry_boosted_body_gin" in plan
    assert "Index Cond: (body @@" in plan
    assert "Index Cond: (title @@" in plan
    assert "||" not in plan
