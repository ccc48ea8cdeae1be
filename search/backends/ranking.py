"""Ranking a PostgreSQL search without reading every matching page's text.

``ts_rank`` needs the page's whole body vector: 4–16 KB that PostgreSQL keeps
out of line (TOAST) and fetches row by row. For a word on nearly every page
("spasticity" on 9,995 of 10,000), ranking them all is what a search spends
its time on (about 90 ms), although the visitor sees ten. And the stock
statements join every page to every index entry twice, once to count and once
to rank.

Here a search is three statements, run once and shared by the count and
every slice of the results:

1. The matching index entries, from the GIN indexes alone (the compiler's
   ``matching_entries``), each with two cheap signals: whether any of the
   words is in the title, and whether any is in a boosted field (the
   condition, the headings: every weight but D, which unboosted fields get),
   which a GIN index on ``ts_filter(body, '{a,b,c}')`` answers
   (``search/migrations/0003_boosted_body_index.py``). No body is read.
2. Which of their pages the visitor may see (the page queryset's own filters:
   live, public, locale, not promoted), by primary key.
3. The rank (the compiler's rank: title times its norm, plus body, for any of
   the words) of at most ``RANK_LIMIT`` of those pages: all of them when
   there are no more, otherwise the ones with a word in the title first, then
   in a boosted field, then the newest.

Pages are ordered by that rank, then newest first; the pages left unranked
follow, ordered by the same signals. Up to ``RANK_LIMIT`` matching pages the
order is exactly the rank's. Beyond it, it is still exact at the top as long
as the pages with a word in the title or a boosted field are no more than
``RANK_LIMIT``: such a word scores at least the C weight over
``ts_rank``'s 1.645 (0.158 / 1.645 = 0.096), while each word found only in
unboosted text adds at most the D weight (0.0099), so up to nine words they
outrank every page without.
"""

from django.contrib.postgres.search import SearchRank, SearchVectorField
from django.db import connections
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    Func,
    Q,
)
from modelsearch.backends.database.postgres.postgres import IndexEntry
from modelsearch.utils import get_descendants_content_types_pks

# Pages whose rank is computed exactly (about 10 µs of body reading each).
RANK_LIMIT = 1000
# Every weight but D: modelsearch gives D to fields without a boost.
BOOSTED_WEIGHTS = "{a,b,c}"


class BoostedBody(Func):
    """``ts_filter(body, '{a,b,c}')``: the indexed expression, written alike."""

    function = "ts_filter"
    template = f"%(function)s(%(expressions)s, '{BOOSTED_WEIGHTS}')"
    output_field = SearchVectorField()


class EqualsAny(Func):
    """``column = ANY(%s::integer[])``: one parameter, however many ids.

    The ids travel as one array literal (``{1,2,3}``): going through
    ``ArrayField`` would prepare each of 10,000 ids one by one (about 10 ms).
    """

    output_field = BooleanField()

    def __init__(self, column, ids):
        self.literal = "{" + ",".join(map(str, ids)) + "}"
        super().__init__(column)

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        return f"{column} = ANY(%s::integer[])", (*params, self.literal)


def matching_entries(branches, tsquery):
    """(entry id, content type id, object id, in title, boosted) per match.

    ``branches``: querysets of index entries whose union is the match.
    """
    boosted = (
        IndexEntry.objects.alias(boosted_body=BoostedBody(F("body")))
        .filter(boosted_body=tsquery)
        .values("pk")
    )
    first, *others = (
        branch.annotate(
            in_title=ExpressionWrapper(Q(title=tsquery), output_field=BooleanField()),
            boosted=ExpressionWrapper(Q(pk__in=boosted), output_field=BooleanField()),
        ).values_list("pk", "content_type_id", "object_id", "in_title", "boosted")
        for branch in branches
    )
    return first.union(*others)


def fetch_all(queryset):
    """The rows of a ``values_list`` queryset, straight from the cursor.

    A search may match 10,000 entries; the ORM's row handling would cost
    more than the statement (about 4 ms per 1,000 rows).
    """
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def visible_page_ids(queryset, page_ids):
    """The pages of ``page_ids`` that ``queryset`` (its filters) lets through."""
    return set(
        queryset.order_by()
        .filter(EqualsAny(F("pk"), page_ids))
        .values_list("pk", flat=True)
    )


def entry_ranks(entry_ids, rank_expression):
    return dict(
        IndexEntry.objects.filter(EqualsAny(F("pk"), entry_ids))
        .annotate(rank=rank_expression)
        .values_list("pk", "rank")
    )


def rank_expression(tsquery, weights):
    """The stock rank over an entry's own columns (title times its norm, body)."""
    return SearchRank(F("title"), tsquery, weights=weights) * F(
        "title_norm"
    ) + SearchRank(F("body"), tsquery, weights=weights)


def ranked_page_ids(queryset, branches, tsquery, weights, limit=None):
    """The primary keys of the visible matching pages, best first."""
    limit = RANK_LIMIT if limit is None else limit
    page_types = set(get_descendants_content_types_pks(queryset.model))
    hits = {}
    for entry_id, content_type_id, object_id, in_title, boosted in fetch_all(
        matching_entries(branches, tsquery)
    ):
        if content_type_id not in page_types:
            continue
        try:
            page_id = int(object_id)
        except ValueError:
            continue
        hits.setdefault(page_id, (entry_id, bool(in_title), bool(boosted)))
    if not hits:
        return []
    visible = visible_page_ids(queryset, hits)

    def cheap(page_id):
        _entry, in_title, boosted = hits[page_id]
        return (in_title, boosted, page_id)

    by_signal = sorted(visible, key=cheap, reverse=True)
    ranked, unranked = by_signal[:limit], by_signal[limit:]
    ranks = entry_ranks(
        (hits[page_id][0] for page_id in ranked), rank_expression(tsquery, weights)
    )
    ranked.sort(key=lambda page_id: (ranks[hits[page_id][0]], page_id), reverse=True)
    return ranked + unranked
