"""Wagtail's SQLite (FTS5) backend: title weighing more, and ranking in one pass.

Weights. The stock backend ranks with ``bm25()`` over every column alike, so a
word in the title counts no more than the same word anywhere in the body,
whatever the fields' ``boost``. Here ``bm25()`` gets a weight per column.
Boosted fields other than the title (the treatment's headings) are indexed a
second time on top of the body they come from (see
``TreatmentPage.search_headings``), which raises their term frequency: the
nearest FTS5 has to a field boost.

One pass. The stock backend orders the pages by a correlated subquery that
runs the full-text query again for every page that matched, so a word found
on every page costs pages × pages: 70 to 140 s for one search at 10,000
pages ("a", "the", "spasticity" in ``make bench``). Here the full-text query
runs once, as a materialised CTE giving each matching object its score, and
is joined to the pages the caller may see (``RankedOnceSearchResults``).
"""

import operator
import sqlite3
from functools import reduce

from django.db import connections, router
from django.db.models import FloatField, Value
from django.utils.translation import get_language
from modelsearch.backends.database.sqlite import sqlite as base
from modelsearch.backends.database.sqlite.query import (
    BM25,
    Lexeme,
    MatchExpression,
    SearchQueryExpression,
    normalize,
)
from modelsearch.query import MatchAll, Not, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from ..text import STEMS
from . import PREFIX_MIN_LENGTH

# The FTS5 table's columns, in the order modelsearch's migration creates them
# (tests/search checks the order against the database).
FTS_COLUMNS = ("autocomplete", "body", "title")
COLUMN_WEIGHTS = {"autocomplete": 1.0, "body": 1.0, "title": 10.0}

# "AS MATERIALIZED" (SQLite 3.35+) makes SQLite run the full-text query once
# rather than fold it into the join, where it may run once per page again.
_MATERIALIZED = "MATERIALIZED " if sqlite3.sqlite_version_info >= (3, 35) else ""


class WeightedBM25(BM25):
    def as_sql(self, compiler, connection, function=None, template=None):
        table = base.SQLiteFTSIndexEntry._meta.db_table
        weights = ", ".join(repr(float(COLUMN_WEIGHTS[c])) for c in FTS_COLUMNS)
        return f"bm25({table}, {weights})", []


class RankedOnceMixin:
    """Builds the one-pass ranking SQL for ``RankedOnceSearchResults``."""

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        if isinstance(query, (Phrase, PlainText, Not)):
            rank = WeightedBM25()
            return rank * boost if boost != 1.0 else rank
        return super().build_tsrank(vector, query, config=config, boost=boost)

    def ranked_sql(self, config, scored=True):
        """(with-clause SQL, params) defining ``matches(object_id, score)`` and
        ``visible(pk)``, or None when the stock way must answer (a negated or
        match-all query, or results not ordered by relevance). The queryset's
        own ordering is ignored, as the stock backend ignores it when ranking.
        Without ``scored`` the score is 0: counting needs no ``bm25()``.
        """
        query = normalize(self.query)
        if not self.order_by_relevance or isinstance(query, (MatchAll, Not)):
            return None
        match = MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS,
            self.build_search_query(query, config=config),
        )
        if scored:
            score = self._build_rank_expression(self.get_search_vectors(), config)
        else:
            score = Value(0.0, output_field=FloatField())
        content_types = get_descendants_content_types_pks(self.queryset.model)
        matches = (
            base.SQLiteFTSIndexEntry.objects.filter(match)
            .filter(index_entry__content_type__in=content_types)
            .annotate(score=score)
            .values_list("index_entry__object_id", "score")
        )
        matches_sql, matches_params = matches.query.sql_with_params()
        visible = self.queryset.order_by().values_list("pk")
        visible_sql, visible_params = visible.query.sql_with_params()
        sql = (
            f"WITH matches(object_id, score) AS {_MATERIALIZED}({matches_sql}), "
            f"visible(pk) AS ({visible_sql}) "
        )
        return sql, (*matches_params, *visible_params)


class WeightedSQLiteSearchQueryCompiler(
    RankedOnceMixin, base.SQLiteSearchQueryCompiler
):
    """Words of a language PostgreSQL stems with its own configuration match
    by stem and prefix here.

    FTS5 has no Turkish stemmer: "tedavi" would not find "tedavisinin". For
    the languages in ``LANGUAGE_CONFIGS`` (``{"tr": "turkish"}``) a query word
    loses its inflectional endings where the language has a stripper
    (``search.text.STEMS``: "hastaları" → "hasta") and, from
    ``PREFIX_MIN_LENGTH`` letters, matches every word it starts, the nearest
    FTS5 comes to PostgreSQL's stemming; shorter words ("kan", blood) match
    only as written, or they would find every "kanser". Other languages match
    whole words, as before.
    """

    def get_config(self, backend):
        return backend.config_for_language(get_language())

    def build_search_query_content(self, query, config=None):
        if config and isinstance(query, PlainText):
            terms = query.query_string.split()
            if terms:
                stemmer = STEMS.get((get_language() or "").split("-")[0].lower())
                expressions = [self._term_expression(term, stemmer) for term in terms]
                if query.operator.upper() == "AND":
                    return reduce(operator.and_, expressions)
                return reduce(operator.or_, expressions)
        return super().build_search_query_content(query, config=config)

    @staticmethod
    def _term_expression(term, stemmer):
        """Any of the term's stems, each by prefix when long enough."""
        stems = stemmer(term, PREFIX_MIN_LENGTH) if stemmer else [term]
        lexemes = [
            Lexeme(stem, prefix=len(stem) >= PREFIX_MIN_LENGTH) for stem in stems
        ]
        return SearchQueryExpression(reduce(operator.or_, lexemes))


class WeightedSQLiteAutocompleteQueryCompiler(
    RankedOnceMixin, base.SQLiteAutocompleteQueryCompiler
):
    pass


class RankedOnceSearchResults(base.SQLiteSearchResults):
    """Results ranked by one run of the full-text query (see the module)."""

    def _ranked(self, scored=True):
        compiler = self.query_compiler
        if not hasattr(compiler, "ranked_sql"):
            return None
        return compiler.ranked_sql(compiler.get_config(self.backend), scored)

    def _cursor(self):
        model = self.query_compiler.queryset.model
        return connections[router.db_for_read(model)].cursor()

    def _do_count(self):
        ranked = self._ranked(scored=False)
        if ranked is None:
            return super()._do_count()
        with_sql, params = ranked
        # Django's own compiled SQL, every value a parameter: nothing to inject.
        sql = with_sql + (  # noqa: S608
            "SELECT COUNT(DISTINCT visible.pk) FROM matches "
            "JOIN visible ON visible.pk = matches.object_id"
        )
        with self._cursor() as cursor:
            cursor.execute(sql, params)
            (total,) = cursor.fetchone()
        return max(min(total, self.stop or total) - self.start, 0)

    def _do_search(self):
        ranked = self._ranked()
        if ranked is None:
            return super()._do_search()
        with_sql, params = ranked
        limit = -1 if self.stop is None else self.stop - self.start
        sql = with_sql + (  # noqa: S608
            "SELECT visible.pk, MIN(matches.score) AS score FROM matches "
            "JOIN visible ON visible.pk = matches.object_id "
            "GROUP BY visible.pk ORDER BY score ASC, visible.pk DESC "
            "LIMIT %s OFFSET %s"
        )
        with self._cursor() as cursor:
            cursor.execute(sql, (*params, limit, self.start))
            scores = dict(cursor.fetchall())
        if not scores:
            return []
        queryset = self.query_compiler.queryset.filter(pk__in=list(scores))
        found = {obj.pk: obj for obj in queryset}
        results = []
        for pk, score in scores.items():
            obj = found.get(pk)
            if obj is not None:
                if self._score_field:
                    setattr(obj, self._score_field, score)
                results.append(obj)
        return results


class WeightedSQLiteSearchBackend(base.SQLiteSearchBackend):
    query_compiler_class = WeightedSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = WeightedSQLiteAutocompleteQueryCompiler
    results_class = RankedOnceSearchResults

    def __init__(self, params):
        super().__init__(params)
        self.language_configs = dict(params.get("LANGUAGE_CONFIGS") or {})

    def config_for_language(self, language):
        """The language's PostgreSQL configuration, or None (see the compiler)."""
        code = (language or "").split("-")[0].lower()
        return self.language_configs.get(code)


SearchBackend = WeightedSQLiteSearchBackend
