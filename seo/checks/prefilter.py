"""Search with several regular expressions, skipping those that cannot match.

The claims checks look for figures with a list of patterns per language
(``statistic_patterns``, which settings may extend), joined into one
case-insensitive alternation and searched in every sentence of every page.
Python's ``re`` cannot skip ahead in such a pattern (each alternative starts
with ``\\b`` or a look-behind), so the search tries every alternative at every
position: most of the claims analysis's time, for sentences that hold no
figure at all.

``PatternSet`` reads each pattern once and finds what any match of it must
contain: a digit, or one of some words ("patients", "children"...), or
several such things. A pattern whose requirements the text does not meet is
left out of the search; a text that meets none is not searched. The result is
the same match as searching the whole alternation: a pattern left out could
not have matched anywhere in the text, so it could not have been the first
alternative to match at any position.

A page's sentences are tested chunk by chunk (``sentences_in``: the runs
of text between white space, which recur from page to page): what each chunk
holds is found once per process, and a sentence holds what its chunks hold.

Only requirements that can be tested exactly are kept: runs of literal ASCII
characters (compared case-insensitively as ``re.IGNORECASE`` does, where "ı"
and "İ" match "i", "ſ" matches "s" and the Kelvin sign matches "k") and
``\\d``. Anything else (a non-ASCII word, a character class, a back
reference, flags inside the pattern) is treated as requiring nothing, so a
pattern the reader does not understand is always searched.
"""

import re
from functools import partial, reduce
from operator import itemgetter, or_
from re import _constants as sre
from re import _parser as sre_parse

from ..text import fold, primary_language
from .remembered import Remembered

# The only characters that re.IGNORECASE takes for an ASCII letter or digit
# besides its own two cases (checked over every code point on Python 3.11).
_IGNORECASE_ASCII = {"İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"}
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
# A requirement met by any digit (``\\d``); a tuple, so that no literal
# string is ever taken for it.
DIGIT = ("\\d",)


def _has_references(value):
    """Whether a parsed pattern (or part of one) refers back to a group."""
    if isinstance(value, sre_parse.SubPattern):
        value = value.data
    if isinstance(value, list | tuple):
        for item in value:
            if isinstance(item, tuple) and len(item) == 2 and item[0] in _REFERENCES:
                return True
            if _has_references(item):
                return True
    return False


_REFERENCES = (sre.GROUPREF, sre.GROUPREF_EXISTS, sre.GROUPREF_IGNORE)


def _requirements(items):
    """The requirements of a parsed sequence: a list of sets of ASCII strings
    or ``DIGIT``, every match holding one member of each set at least."""
    found, run = [], []

    def close():
        if run:
            text = "".join(run)
            if text.isascii():
                found.append(frozenset({text}))
            run.clear()

    for op, value in items:
        if op is sre.LITERAL:
            run.append(chr(value))
            continue
        close()
        if op is sre.IN and value == [(sre.CATEGORY, sre.CATEGORY_DIGIT)]:
            found.append(frozenset({DIGIT}))
        elif op is sre.BRANCH:
            branches = [_requirements(branch.data) for branch in value[1]]
            if all(branches):
                found.append(frozenset().union(*(_best(b) for b in branches)))
        elif op is sre.SUBPATTERN:
            _group, add_flags, del_flags, sub = value
            if not (add_flags or del_flags):
                found.extend(_requirements(sub.data))
        elif op in _REPEATS:
            low, _high, sub = value
            if low >= 1:
                found.extend(_requirements(sub.data))
    close()
    return found


def _best(requirements):
    """The most telling of several requirements (longest shortest word)."""
    return max(
        requirements,
        key=lambda options: (min(len(option) for option in options), -len(options)),
    )


def requirements(pattern, flags=0):
    """What every match of ``pattern`` contains: a tuple of sets, at least one
    member of each; None when the pattern refers back to a group (searched
    alone, its groups would be numbered differently)."""
    parsed = sre_parse.parse(pattern, flags)
    if _has_references(parsed):
        return None
    return tuple(_requirements(parsed.data))


class PatternSet:
    """``patterns`` joined as ``(?:p1)|(?:p2)|...`` with ``flags``, searched
    only with the patterns a text can match (see the module docstring)."""

    MAX_PARTIAL = 256  # compiled alternations of some of the patterns, kept

    def __init__(self, patterns, flags=0):
        self.patterns = tuple(patterns)
        self.flags = flags
        self.regex = re.compile(self._join(range(len(self.patterns))), flags)
        self._ignore_case = bool(flags & re.IGNORECASE)
        found = [requirements(pattern, flags) for pattern in self.patterns]
        self.gated = all(item is not None for item in found)
        self.requirements = tuple(
            tuple(
                frozenset(o if o is DIGIT else self._key(o) for o in options)
                for options in item or ()
            )
            for item in found
        )
        self._digit = re.compile(r"\d", flags & re.ASCII)
        self._partial = Remembered(self._compile, self.MAX_PARTIAL)
        self._literals = frozenset(
            option
            for needed in self.requirements
            for options in needed
            for option in options
            if option is not DIGIT
        )
        self._bits()

    def _bits(self):
        """Each option as a bit, each pattern's requirements as masks, and
        the options with white space in them, which no chunk of text holds
        (see ``sentences_in``)."""
        options = sorted(self._literals)
        bits = {option: 1 << n for n, option in enumerate(options)}
        bits[DIGIT] = 1 << len(options)
        needs = tuple(
            tuple(reduce(or_, (bits[option] for option in item)) for item in needed)
            for needed in self.requirements
        )
        spanning = tuple(
            (option, bits[option])
            for option in options
            if any(character.isspace() for character in option)
        )
        within = tuple(
            (option, bits[option])
            for option in options
            if not any(character.isspace() for character in option)
        )
        self._spanning = spanning
        self._masks = Remembered(
            partial(self._chunk_mask, within, bits[DIGIT]), MAX_CHUNKS
        )
        self._meets = Remembered(partial(_meeting, needs), MAX_CHUNKS)

    def _chunk_mask(self, options, digit_bit, chunk):
        """The bits of the ``options`` (without white space) ``chunk`` holds."""
        key = self._key(chunk)
        mask = digit_bit if self._digit.search(chunk) else 0
        for option, bit in options:
            if option in key:
                mask |= bit
        return mask

    def _mask(self, text, chunks):
        """The bits of the options ``text`` (of ``chunks``) holds: those of
        its chunks, and those with white space in them."""
        mask = reduce(or_, map(self._masks.__getitem__, chunks), 0)
        if self._spanning:
            key = self._key(text)
            for option, bit in self._spanning:
                if option in key:
                    mask |= bit
        return mask

    def __bool__(self):
        return bool(self.patterns)

    def _key(self, text):
        """``text`` as the requirements are compared with it."""
        if not self._ignore_case:
            return text
        if not text.isascii():
            for other, letter in _IGNORECASE_ASCII.items():
                text = text.replace(other, letter)
        return text.lower()

    def _join(self, indexes):
        return "|".join(f"(?:{self.patterns[index]})" for index in indexes)

    def candidates(self, text):
        """The indexes of the patterns that may match ``text``, in order."""
        if not self.gated:
            return tuple(range(len(self.patterns)))
        return self._meets[self._mask(text, text.split())]

    def sentences(self, texts):
        """The indexes of ``texts`` where a pattern matches
        (``sentences_in``)."""
        return self.sentences_in(texts, [text.split() for text in texts])

    def sentences_in(self, texts, chunks):
        """``sentences(texts)``, with ``chunks[i]`` the whitespace-separated
        chunks of ``texts[i]`` (``texts[i].split()``), as ``PageStream``
        holds them.

        Every option that holds no white space lies within one chunk where
        the text holds it, so a text holds what its chunks hold. What each
        chunk holds (a bit per option) is found once per process for every
        chunk, not once per page: a site's words recur from page to page.
        A text is searched only with the patterns whose requirements it
        meets, if any.
        """
        if not self.patterns:
            return set()
        if not self.gated:
            return {i for i, text in enumerate(texts) if self.search(text)}
        found = set()
        for n, (text, pieces) in enumerate(zip(texts, chunks, strict=True)):
            indexes = self._meets[self._mask(text, pieces)]
            if indexes and self.partial(indexes).search(text):
                found.add(n)
        return found

    def search(self, text):
        """``re.compile("|".join(...), flags).search(text)``, but cheaper."""
        indexes = self.candidates(text)
        if not indexes:
            return None
        return self.partial(indexes).search(text)

    def partial(self, indexes):
        """The alternation of the patterns of ``indexes`` (from ``candidates``
        of this text or of a longer text that holds it): it finds in the text
        what the whole alternation finds."""
        if len(indexes) == len(self.patterns):
            return self.regex
        return self._partial[indexes]

    def _compile(self, indexes):
        return re.compile(self._join(indexes), self.flags)


def _meeting(needs, mask):
    """The indexes of the patterns whose requirements (masks, ``needs``) a
    text holding ``mask`` meets."""
    return tuple(
        index
        for index, needed in enumerate(needs)
        if all(mask & need for need in needed)
    )


#: Chunks remembered per table (a site's vocabulary, with punctuation).
MAX_CHUNKS = 200_000


# Word lists ----------------------------------------------------------------
#
# The claims checks match their word lists word by word (``claims.Terms``),
# which costs a Python loop over every word of every sentence. ``PhraseFilter``
# tells in one regular expression search over a whole page which sentences
# can hold a phrase of a list at all; only those are matched word by word.
#
# It reads a page as one "stream": the page's words, folded as the lists are,
# joined by ``SEPARATOR``, with a ``SENTENCE_MARK`` word between sentences
# (``stream_of``). Each phrase becomes a pattern over the stream that matches
# wherever ``Terms`` would match it, and sometimes where it would not (a
# filter only has to let every match through): a word is its letters, "word*"
# its letters and any ending, "*word" any beginning, a lone "*" up to three
# words that are not a sentence mark. The phrases' patterns are joined as a
# tree of their common beginnings, so that at each word of the page the
# search tries the few phrases that start with its first letter, in C.

SEPARATOR = "\x1f"
SENTENCE_MARK = "\x1e"
#: A word as ``claims.TOKEN`` reads one, or the mark between two sentences.
STREAM_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[%€₺$£¥#★\x1e]")
_CONTROL = str.maketrans({SEPARATOR: " ", SENTENCE_MARK: " "})

_IN_WORD = f"[^{SEPARATOR}]"
_END = ("re", f"(?!{_IN_WORD})")
_NEXT = ("re", SEPARATOR)
_ANY_START = ("re", f"{_IN_WORD}*")
_ANY_END = ("re", f"{_IN_WORD}*")
_STEM_END = ("re", f"(?:'{_IN_WORD}*)?")
_GAP = ("re", f"(?:[^{SEPARATOR}{SENTENCE_MARK}]{_IN_WORD}*{SEPARATOR}){{0,3}}")


def stream_of(texts):
    """The words of ``texts`` (sentences), unfolded, as one stream: fold it
    as the lists are folded (folding keeps the separators as they are).
    Every word follows a separator, so that the search for a phrase only
    stops at separators (a pattern that starts with a character)."""
    joined = SENTENCE_MARK.join(texts)
    if joined.count(SENTENCE_MARK) != len(texts) - 1 or SEPARATOR in joined:
        joined = SENTENCE_MARK.join(text.translate(_CONTROL) for text in texts)
    return SEPARATOR + SEPARATOR.join(STREAM_TOKEN.findall(joined))


#: The fields of a chunk's piece of the streams (``_stream_piece``).
RAW, FOLDED, FOLDED_TURKISH, NEUTRAL = range(4)


def _stream_piece(chunk):
    """A chunk's words as the streams hold them (``PageStream``): as they
    are, folded for a language other than Turkish, folded for Turkish (the
    claims lists' folding: ``fold`` and "’" read as "'"), and neutral (either
    i: ``seo.text.neutral``); "" each for a chunk without words."""
    raw = SEPARATOR.join(STREAM_TOKEN.findall(chunk))
    turkish = fold(raw, "tr").replace("’", "'")
    return (raw, fold(raw, "en").replace("’", "'"), turkish, turkish.replace("ı", "i"))


_PIECES = Remembered(_stream_piece, MAX_CHUNKS)
_MARK_PIECE = (SENTENCE_MARK,) * 4


class PageStream:
    """The sentences of a page as streams of words (``stream_of``), built
    from their whitespace-separated chunks.

    ``stream_of`` runs a regular expression over the whole page and the
    stream is then folded for each language; here each chunk of text
    ("cirrhosis.", "patient's", "30%") is read into words and folded once per
    process (``_stream_piece``) and a page's streams are joined from its
    chunks. No word holds white space, and folding works character by
    character, so the streams are exactly those of ``stream_of`` folded.
    ``chunks`` also serves ``PatternSet.sentences_in``.
    """

    def __init__(self, texts):
        self.texts = texts
        self.chunks = [text.split() for text in texts]
        lookup = _PIECES.__getitem__
        # Every chunk's piece in order, a mark piece between two sentences,
        # and where each sentence's pieces start: a stream is one join.
        self.pieces, self.starts = [], []
        for chunks in self.chunks:
            self.starts.append(len(self.pieces))
            self.pieces.extend(map(lookup, chunks))
            self.pieces.append(_MARK_PIECE)
        if self.pieces:
            self.pieces.pop()

    def stream(self, field=RAW, indexes=None):
        """The stream of the sentences of ``indexes`` (all, by default), in
        that order: its sentence marks count those sentences only."""
        if indexes is None:
            pieces = self.pieces
        else:
            pieces = []
            for index in indexes:
                start = self.starts[index]
                following = index + 1 < len(self.starts)
                end = self.starts[index + 1] - 1 if following else len(self.pieces)
                pieces.extend(self.pieces[start:end])
                pieces.append(_MARK_PIECE)
            if pieces:
                pieces.pop()
        return SEPARATOR + SEPARATOR.join(filter(None, map(itemgetter(field), pieces)))

    def folded(self, language, indexes=None):
        """The stream as a lexicon of ``language`` folds its words."""
        turkish = primary_language(language) == "tr"
        return self.stream(FOLDED_TURKISH if turkish else FOLDED, indexes)


def _atoms(patterns):
    """The pieces of one phrase's pattern: single characters (a tree of them
    shares beginnings) and ``("re", pattern)`` pieces."""
    atoms = []
    for index, pattern in enumerate(patterns):
        last = index == len(patterns) - 1
        if pattern is None:  # a gap: the previous word ended with _NEXT
            atoms.append(_GAP)
            continue
        kind, value = pattern
        if kind in {"suf", "in"}:
            atoms.append(_ANY_START)
        atoms.extend(value)
        atoms.append(_STEM_END if kind in {"eq", "suf"} else _ANY_END)
        atoms.append(_END if last else _NEXT)
    return atoms


def _emit(node):
    if None in node:  # a phrase ends here: what follows cannot add a match
        return ""
    parts = [
        (atom[1] if isinstance(atom, tuple) else re.escape(atom)) + _emit(child)
        for atom, child in sorted(node.items(), key=lambda item: str(item[0]))
    ]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


class PhraseFilter:
    """The sentences of a stream where a phrase of some lists may match.

    ``phrases`` are compiled phrases: sequences of ``(kind, value)`` word
    patterns (``"eq"``, ``"pre"``, ``"suf"``, ``"in"``) and ``None`` for a gap,
    without a gap at either end, as ``claims.Terms`` compiles them.
    """

    def __init__(self, phrases):
        tree = {}
        for patterns in phrases:
            node = tree
            for atom in _atoms(patterns):
                node = node.setdefault(atom, {})
            node[None] = {}
        self.regex = re.compile(f"{SEPARATOR}(?:{_emit(tree)})") if tree else None

    def __bool__(self):
        return self.regex is not None

    def sentences(self, stream):
        """The indexes of the sentences of ``stream`` (folded) that may hold
        a phrase."""
        found = set()
        if self.regex is None:
            return found
        # No match holds a sentence mark (a mark is a word of its own, which
        # no phrase's word and no gap matches), so once a sentence has one,
        # the search goes on from the next sentence: one search per sentence
        # at most, not one per match (a list of common words matches often).
        search, count, position = self.regex.search, 0, 0
        while (match := search(stream, position)) is not None:
            start = match.start()
            count += stream.count(SENTENCE_MARK, position, start)
            found.add(count)
            position = stream.find(SENTENCE_MARK, start)
            if position < 0:
                break
        return found
