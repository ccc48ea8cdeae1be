"""Wagtail's PostgreSQL backend, with a text search configuration per language.

The stock backend stems every page with one configuration (``SEARCH_CONFIG``).
English rules leave Turkish words alone, so "çocuk" would not find "çocuklar"
(children). Here each page is indexed with its locale's configuration
(``LANGUAGE_CONFIGS``, e.g. ``{"tr": "turkish"}``; ``SEARCH_CONFIG`` for the
rest), and a query is parsed with the configuration of the language being
served. The site's search only looks at pages of that language, so both sides
are always stemmed alike.

Turkish pages get the stemmer ("turkish"), not "simple" + unaccent: Turkish is
written with suffixes (çocuk, çocuklar, çocukları…), and the stemmer needs the
letters unaccent would remove (ı/i, ö/o and ü/u mark the vowel harmony of the
suffixes). A query typed without Turkish letters ("cocuk") is caught by the
"Did you mean" vocabulary instead, which compares words without accents.

The match is also written so PostgreSQL can use its indexes: see
``IndexedMatchQueryCompiler``.
"""

import copy
import operator
import re
from contextlib import contextmanager
from functools import reduce

from django.contrib.postgres.search import SearchRank
from django.db import connections, router
from django.db.models import Func, IntegerField, Q
from django.db.models.lookups import Exact
from django.utils.translation import get_language
from modelsearch.backends.database.postgres import postgres as base
from modelsearch.query import And, Boost, Or, Phrase, PlainText
from wagtail.models import Locale

from . import PREFIX_MIN_LENGTH, ranking


class IndexedMatchQueryCompiler(base.PostgresSearchQueryCompiler):
    """Matches pages with the GIN indexes instead of reading every page's text.

    The stock compiler filters on ``(title || body) @@ query``: the two
    vectors are joined for every row before the match, which no index can
    answer, so every search reads and decompresses the body vector of every
    page in the index (about 160 ms at 10,000 pages, even for a word found
    nowhere). Here each word or phrase of the query becomes
    ``title @@ part OR body @@ part``, combined with AND/OR as in the query,
    which the title and body GIN indexes answer directly (a few ms).

    It means the same for words: a word is in the page if it is in the title
    or in the body. The one difference is a phrase that would run from the
    last word of the title into the first word of the body, which no longer
    matches; that was an accident of the concatenation, not a phrase on the
    page. Queries this cannot express (``Not``, fuzzy, field-restricted) go
    the stock way.

    Ranking and counting share one computation (``ranking``), which reads at
    most ``ranking.RANK_LIMIT`` bodies however common the words, and ranks
    with ``ts_rank`` over any of the words (``rank_tsquery``) rather than
    once per word and spelling, multiplied, as the stock compiler does (that
    read the body once per word: three times for "stem cells for my son"
    with a synonym). Either way the title counts most, then the headings,
    then the rest.
    """

    def rank_tsquery(self, config):
        """Any of the query's words and phrases: what pages are ranked by.

        The pages found have them all (the match is a separate condition);
        ranking by "any" makes ``ts_rank`` add up each word's weight, in time
        linear in the page's word positions. Ranking by "all" would score the
        proximity of every pair of positions of every pair of words, which
        took 160 µs a page for "hair loss" on the generated pages (39 ms for
        239 pages), against 10 µs for a single word.
        """
        leaves = list(_leaves(self.query))
        return self.build_tsquery(
            leaves[0] if len(leaves) == 1 else Or(leaves), config=config
        )

    def _build_rank_expression(self, vectors, config):
        if self.fields is not None:
            return super()._build_rank_expression(vectors, config)
        query = self.rank_tsquery(config)
        ranks = [
            SearchRank(vector, query, weights=self.sql_weights) * boost
            for vector, boost in vectors
        ]
        return reduce(lambda a, b: a + b, ranks)

    def ranked_page_ids(self, config):
        """Every matching page's primary key, best first (``ranking``), or None.

        None when the query is one this compiler leaves to the stock path.
        Computed once and kept: the count and every slice of the results
        share one compiler.
        """
        if not self.has_ranked_page_ids():
            branches = self.matching_entries(config)
            self._ranked_page_ids = (
                None
                if branches is None or not self.order_by_relevance
                else ranking.ranked_page_ids(
                    self.queryset, branches, self.rank_tsquery(config), self.sql_weights
                )
            )
        return self._ranked_page_ids

    def has_ranked_page_ids(self):
        return hasattr(self, "_ranked_page_ids")

    def matching_entries(self, config):
        """Two ``IndexEntry`` querysets whose union is the matching entries.

        Or None for a query this compiler leaves to the stock path.

        Every word must be in the title or in the body (``_index_condition``).
        Tested row by row, that reads the body of every page with the first
        word, to see if it has the second: 85 ms for "side effects" (8,438
        pages). So the match is split where the GIN indexes can answer each
        part alone:

        - the entries whose body has the whole query (the stock tsquery,
          where stop words drop out as in ``_index_condition``): one scan of
          the body index, no body read;
        - the entries with any of the words in the title (a scan of the small
          title index), tested word by word: the only bodies read are theirs.

        A page whose title has none of the words matches if and only if its
        body has the whole query, so the union is exactly the pages that
        match.
        """
        if self.fields is not None:
            return None
        exact = self._index_condition(self.query, config)
        if exact is None:
            return None
        not_only_stop_words = ~self._only_stop_words(self.query, config)
        entries = base.IndexEntry.objects
        return [
            entries.filter(
                Q(body=self.build_tsquery(self.query, config=config))
                & not_only_stop_words
            ),
            entries.filter(
                Q(title=self.rank_tsquery(config)) & exact & not_only_stop_words
            ),
        ]

    def search(self, config, start, stop, score_field=None, backend=None):
        branches = self.matching_entries(config)
        if branches is None:
            return super().search(config, start, stop, score_field, backend)
        # The match is a statement of its own over the index entries, so the
        # only indexes it can use are the GIN ones (see the class docstring);
        # the pages are then joined to the entries it returns.
        body_match, title_match = (branch.values("pk") for branch in branches)
        search_query = self.build_tsquery(self.query, config=config)
        vectors = self.get_search_vectors(search_query)
        rank_expression = self._build_rank_expression(vectors, config)
        return self._apply_ordering_and_scoring(
            self.queryset.filter(index_entries__pk__in=body_match.union(title_match)),
            rank_expression,
            start,
            stop,
            score_field,
        )

    def _index_condition(self, query, config):
        """A Q object over the index's own vectors, or None if it cannot say.

        Stop words ("how", "the") parse to an empty tsquery, which matches
        nothing; in the stock compiler's single tsquery they drop out of an
        AND instead. So each part of an AND also passes when its own tsquery
        is empty (``_only_stop_words``): the query is a constant, so
        PostgreSQL folds that test to true or false when it plans the
        statement, and the indexes are used as before. A query made only of
        stop words still finds nothing (see ``search``).
        """
        if isinstance(query, PlainText):
            terms = [t for t in re.split(r"[\s\-]+", query.query_string) if t]
            if len(terms) > 1:
                combine = And if query.operator == "and" else Or
                return self._index_condition(
                    combine([PlainText(term) for term in terms]), config
                )
            if not terms:
                return None
            return self._in_title_or_body(self.build_tsquery(query, config=config))
        if isinstance(query, Phrase):
            return self._in_title_or_body(self.build_tsquery(query, config=config))
        if isinstance(query, Boost):
            return self._index_condition(query.subquery, config)
        if isinstance(query, (And, Or)):
            parts = [self._index_condition(sub, config) for sub in query.subqueries]
            if not parts or any(part is None for part in parts):
                return None
            if isinstance(query, Or):
                return reduce(lambda a, b: a | b, parts)
            return reduce(
                lambda a, b: a & b,
                (
                    part | self._only_stop_words(sub, config)
                    for part, sub in zip(parts, query.subqueries, strict=True)
                ),
            )
        return None

    def _only_stop_words(self, query, config):
        tsquery = self.build_tsquery(query, config=config)
        return Q(
            Exact(Func(tsquery, function="numnode", output_field=IntegerField()), 0)
        )

    @staticmethod
    def _in_title_or_body(tsquery):
        """Over ``IndexEntry`` itself (``search`` puts it in a subquery)."""
        return Q(title=tsquery) | Q(body=tsquery)


def _leaves(query):
    """The words (``PlainText``, one per word) and phrases of a query."""
    if isinstance(query, PlainText):
        for term in re.split(r"[\s\-]+", query.query_string):
            if term:
                yield PlainText(term)
    elif isinstance(query, Phrase):
        yield query
    elif isinstance(query, Boost):
        yield from _leaves(query.subquery)
    elif isinstance(query, (And, Or)):
        for subquery in query.subqueries:
            yield from _leaves(subquery)


class LocalisedPostgresSearchQueryCompiler(IndexedMatchQueryCompiler):
    """The active language's configuration; its words also match by prefix.

    A stemmer does not always give a word and its inflected forms one stem:
    PostgreSQL's Turkish one stems "tedavi" (treatment) to "tedav" but
    "tedavisinin" (of its treatment) to "tedavi". In the languages of
    ``LANGUAGE_CONFIGS`` a query word of at least ``PREFIX_MIN_LENGTH``
    letters is therefore searched as its stem and any lexeme starting with it
    (``'tedav':*``), which the GIN indexes answer as well; a shorter word
    matches its stem only ("kan", blood, never finds "kanser"). The default
    configuration (English) is left as it was.
    """

    prefix_configs = frozenset()

    def get_config(self, backend):
        # Wagtail's results ask for the config before building any query.
        self.prefix_configs = frozenset(backend.language_configs.values())
        return backend.config_for_language(get_language())

    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, PlainText) and config in self.prefix_configs:
            terms = [term for term in re.split(r"[\s\-]+", query.query_string) if term]
            if terms:
                lexemes = [
                    base.Lexeme(
                        term, invert=invert, prefix=len(term) >= PREFIX_MIN_LENGTH
                    )
                    for term in terms
                ]
                combine = operator.and_ if query.operator == "and" else operator.or_
                return base.SearchQuery(
                    reduce(combine, lexemes), search_type="raw", config=config
                )
        return super().build_tsquery_content(query, config=config, invert=invert)


class LocalisedPostgresIndex(base.PostgresIndex):
    def add_items(self, model, objs):
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        groups = {}
        for obj in objs:
            language = languages.get(getattr(obj, "locale_id", None))
            groups.setdefault(self.backend.config_for_language(language), []).append(
                obj
            )
        for config, group in groups.items():
            index = copy.copy(self)
            index.backend = copy.copy(self.backend)
            index.backend.config = config
            base.PostgresIndex.add_items(index, model, group)


# Planner settings for a search's own statements (see ``IndexFirstSearchResults``):
# scan the GIN indexes, never the table; join with a hash join, never a nested
# loop, so that out-of-date statistics (right after a bulk import, before
# autovacuum has analysed the tables) cannot turn the join into pages × pages
# comparisons (18 s for one search at 10,000 pages, measured); and no JIT,
# because a plan with a disabled step left in it (a small table) looks costly
# enough to be compiled, which would add tens of milliseconds to every search.
INDEX_FIRST = {
    "enable_seqscan": "off",
    "enable_indexscan": "off",
    "enable_nestloop": "off",
    "jit": "off",
}


@contextmanager
def planner_settings(using, settings):
    """Run the block's statements with ``settings``, then put back what was.

    Two round trips: one sets them (returning the old values), one puts the
    old values back. In the caller's transaction they are set for that
    transaction only, so the rollback of a failed statement clears them too;
    outside one (autocommit, as the site runs), for the session, and put back
    whether the block succeeds or fails. Opening a transaction for the block
    instead would cost a third round trip on every search statement.
    """
    connection = connections[using]
    names = list(settings)
    local = connection.in_atomic_block
    previous = _set(connection, names, [settings[name] for name in names], local)
    try:
        yield
    except Exception:
        if not local:
            _set(connection, names, previous, local)
        raise
    _set(connection, names, previous, local)


def _set(connection, names, values, local):
    """Set each of ``names``; return their old values."""
    scope = "true" if local else "false"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT "
            + ", ".join(
                [f"current_setting(%s), set_config(%s, %s, {scope})"] * len(names)
            ),
            [
                param
                for name, value in zip(names, values, strict=True)
                for param in (name, name, value)
            ],
        )
        return list(cursor.fetchone()[::2])


class IndexFirstSearchResults(base.PostgresSearchResults):
    """Results whose statements use the GIN indexes even for a common word.

    For a word on nearly every page, PostgreSQL's planner prefers reading the
    whole table to the index: its cost model does not know that testing
    ``body @@ query`` row by row means fetching and decompressing every page's
    body vector from TOAST storage, while the GIN index answers the same
    question without touching a body. Turning off plain and index scans for
    these statements (and only these: ``planner_settings`` restores the
    settings afterwards) leaves the planner bitmap scans of the GIN indexes
    (they make a scan the planner would choose anyway look costlier; they
    never forbid one, so every statement still has a plan):
    counting the pages that contain "spasticity" on 10,000 pages drops from
    about 80 ms to under 10 ms, and ranking then reads each matching body once.
    """

    def _using(self):
        return router.db_for_read(self.query_compiler.queryset.model)

    def _ranked_page_ids(self):
        """The pages in order (``ranking``), or None for the stock statements."""
        compiler = self.query_compiler
        if self._score_field is not None or not isinstance(
            compiler, IndexedMatchQueryCompiler
        ):
            return None  # a score asked for, or the autocomplete's compiler
        if not compiler.has_ranked_page_ids():
            with planner_settings(self._using(), INDEX_FIRST):
                compiler.ranked_page_ids(compiler.get_config(self.backend))
        return compiler.ranked_page_ids(compiler.get_config(self.backend))

    def _do_search(self):
        page_ids = self._ranked_page_ids()
        if page_ids is None:
            with planner_settings(self._using(), INDEX_FIRST):
                return super()._do_search()
        page_ids = page_ids[self.start : self.stop]
        if not page_ids:
            return []
        queryset = self.query_compiler.queryset.filter(pk__in=page_ids)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        pages = {page.pk: page for page in queryset}
        return [pages[pk] for pk in page_ids if pk in pages]

    def _do_count(self):
        page_ids = self._ranked_page_ids()
        if page_ids is None:
            with planner_settings(self._using(), INDEX_FIRST):
                return super()._do_count()
        return len(page_ids)


class LocalisedPostgresSearchBackend(base.PostgresSearchBackend):
    query_compiler_class = LocalisedPostgresSearchQueryCompiler
    results_class = IndexFirstSearchResults
    index_class = LocalisedPostgresIndex

    def __init__(self, params):
        super().__init__(params)
        self.language_configs = dict(params.get("LANGUAGE_CONFIGS") or {})

    def config_for_language(self, language):
        code = (language or "").split("-")[0].lower()
        return self.language_configs.get(code, self.config)


SearchBackend = LocalisedPostgresSearchBackend
