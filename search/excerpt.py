"""The words around a match, with the matches highlighted, safely.

The excerpt is built from plain text (what the search index holds, never the
page's HTML): the text is split into words and the gaps between them, every
piece is escaped, and only then are the matching words wrapped in ``<mark>``.
Nothing a page or a visitor typed can reach the HTML unescaped.
"""

import os
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .text import key

_PIECES = re.compile(r"(\w+)")


def matches(word_key, wanted):
    """Whether a word of the page (by key) is one the visitor searched for.

    Endings are forgiven, as the search engines' stemmers forgive them:
    "cell" marks "cells", and "therapies" marks "therapy".
    """
    for term in wanted:
        if word_key[:1] != term[:1]:
            continue  # every rule below needs the same first letter
        if word_key == term or (len(term) >= 3 and word_key.startswith(term)):
            return True
        shared = len(os.path.commonprefix([word_key, term]))
        if shared >= max(4, min(len(word_key), len(term)) - 2):
            return True
    return False


def excerpt(texts, wanted, words=36, before=10):
    """Safe HTML: about ``words`` words around the first match in ``texts``.

    ``texts`` are tried in order; ``wanted`` are the keys (``text.key``) of
    the words to find and mark. Returns "" when no text has a match.
    """
    if not wanted:
        return ""
    for text in texts:
        pieces = _PIECES.split(" ".join((text or "").split()))
        count = len(pieces) // 2  # odd pieces are the words: word n is 2n + 1
        first_hit = next(
            (n for n in range(count) if matches(key(pieces[2 * n + 1]), wanted)),
            None,
        )
        if first_hit is None:
            continue
        first_word = max(0, first_hit - before)
        last_word = min(count, first_word + words)
        # Whole text at either end keeps its leading and closing punctuation.
        start = 2 * first_word + 1 if first_word else 0
        end = 2 * last_word if last_word < count else len(pieces)
        html = []
        if first_word > 0:
            html.append("… ")
        for index in range(start, end):
            piece = escape(pieces[index])
            if index % 2 and matches(key(pieces[index]), wanted):
                piece = f"<mark>{piece}</mark>"
            html.append(piece)
        if last_word < count:
            html.append(" …")
        return mark_safe("".join(html))  # noqa: S308 (every piece escaped above)
    return ""
