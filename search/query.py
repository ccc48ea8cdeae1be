"""Cleaning what visitors type before it reaches the search backend."""

import re
import unicodedata

from django.conf import settings


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
