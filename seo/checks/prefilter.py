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

Only requirements that can be tested exactly are kept: runs of literal ASCII
characters (compared case-insensitively as ``re.IGNORECASE`` does, where "ı"
and "İ" match "i", "ſ" matches "s" and the Kelvin sign matches "k") and
``\\d``. Anything else (a non-ASCII word, a character class, a back
reference, flags inside the pattern) is treated as requiring nothing, so a
pattern the reader does not understand is always searched.
"""

import re
from re import _constants as sre
from re import _parser as sre_parse

# The only characters that re.IGNORECASE takes for an ASCII letter or digit
# besides its own two cases (checked over every code point on Python 3.11).
_IGNORECASE_ASCII = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "\u212a": "k"})
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
        self._partial = {}
        self._literals = frozenset(
            option
            for needed in self.requirements
            for options in needed
            for option in options
            if option is not DIGIT
        )

    def __bool__(self):
        return bool(self.patterns)

    def _key(self, text):
        """``text`` as the requirements are compared with it."""
        if not self._ignore_case:
            return text
        if not text.isascii():
            text = text.translate(_IGNORECASE_ASCII)
        return text.lower()

    def _join(self, indexes):
        return "|".join(f"(?:{self.patterns[index]})" for index in indexes)

    def candidates(self, text):
        """The indexes of the patterns that may match ``text``, in order."""
        if not self.gated:
            return tuple(range(len(self.patterns)))
        key = self._key(text)
        present = {option for option in self._literals if option in key}
        if self._digit.search(text):
            present.add(DIGIT)
        return tuple(
            index
            for index, needed in enumerate(self.requirements)
            if all(not present.isdisjoint(options) for options in needed)
        )

    def search(self, text):
        """``re.compile("|".join(...), flags).search(text)``, but cheaper."""
        indexes = self.candidates(text)
        if not indexes:
            return None
        if len(indexes) == len(self.patterns):
            return self.regex.search(text)
        regex = self._partial.get(indexes)
        if regex is None:
            if len(self._partial) >= self.MAX_PARTIAL:
                self._partial.clear()
            regex = self._partial[indexes] = re.compile(self._join(indexes), self.flags)
        return regex.search(text)
