"""Cleaning what visitors type, and turning it into a query for the backend."""

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from wagtail.search.query import And, Or, Phrase, PlainText

from .text import WORD, fold, key, spellings


def clean_query(raw):
    """The query as the backend should see it, and whether it was shortened.

    Control characters (including NUL, which PostgreSQL rejects) become spaces,
    runs of white space collapse to one, and the text is cut to the configured
    maximum so a pasted essay cannot make the query planner work for seconds.
    """
    limit = settings.SEARCH_QUERY_MAX_LENGTH
    text = "".join(
        " " if unicodedata.category(char).startswith("C") else char
        for char in (raw or "")
    )
    text = " ".join(text.split())
    truncated = len(text) > limit
    return text[:limit].strip(), truncated


_WORD = re.compile(r"\w+")


def search_terms(query):
    """The words of ``query`` only, for the backend.

    Quotes, brackets and operators mean something to SQLite's FTS5 and to
    PostgreSQL's tsquery parser; an unbalanced quote is a syntax error there.
    Visitors type words, so the backend is given words.
    """
    return " ".join(_WORD.findall(query))


class SynonymTable:
    """Editors' synonym groups, looked up by the words' keys.

    Each phrase of a group (the term and every equivalent) maps to all the
    phrases of every group it belongs to, so "CP" finds "cerebral palsy" and
    "cerebral palsy" finds "CP".
    """

    def __init__(self, groups=()):
        self.alternatives = {}
        for phrases in groups:
            for phrase in phrases:
                known = self.alternatives.setdefault(_keys(phrase), [])
                known.extend(p for p in phrases if p not in known)
        self.longest = max((len(k) for k in self.alternatives), default=0)

    @classmethod
    def load(cls):
        from .models import SearchSynonym

        return cls(synonym.phrases() for synonym in SearchSynonym.objects.all())


def _keys(words):
    return tuple(key(word) for word in words)


@dataclass(frozen=True)
class Part:
    """Consecutive words of the query that match as one, and what else may."""

    typed: tuple  # the words as typed
    words: tuple  # the same words, folded
    synonyms: tuple = ()  # other phrases (tuples of folded words) that count

    @property
    def correctable(self):
        """A single word with no synonym: a candidate for "Did you mean"."""
        return len(self.words) == 1 and not self.synonyms


class QueryPlan:
    """What to ask the backend for a visitor's query.

    Every part of the query must match (AND); a part matches through any of
    its spellings or synonyms (OR). Multi-word synonyms are phrases, so "CP"
    finds "cerebral palsy" but not a page that says "cerebral" and "palsy"
    far apart.
    """

    def __init__(self, query, language=None, synonyms=None):
        self.language = language
        self.synonym_table = synonyms or SynonymTable()
        typed = WORD.findall(query or "")
        self.parts = self._parts(typed)

    def _parts(self, typed):
        table = self.synonym_table
        parts = []
        index = 0
        while index < len(typed):
            for length in range(min(table.longest, len(typed) - index), 0, -1):
                chunk = tuple(typed[index : index + length])
                others = table.alternatives.get(_keys(chunk))
                if others:
                    words = tuple(fold(word, self.language) for word in chunk)
                    synonyms = tuple(
                        phrase for phrase in others if _keys(phrase) != _keys(chunk)
                    )
                    parts.append(Part(chunk, words, synonyms))
                    index += length
                    break
            else:
                word = typed[index]
                parts.append(Part((word,), (fold(word, self.language),)))
                index += 1
        return parts

    def __bool__(self):
        return bool(self.parts)

    @property
    def words(self):
        """The query's folded words, in order."""
        return [word for part in self.parts for word in part.words]

    @property
    def normalised(self):
        """The query as the analytics count it: folded words, single spaces."""
        return " ".join(self.words)

    @property
    def highlight_keys(self):
        """Keys of every word a result may contain because of this query."""
        keys = set()
        for part in self.parts:
            for phrase in (part.words, *part.synonyms):
                keys.update(key(word) for word in phrase)
        return keys

    def backend_query(self, match_all=True):
        """A Wagtail search query object (And, Or, PlainText, Phrase).

        Every part must match, or with ``match_all=False`` any part.
        """
        queries = [self._part_query(part) for part in self.parts]
        if len(queries) == 1:
            return queries[0]
        return And(queries) if match_all else Or(queries)

    def _part_query(self, part):
        options = []
        if len(part.words) == 1:
            options.extend(spellings(part.typed[0], self.language))
        else:
            options.append(part.words)
        for phrase in part.synonyms:
            if len(phrase) == 1:
                options.extend(spellings(phrase[0], self.language))
            else:
                options.append(phrase)
        queries = [
            PlainText(option) if isinstance(option, str) else Phrase(" ".join(option))
            for option in dict.fromkeys(options)
        ]
        return queries[0] if len(queries) == 1 else Or(queries)

    def replaced(self, replacements):
        """The query with some single words replaced: {part index: new word}."""
        typed = []
        for index, part in enumerate(self.parts):
            if index in replacements:
                typed.append(replacements[index])
            else:
                typed.extend(part.typed)
        return " ".join(typed)
