"""Wagtail's SQLite (FTS5) backend, with the title weighing more than the body.

The stock backend ranks with ``bm25()`` over every column alike, so a word in
the title counts no more than the same word anywhere in the body, whatever the
fields' ``boost``. Here ``bm25()`` gets a weight per column. Boosted fields
other than the title (the treatment's headings) are indexed a second time on
top of the body they come from (see ``TreatmentPage.search_headings``), which
raises their term frequency: the nearest FTS5 has to a field boost.
"""

from modelsearch.backends.database.sqlite import sqlite as base
from modelsearch.backends.database.sqlite.query import BM25
from modelsearch.query import Not, Phrase, PlainText

# The FTS5 table's columns, in the order modelsearch's migration creates them
# (tests/search checks the order against the database).
FTS_COLUMNS = ("autocomplete", "body", "title")
COLUMN_WEIGHTS = {"autocomplete": 1.0, "body": 1.0, "title": 10.0}


class WeightedBM25(BM25):
    def as_sql(self, compiler, connection, function=None, template=None):
        table = base.SQLiteFTSIndexEntry._meta.db_table
        weights = ", ".join(repr(float(COLUMN_WEIGHTS[c])) for c in FTS_COLUMNS)
        return f"bm25({table}, {weights})", []


class WeightedSQLiteSearchQueryCompiler(base.SQLiteSearchQueryCompiler):
    def build_tsrank(self, vector, query, config=None, boost=1.0):
        if isinstance(query, (Phrase, PlainText, Not)):
            rank = WeightedBM25()
            return rank * boost if boost != 1.0 else rank
        return super().build_tsrank(vector, query, config=config, boost=boost)


class WeightedSQLiteSearchBackend(base.SQLiteSearchBackend):
    query_compiler_class = WeightedSQLiteSearchQueryCompiler


SearchBackend = WeightedSQLiteSearchBackend
