"""Claims checks: what a health page may promise, in English and Turkish.

Regulators judge clinic pages by their claims: Turkey's regulation on
promotion in health services (Resmî Gazete 12 November 2025, no. 33075), the
UK advertising code (CAP 12.1) and the US FTC want evidence for efficacy and
safety claims and forbid guarantees, claims of superiority, patient thanks
and ratings, and (in Turkey) prices and campaigns. These checks read every
passage of the page (``seo.content.Passage``: paragraphs, headings, the
doctor's quote, tables, case studies, FAQ questions and answers, callouts,
image texts, the title and description) sentence by sentence, and name the
sentence and a one-line fix in each finding.

The words come from data files, one per language (``seo/claims/<lang>.json``),
which a compliance officer extends in settings (``CLAIMS_EXTRA_TERMS``,
``CLAIMS_TERM_FILES``; docs/seo-and-trust.md), never in code. A phrase is
matched as whole words, case- and accent-insensitively, with Turkish case
folding (I/ı, İ/i) for Turkish lists; ``word*`` takes any ending (Turkish is
agglutinative) and a lone ``*`` stands for up to three words.

Which lists read a sentence: the page language's, and another language's when
the sentence looks written in it (that language's letters, such as ğ, ş or ı,
or more of its common words than of the page language's). A Turkish clinic's
English page may quote a Turkish thank-you, and it is caught; running every
list on every sentence would only add false positives.

Negation: a guarantee that is denied ("should not be seen as a miracle",
"mucize olarak görülmemelidir") is information, not an error; any other claim
that is denied is no claim. English negation comes before the phrase in the
same clause, Turkish negation mostly after it (a suffix or "değil"), within a
few words or as the clause's last word, its verb ("…kesin bir çözüm olarak
henüz tanımlanmamıştır"), unless a word between takes that denial for itself
("hiçbir yan etkisi yoktur"). A question asserts nothing, so questions are not read for
guarantees, safety, superiority or figures.
"""

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from ..config import get_config
from ..content import Passage
from ..findings import ERROR, INFO, WARNING, Finding
from ..messages import Joined
from ..messages import gettext as _
from ..text import fold, neutral, primary_language
from .prefilter import NEUTRAL, PageStream, PatternSet, PhraseFilter
from .readability import sentence_tuple as split_sentences

GUARANTEE = "claims.guarantee"
STATISTIC_UNCITED = "claims.statistic_uncited"
SAFETY_UNCITED = "claims.safety_uncited"
SUPERLATIVE = "claims.superlative"
CASE_IDENTIFIABLE = "claims.case_identifiable"
BEFORE_AFTER = "claims.before_after"
TESTIMONIAL = "claims.testimonial"
PRICE_OFFER = "claims.price_offer"
REQUIRED_NOTICE = "claims.required_notice"

DATA_DIR = Path(__file__).resolve().parent.parent / "claims"

# The lists a language file may hold; settings may add to any of them.
TERM_LISTS = (
    "stopwords",
    "clause_breaks",
    "guarantee",
    "safety",
    "superlative",
    "before_after",
    "visual_words",
    "testimonial",
    "price",
    "allowed",
    "narrative_cues",
    "doctor_titles",
    "honorifics_before",
    "honorifics_after",
    "name_cues_before",
    "name_cues_after",
    "first_names",
    "months",
    "places",
    "place_cues_before",
    "place_cues_after",
    "school_words",
    "statistic_patterns",
)
NESTED_LISTS = {
    "negation": ("before", "after", "exceptions", "own_scope"),
    "required_notice": ("results_vary",),
}
# Term lists read by the claim checks, and whether a question can hold one.
CLAIM_LISTS = {
    GUARANTEE: "guarantee",
    SAFETY_UNCITED: "safety",
    SUPERLATIVE: "superlative",
    BEFORE_AFTER: "before_after",
    TESTIMONIAL: "testimonial",
    PRICE_OFFER: "price",
}
ASSERTIONS = {GUARANTEE, SAFETY_UNCITED, SUPERLATIVE, STATISTIC_UNCITED}
MAX_GAP = 3

# A word (letters and digits, inner apostrophes kept: "Konya'dan", "isn't"),
# or a symbol that can make a claim; punctuation that ends a clause.
TOKEN = re.compile(r"([^\W_]+(?:['’][^\W_]+)*|[%€₺$£¥#★])|([,;:()–—])")
PHRASE_WORD = re.compile(r"\*?[^\W_]+(?:['’][^\W_]+)*\*?|\*|[%€₺$£¥#★]")
DIGIT = re.compile(r"\d")
#: "[1]", "[2, 3]": a citation of the page's references (as treatments renders).
CITATION = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")
INITIALS = re.compile(r"(?<![\w.])[A-ZÇĞİÖŞÜ]\.\s?[A-ZÇĞİÖŞÜ]\.(?!\w)")
NUMERIC_DATE = re.compile(
    r"(?<![\w.])(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})(?!\w)"
)
ORDINAL = r"(?:st|nd|rd|th|'?(?:te|ta|de|da|inci|ıncı|uncu|üncü))?"


# Words and phrases --------------------------------------------------------


@lru_cache(maxsize=65536)
def _fold_word(word, language):
    return fold(word, language).replace("’", "'")


@lru_cache(maxsize=65536)
def _neutral_word(word):
    return neutral(word).replace("’", "'")


def _stem(word):
    """The word before an apostrophe: "konya" for "konya'dan"."""
    return word.split("'", 1)[0]


GAP = None


def _compile_word(word):
    if word == "*":
        return GAP
    if len(word) > 2 and word.startswith("*") and word.endswith("*"):
        return ("in", word[1:-1])
    if len(word) > 1 and word.endswith("*"):
        return ("pre", word[:-1])
    if len(word) > 1 and word.startswith("*"):
        return ("suf", word[1:])
    return ("eq", word)


def _word_matches(pattern, word):
    kind, value = pattern
    if kind == "eq":
        return word == value or _stem(word) == value
    if kind == "pre":
        return word.startswith(value)
    if kind == "suf":
        return word.endswith(value) or _stem(word).endswith(value)
    return value in word


def _match_at(patterns, words, position, index=0):
    """Where ``patterns[index:]`` matching from ``position`` ends, or None."""
    if index == len(patterns):
        return position
    pattern = patterns[index]
    if pattern is GAP:
        for skip in range(MAX_GAP + 1):
            end = _match_at(patterns, words, position + skip, index + 1)
            if end is not None:
                return end
        return None
    if position < len(words) and _word_matches(pattern, words[position]):
        return _match_at(patterns, words, position + 1, index + 1)
    return None


class Terms:
    """A list of phrases, compiled for matching against folded words.

    A phrase may carry a tag (``(phrase, tag)``): one ``Terms`` then holds
    several lists, and ``tagged`` finds them all in one pass over a sentence.
    """

    MEMO_SIZE = 50000

    def __init__(self, phrases, folder):
        self.exact, self.prefixed, self.other = {}, {}, []
        self._memo = {}
        # Every phrase has an anchor, the word of it least likely to be
        # common (the longest exact word, else the longest prefix): a sentence
        # with no word that matches an anchor holds no phrase. Words known to
        # match none are remembered, so that most sentences are passed over in
        # one set operation rather than a loop over their words.
        self._anchor_words, self._anchor_prefixes = set(), {}
        self._anchorless = False
        self._misses = set()
        self._anchored = set()
        self.patterns = []
        for item in phrases:
            phrase, tag = item if isinstance(item, tuple) else (item, None)
            words = PHRASE_WORD.findall(folder(str(phrase)))
            patterns = [_compile_word(word) for word in words]
            while patterns and patterns[0] is GAP:
                patterns.pop(0)
            while patterns and patterns[-1] is GAP:
                patterns.pop()
            if not patterns:
                continue
            entry = (tuple(patterns), str(phrase), tag)
            self.patterns.append(entry[0])
            self._add_anchor(patterns)
            kind, value = patterns[0]
            if kind == "eq":
                self.exact.setdefault(value, []).append(entry)
            elif kind == "pre" and len(value) >= 3:
                self.prefixed.setdefault(value[:3], []).append(entry)
            else:
                self.other.append(entry)

    def __bool__(self):
        return bool(self.exact or self.prefixed or self.other)

    def _add_anchor(self, patterns):
        words = [p for p in patterns if p is not GAP]
        exact = [value for kind, value in words if kind == "eq"]
        prefixes = [value for kind, value in words if kind == "pre" and len(value) >= 3]
        if exact:
            self._anchor_words.add(max(exact, key=len))
        elif prefixes:
            prefix = max(prefixes, key=len)
            self._anchor_prefixes.setdefault(prefix[:3], []).append(prefix)
        else:
            self._anchorless = True

    def _is_anchor(self, word):
        """Whether ``word`` matches the anchor of any phrase (see ``__init__``)."""
        if word in self._anchor_words or _stem(word) in self._anchor_words:
            return True
        return any(
            word.startswith(prefix)
            for prefix in self._anchor_prefixes.get(word[:3], ())
        )

    def _may_hold_phrase(self, words):
        """False when no phrase can match in ``words`` (most sentences)."""
        if self._anchorless:
            return True
        misses = self._misses
        if misses.issuperset(words):
            return False
        anchored = self._anchored
        found = False
        for word in words:
            if word in anchored:
                found = True
            elif word not in misses:
                if len(misses) + len(anchored) >= self.MEMO_SIZE:
                    misses.clear()
                    anchored.clear()
                if self._is_anchor(word):
                    anchored.add(word)
                    found = True
                else:
                    misses.add(word)
        return found

    def _candidates(self, word):
        """The entries whose first word matches ``word`` (remembered)."""
        found = self._memo.get(word)
        if found is None:
            found = list(self.exact.get(word, ()))
            stem = _stem(word)
            if stem != word:
                found.extend(self.exact.get(stem, ()))
            found.extend(
                entry
                for entry in (*self.prefixed.get(word[:3], ()), *self.other)
                if _word_matches(entry[0][0], word)
            )
            found = tuple(found)
            if len(self._memo) >= self.MEMO_SIZE:
                self._memo.clear()
            self._memo[word] = found
        return found

    def _hits(self, words):
        if not self._may_hold_phrase(words):
            return
        for position, word in enumerate(words):
            for patterns, phrase, tag in self._candidates(word):
                end = _match_at(patterns, words, position + 1, 1)
                if end is not None:
                    yield tag, (position, end, phrase)

    def find(self, words):
        """(first word, end, phrase) of every match."""
        return [hit for _tag, hit in self._hits(words)]

    def tagged(self, words):
        """{tag: [(first word, end, phrase)]} of every match."""
        found = {}
        for tag, hit in self._hits(words):
            found.setdefault(tag, []).append(hit)
        return found

    def starts_at(self, words, position):
        return any(
            _match_at(patterns, words, position + 1, 1) is not None
            for patterns, _phrase, _tag in self._candidates(words[position])
        )

    def ends_at(self, words, end):
        return any(hit_end == end for _start, hit_end, _phrase in self.find(words))


# The word lists -----------------------------------------------------------


@dataclass
class Lexicon:
    """One language's compiled lists."""

    language: str
    lists: dict
    terms: dict = field(default_factory=dict)
    statistic: list = field(default_factory=list)
    letters: str = ""
    stopwords: frozenset = frozenset()
    negation_window: int = 0

    def __post_init__(self):
        def folder(text):
            return fold(text, self.language).replace("’", "'")

        for name in (*CLAIM_LISTS.values(), "visual_words", "allowed", "clause_breaks"):
            self.terms[name] = Terms(self.lists.get(name, []), folder)
        self.index = Terms(
            [
                (phrase, name)
                for name in (*CLAIM_LISTS.values(), "visual_words", "allowed")
                for phrase in self.lists.get(name, [])
            ],
            folder,
        )
        negation = self.lists.get("negation", {})
        for name in NESTED_LISTS["negation"]:
            self.terms[f"negation_{name}"] = Terms(negation.get(name, []), folder)
        self.negation_window = int(negation.get("after_window", 0) or 0)
        notice = self.lists.get("required_notice", {})
        self.terms["results_vary"] = Terms(notice.get("results_vary", []), folder)
        patterns = self.lists.get("statistic_patterns", [])
        # One alternation of the patterns, searched only with those a
        # sentence can match (most sentences hold no figure).
        self.statistic = PatternSet(patterns, re.IGNORECASE) if patterns else None
        self.letters = self.lists.get("letters", "")
        self.letter_pattern = (
            re.compile("[" + re.escape(self.letters) + "]") if self.letters else None
        )
        self.stopwords = frozenset(
            _neutral_word(word) for word in self.lists.get("stopwords", [])
        )
        # Which sentences of a page may be in this language (``_languages``).
        self.stopword_filter = PhraseFilter((("eq", w),) for w in self.stopwords)
        # Which sentences of a page any claim list may match (most: none).
        self.claims_filter = PhraseFilter(
            patterns
            for name in CLAIM_LISTS.values()
            for patterns in self.terms[name].patterns
        )

    @property
    def has_required_notice(self):
        return bool(self.terms["results_vary"])

    def fold_words(self, tokens):
        if self.language != "tr" and all(map(str.isascii, tokens)):
            return [token.lower() for token in tokens]  # what ``fold`` gives
        return [_fold_word(token, self.language) for token in tokens]


def _merge(into, extra, origin):
    """Add ``extra``'s lists to ``into`` (a language's lists), in place."""
    for name, value in extra.items():
        if name in {"language", "about"}:
            continue
        if name == "letters":
            into["letters"] = into.get("letters", "") + str(value)
        elif name in NESTED_LISTS:
            if not isinstance(value, dict):
                raise ImproperlyConfigured(f"{origin}: {name!r} must be an object.")
            nested = into.setdefault(name, {})
            for key, items in value.items():
                if key == "after_window":
                    nested[key] = items
                elif key in NESTED_LISTS[name]:
                    nested[key] = [*nested.get(key, []), *items]
                else:
                    raise ImproperlyConfigured(f"{origin}: unknown list {name}.{key}.")
        elif name in TERM_LISTS:
            if isinstance(value, str) or not isinstance(value, list | tuple):
                raise ImproperlyConfigured(f"{origin}: {name!r} must be a list.")
            into[name] = [*into.get(name, []), *value]
        else:
            known = ", ".join((*TERM_LISTS, *NESTED_LISTS))
            raise ImproperlyConfigured(
                f"{origin}: unknown list {name!r}; the lists are {known}."
            )


def _read_json(path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ImproperlyConfigured(
            f"Cannot read claims terms {path}: {error}"
        ) from error


def _build_lexicons(extra_terms, files):
    raw = {}
    for path in sorted(DATA_DIR.glob("*.json")):
        data = _read_json(path)
        language = primary_language(data.get("language") or path.stem)
        _merge(raw.setdefault(language, {}), data, str(path))
    for path in files:
        data = _read_json(path)
        if not data.get("language"):
            raise ImproperlyConfigured(f'{path}: give the list\'s "language".')
        _merge(raw.setdefault(primary_language(data["language"]), {}), data, path)
    for language, lists in (extra_terms or {}).items():
        origin = f"SEO_CHECKS['CLAIMS_EXTRA_TERMS'][{language!r}]"
        _merge(raw.setdefault(primary_language(language), {}), lists, origin)
    return {language: Lexicon(language, lists) for language, lists in raw.items()}


_LEXICONS = {}


def lexicons(config):
    """{language: Lexicon}: the data files plus the configured extra terms.

    Built once per configuration (settings are read at start-up; a changed
    extra file is read again when the process restarts).
    """
    key = (
        json.dumps(config.CLAIMS_EXTRA_TERMS or {}, sort_keys=True, default=list),
        tuple(str(path) for path in config.CLAIMS_TERM_FILES or ()),
    )
    if key not in _LEXICONS:
        _LEXICONS[key] = _build_lexicons(config.CLAIMS_EXTRA_TERMS, key[1])
    return _LEXICONS[key]


class _Shared:
    """Lists that hold proper nouns and their cues, from every language.

    Names, places, months and schools are the same words on a page in any
    language (a Turkish patient's name on an English page), so identifiable
    cases are looked for with all languages' lists together.
    """

    NAMES = (
        "narrative_cues",
        "doctor_titles",
        "honorifics_before",
        "honorifics_after",
        "name_cues_before",
        "name_cues_after",
        "places",
        "place_cues_before",
        "place_cues_after",
        "school_words",
    )

    def __init__(self, by_language):
        merged = {name: [] for name in (*self.NAMES, "first_names", "months")}
        for lexicon in by_language.values():
            for name in merged:
                merged[name].extend(lexicon.lists.get(name, []))
        self.terms = {name: Terms(merged[name], _neutral_word) for name in self.NAMES}
        self.first_names = frozenset(_neutral_word(n) for n in merged["first_names"])
        self.narrative_filter = PhraseFilter(self.terms["narrative_cues"].patterns)
        # Every list and name that ``_identifying`` reads word by word.
        self.identifying_filter = PhraseFilter(
            [
                *(
                    patterns
                    for name in self.NAMES
                    if name not in {"narrative_cues", "doctor_titles"}
                    for patterns in self.terms[name].patterns
                ),
                *((("eq", name),) for name in self.first_names),
            ]
        )
        self.months = frozenset(_neutral_word(m) for m in merged["months"])
        months = "|".join(
            sorted({re.escape(m) for m in merged["months"]}, key=len, reverse=True)
        )
        day = rf"\d{{1,2}}{ORDINAL}"
        self.date = (
            re.compile(
                rf"(?<![\w.,])(?:{day}\s+(?:of\s+)?(?:{months})\b\.?(?:,?\s+\d{{4}})?"
                rf"|(?:{months})\.?\s+{day}(?![\d.,]*\d)(?:,?\s+\d{{4}})?)",
                re.IGNORECASE,
            )
            if months
            else None
        )


_SHARED = {}


def _shared(by_language):
    key = id(by_language)
    if key not in _SHARED:
        _SHARED.clear()
        _SHARED[key] = (_Shared(by_language), by_language)
    return _SHARED[key][0]


# Sentences ----------------------------------------------------------------


@dataclass
class Sentence:
    """One sentence of a passage, split into words."""

    text: str
    tokens: list
    clause_marks: list
    question: bool
    _folded: dict = field(default_factory=dict)

    @classmethod
    def of(cls, text):
        found = TOKEN.findall(text)
        tokens = [word for word, _punctuation in found if word]
        if len(tokens) == len(found):  # no punctuation: a single clause
            marks = [0] * len(tokens)
        else:
            marks, clause = [], 0
            for word, _punctuation in found:
                if word:
                    marks.append(clause)
                else:
                    clause += 1
        return cls(text, tokens, marks, text.rstrip().endswith("?"))

    @property
    def spans(self):
        """Where each word is in ``text`` (only needed for a finding)."""
        if "spans" not in self._folded:
            self._folded["spans"] = [
                match.span() for match in TOKEN.finditer(self.text) if match.group(1)
            ]
        return self._folded["spans"]

    def words(self, lexicon):
        if lexicon.language not in self._folded:
            self._folded[lexicon.language] = lexicon.fold_words(self.tokens)
        return self._folded[lexicon.language]

    def neutral_words(self):
        if None not in self._folded:
            if self.text.isascii():  # ``neutral`` of ASCII is its lower case
                self._folded[None] = [token.lower() for token in self.tokens]
            else:
                self._folded[None] = [_neutral_word(token) for token in self.tokens]
        return self._folded[None]

    def tagged(self, lexicon):
        """{list name: hits} of the lexicon's claim lists, found once."""
        key = ("tagged", lexicon.language)
        if key not in self._folded:
            self._folded[key] = lexicon.index.tagged(self.words(lexicon))
        return self._folded[key]

    def clauses(self, lexicon):
        """The clause of each word: punctuation and "but"-like words start one."""
        key = ("clauses", lexicon.language)
        if key not in self._folded:
            words = self.words(lexicon)
            breaks = {
                start for start, _end, _p in lexicon.terms["clause_breaks"].find(words)
            }
            clauses, extra = [], 0
            for index, mark in enumerate(self.clause_marks):
                extra += index in breaks
                clauses.append(mark + extra)
            self._folded[key] = clauses
        return self._folded[key]

    def quote(self, start=None, end=None, width=12):
        """The sentence in quotes; a long one cut around ``[start, end)``."""
        text = " ".join(self.text.split())
        if len(self.tokens) <= 2 * width + 6 or start is None:
            return f"“{text}”"
        first = max(0, start - width)
        last = min(len(self.tokens), end + width)
        begin = self.spans[first][0]
        finish = self.spans[last - 1][1]
        cut = " ".join(self.text[begin:finish].split())
        return "“{}{}{}”".format(
            "…" if first else "", cut, "…" if last < len(self.tokens) else ""
        )

    def words_between(self, begin, finish):
        """The word positions [start, end) that characters [begin, finish) touch."""
        inside = [
            i
            for i, (low, high) in enumerate(self.spans)
            if low < finish and high > begin
        ]
        return (inside[0], inside[-1] + 1) if inside else (None, None)

    def span_text(self, start, end):
        return self.text[self.spans[start][0] : self.spans[end - 1][1]]


def _sentence_texts(passage):
    """The sentences of ``passage``: a sentence never runs across lines."""
    texts = []
    for line in passage.text.split("\n"):
        texts.extend(split_sentences(line) or ([line] if line.strip() else []))
    return texts


def _languages(sentence, by_language, page_language):
    """The lexicons that read ``sentence`` (see the module docstring)."""
    primary = by_language.get(page_language)
    words = sentence.neutral_words()

    def stop_hits(lexicon):
        return sum(map(lexicon.stopwords.__contains__, words))

    baseline = None
    chosen = [primary] if primary else []
    for lexicon in by_language.values():
        if lexicon is primary:
            continue
        if lexicon.letter_pattern and lexicon.letter_pattern.search(sentence.text):
            chosen.append(lexicon)
            continue
        if baseline is None:
            baseline = stop_hits(primary) if primary else 0
        if stop_hits(lexicon) > baseline:
            chosen.append(lexicon)
    return chosen


def _negated(sentence, lexicon, start, end):
    """Whether the phrase at words [start, end) is denied in its clause."""
    words = sentence.words(lexicon)
    clauses = sentence.clauses(lexicon)
    clause = clauses[start]
    before = lexicon.terms["negation_before"]
    exceptions = lexicon.terms["negation_exceptions"]
    for position in range(start):
        if clauses[position] != clause:
            continue
        if before.starts_at(words, position) and not exceptions.starts_at(
            words, position
        ):
            return True
    after = lexicon.terms["negation_after"]
    stop = min(len(words), end + lexicon.negation_window)
    last_clause = clauses[end - 1]
    if any(
        clauses[position] == last_clause and after.starts_at(words, position)
        for position in range(end, stop)
    ):
        return True
    return _negated_predicate(words, clauses, lexicon, end)


def _negated_predicate(words, clauses, lexicon, end):
    """Whether the clause of the phrase ending at ``end`` ends in a negative
    verb (Turkish: "…kesin bir çözüm olarak henüz tanımlanmamıştır").

    Turkish puts the verb last and denies with it, however far from the
    phrase; unless a word between them takes the denial for itself
    (``negation.own_scope``: "mucizevi tedavimizin hiçbir yan etkisi yoktur",
    "kesin çözüm sunan tedavimiz asla başarısız olmaz"), which leaves the
    phrase asserted.
    """
    after = lexicon.terms["negation_after"]
    if not after:
        return False
    last = end - 1
    while last + 1 < len(words) and clauses[last + 1] == clauses[end - 1]:
        last += 1
    if last < end or not after.starts_at(words, last):
        return False
    own = lexicon.terms["negation_own_scope"]
    return not any(own.starts_at(words, position) for position in range(end, last))


def _self_negating(sentence, lexicon, start, end):
    """Whether the phrase holds its own negation ("no side effects", "yan
    etkisi yoktur"): a negation after it does not deny it again."""
    words = sentence.words(lexicon)
    cues = (lexicon.terms["negation_before"], lexicon.terms["negation_after"])
    return any(
        cue.starts_at(words, position) for cue in cues for position in range(start, end)
    )


def _claim_hits(sentence, lexicon, name):
    """(start, end, phrase) of each claim of list ``name``, allowed ones left out."""
    tagged = sentence.tagged(lexicon)
    hits = tagged.get(name)
    if not hits:
        return []
    allowed = tagged.get("allowed", ())
    return [
        hit
        for hit in hits
        if not any(
            a_start <= hit[0] and hit[1] <= a_end for a_start, a_end, _ in allowed
        )
    ]


def _cited(passage, reference_count):
    """Whether ``passage`` cites one of the page's references as [n]."""
    if not reference_count or "[" not in passage.text:
        return False  # most passages: no search
    for match in CITATION.finditer(passage.text):
        numbers = [int(n) for n in match.group(1).split(",")]
        if all(1 <= n <= reference_count for n in numbers):
            return True
    return False


def _scope(passage):
    return {
        "case_study": _("case study"),
        "faq_answer": _("FAQ answer"),
        "table": _("table"),
        "quote": _("quote"),
        "callout": _("callout"),
    }.get(passage.kind, _("paragraph"))


# The findings -------------------------------------------------------------


def _claim_message(check, quoted, term, passage, reference_count, negated=False):
    if check == GUARANTEE and negated:
        return _(
            "%(sentence)s mentions “%(term)s” only to deny it, which is allowed; "
            "keep it reading as a caution."
        ) % {"sentence": quoted, "term": term}
    if check == GUARANTEE:
        return _(
            "%(sentence)s promises a result (“%(term)s”). Remove the promise: say "
            "what the evidence shows and that results vary from person to person."
        ) % {"sentence": quoted, "term": term}
    if check == SAFETY_UNCITED:
        fix = (
            _("cite the study as [n] in the same %(scope)s")
            if reference_count
            else _("add the study to the references and cite it as [n]")
        ) % {"scope": _scope(passage)}
        return _(
            "%(sentence)s assures safety (“%(term)s”) without a citation. Either "
            "%(fix)s, or name the known risks and side effects instead."
        ) % {"sentence": quoted, "term": term, "fix": fix}
    if check == SUPERLATIVE:
        return _(
            "%(sentence)s claims superiority (“%(term)s”). Health promotion may "
            "not claim to be better than others: describe what you offer instead."
        ) % {"sentence": quoted, "term": term}
    if check == BEFORE_AFTER:
        return _(
            "%(sentence)s shows before-and-after results (“%(term)s”). Remove them, "
            "or show them only with written consent, equal conditions and dates."
        ) % {"sentence": quoted, "term": term}
    if check == TESTIMONIAL:
        return _(
            "%(sentence)s is patient thanks, satisfaction or a rating (“%(term)s”). "
            "Remove it: testimonials are neither allowed nor evidence."
        ) % {"sentence": quoted, "term": term}
    return _(
        "%(sentence)s mentions a price or an offer (“%(term)s”). Remove prices, "
        "discounts and campaigns; say that costs are given on request."
    ) % {"sentence": quoted, "term": term}


def _statistic_message(quoted, figure, passage, reference_count):
    fix = (
        _("cite its source as [n] in the same %(scope)s")
        if reference_count
        else _("add its source to the references and cite it as [n]")
    ) % {"scope": _scope(passage)}
    return _(
        "%(sentence)s gives a figure (“%(figure)s”) without a citation. Either "
        "%(fix)s, or remove the figure."
    ) % {"sentence": quoted, "figure": figure, "fix": fix}


def _identifying_message(quoted, what, text):
    return _(
        "%(sentence)s may identify the patient (%(what)s: “%(text)s”). Remove it "
        "or make it general (an age range, a season, a region)."
    ) % {"sentence": quoted, "what": what, "text": text}


class _PassageFindings:
    """The findings of one passage, one per check and claim (no repeats)."""

    def __init__(self, passage):
        self.passage = passage
        self.seen = set()
        self.findings = []

    def add(self, check, severity, message, matched):
        key = (check, " ".join(neutral(matched).split()))
        if key in self.seen:
            return False
        self.seen.add(key)
        self.findings.append(Finding(check, severity, message, self.passage.target))
        return True


def _claims_in(sentence, lexicons_, passage, out, cited, reference_count):
    """Add the term-list and figure findings of one sentence."""
    # Most sentences hold no listed term in any language that reads them.
    listed = any(sentence.tagged(lexicon) for lexicon in lexicons_)
    for check, name in CLAIM_LISTS.items() if listed else ():
        if sentence.question and check in ASSERTIONS:
            continue
        if check == SAFETY_UNCITED and cited:
            continue
        found = denied = None
        for lexicon in lexicons_:
            for start, end, _phrase in _claim_hits(sentence, lexicon, name):
                if (
                    check == BEFORE_AFTER
                    and passage.kind != "image"
                    and not sentence.tagged(lexicon).get("visual_words")
                ):
                    continue
                if _negated(sentence, lexicon, start, end) and not _self_negating(
                    sentence, lexicon, start, end
                ):
                    denied = denied or (start, end)
                else:
                    found = (start, end)
                    break
            if found:
                break
        if found:
            start, end = found
            matched = sentence.span_text(start, end)
            message = _claim_message(
                check, sentence.quote(start, end), matched, passage, reference_count
            )
            severity = (
                ERROR if check in {GUARANTEE, BEFORE_AFTER, TESTIMONIAL} else WARNING
            )
            out.add(check, severity, message, matched)
        elif denied and check == GUARANTEE:
            start, end = denied
            matched = sentence.span_text(start, end)
            message = _claim_message(
                check,
                sentence.quote(start, end),
                matched,
                passage,
                reference_count,
                True,
            )
            out.add(check, INFO, message, matched)
    if sentence.question or cited:
        return
    for lexicon in lexicons_:
        match = lexicon.statistic.search(sentence.text) if lexicon.statistic else None
        if match:
            figure = match.group().strip()
            start, end = sentence.words_between(*match.span())
            message = _statistic_message(
                sentence.quote(start, end), figure, passage, reference_count
            )
            out.add(STATISTIC_UNCITED, WARNING, message, figure)
            return


def _is_capitalised(token):
    return token[:1].isupper() and not (len(token) > 1 and token.isupper())


def _protected(sentence, shared, doctor_words):
    """Positions of words that name a doctor (after "Dr.", or the reviewer)."""
    words = sentence.neutral_words()
    protected = set()
    titles = shared.terms["doctor_titles"]
    for start, end, _phrase in titles.find(words):
        protected.update(range(start, end))
        position = end
        while position < len(words) and (
            _is_capitalised(sentence.tokens[position])
            or titles.starts_at(words, position)
        ):
            protected.add(position)
            position += 1
    protected.update(i for i, word in enumerate(words) if _stem(word) in doctor_words)
    return protected


def _identifying(text, sentence_of, named, shared, doctor_words, clinic_places):
    """(what, text) of the first thing in the sentence ``text`` that may
    identify a patient, or None.

    ``sentence_of()`` gives its ``Sentence``; ``named`` says whether any list
    of names, places or their cues may match it (``_Shared.identifying_filter``):
    when none can, only dates and initials are looked for.
    """
    match = None
    if DIGIT.search(text):  # every date has one: most sentences are not searched
        if shared.date:
            match = shared.date.search(text) or NUMERIC_DATE.search(text)
        else:
            match = NUMERIC_DATE.search(text)
    if match:
        return _("an exact date"), match.group().strip()
    initials = INITIALS.search(text) if "." in text else None
    if initials and not shared.terms["doctor_titles"].find(
        Sentence.of(text[: initials.start()]).neutral_words()[-2:]
    ):
        return _("initials"), initials.group()
    if not named:
        return None
    sentence = sentence_of()
    words = sentence.neutral_words()
    tokens = sentence.tokens
    protected = _protected(sentence, shared, doctor_words)
    terms = shared.terms

    def candidate(position):
        return (
            0 <= position < len(words)
            and position not in protected
            and _is_capitalised(tokens[position])
            and _stem(words[position]) not in shared.months
            and _stem(words[position]) not in clinic_places
        )

    for start, end, _phrase in terms["places"].find(words):
        if candidate(start):
            return _("a town"), sentence.span_text(start, end)
    for _start, end, _phrase in terms["place_cues_before"].find(words):
        if candidate(end):
            return _("a town"), tokens[end]
    for position in range(1, len(words)):
        if terms["place_cues_after"].starts_at(words, position):
            before = position - 1
            if candidate(before) and (before > 0 or "'" in words[before]):
                return _("a town"), tokens[before]
    for position, word in enumerate(words):
        if position > 0 and terms["school_words"].starts_at(words, position):
            named_school = position > 1 or _is_capitalised(tokens[position])
            if candidate(position - 1) and named_school:
                return _("a school"), sentence.span_text(position - 1, position + 1)
        if not candidate(position):
            continue
        named = (
            (position > 0 and terms["honorifics_before"].ends_at(words, position))
            or terms["name_cues_before"].ends_at(words, position)
            or (
                position + 1 < len(words)
                and (
                    terms["honorifics_after"].starts_at(words, position + 1)
                    or terms["name_cues_after"].starts_at(words, position + 1)
                )
            )
            or _stem(word) in shared.first_names
        )
        if named:
            return _("a name"), tokens[position]
    return None


@dataclass
class Analysis:
    findings: dict
    fingerprint: tuple


def _fingerprint(content, key):
    return (
        key,
        content.language,
        len(content.references),
        content.reviewer,
        tuple(content.clinic_places),
        tuple(passages_of(content)),
    )


def passages_of(content):
    """The page's passages; a ``PageContent`` built by hand with paragraphs
    only has one passage per paragraph."""
    if content.passages:
        return content.passages
    return [
        Passage(text, f"paragraph {number}")
        for number, text in enumerate(content.paragraphs, start=1)
    ]


class _Reading:
    """A page's sentences, with the page read as streams of words
    (``prefilter.PageStream``) to find the few sentences a list may match."""

    def __init__(self, passages):
        self.texts, self.spans = [], []
        for passage in passages:
            first = len(self.texts)
            self.texts.extend(_sentence_texts(passage))
            self.spans.append(range(first, len(self.texts)))
        self.page = PageStream(self.texts)
        self._streams = {}
        self._sentences = {}

    def sentence(self, index):
        """The ``Sentence`` of text ``index``, split into words once."""
        found = self._sentences.get(index)
        if found is None:
            found = self._sentences[index] = Sentence.of(self.texts[index])
        return found

    def folded(self, language):
        """The stream folded for ``language`` (as ``Lexicon.words`` folds)."""
        if language not in self._streams:
            self._streams[language] = self.page.folded(language)
        return self._streams[language]

    @property
    def neutral(self):
        """The stream folded as ``Sentence.neutral_words`` folds: a stream
        already folded for any language with both i's read as "i" (folding
        for Turkish or not differs only in which i a capital I becomes)."""
        if NEUTRAL not in self._streams:
            folded = next(iter(self._streams.values()), None)
            self._streams[NEUTRAL] = (
                self.page.stream(NEUTRAL)
                if folded is None
                else folded.replace("ı", "i")
            )
        return self._streams[NEUTRAL]

    def readers(self, lexicon, primary):
        """The sentences ``lexicon`` may read (``_languages``), None for all:
        those of the page's language are all read by its lexicon; another
        language reads those with its letters or one of its common words."""
        if lexicon is primary:
            return None
        found = lexicon.stopword_filter.sentences(self.neutral)
        if lexicon.letter_pattern:
            # One search per line at most: once a line has one of the
            # letters, go on from the next line.
            joined = "\n".join(self.texts)
            search = lexicon.letter_pattern.search
            line = position = 0
            while (match := search(joined, position)) is not None:
                start = match.start()
                line += joined.count("\n", position, start)
                found.add(line)
                position = joined.find("\n", start)
                if position < 0:
                    break
        return found

    def listed(self, lexicon, readers=None):
        """The sentences among ``readers`` (None: all) where a claim list of
        ``lexicon`` may match; another language's lexicon reads a stream of
        its readers only (on an English page, the few sentences with a
        Turkish name or word), not the whole page."""
        if readers is None:
            return lexicon.claims_filter.sentences(self.folded(lexicon.language))
        indexes = sorted(readers)
        stream = self.page.folded(lexicon.language, indexes)
        return {indexes[i] for i in lexicon.claims_filter.sentences(stream)}

    def statistic_candidates(self, lexicon, readers=None):
        """The sentences among ``readers`` (None: all) where ``lexicon``'s
        figure patterns match."""
        if not lexicon.statistic:
            return set()
        if readers is None:
            return lexicon.statistic.sentences_in(self.texts, self.page.chunks)
        indexes = sorted(readers)
        found = lexicon.statistic.sentences_in(
            [self.texts[i] for i in indexes], [self.page.chunks[i] for i in indexes]
        )
        return {indexes[i] for i in found}


def analyse(content, config):
    """{check: [findings]} of every claims check but the required notice.

    The checks share one reading of the page, kept on ``content`` for as long
    as its passages, language and references are unchanged. Each list is
    first searched for over the whole page at once (``PhraseFilter``); only
    the sentences it may match are read word by word.
    """
    by_language = lexicons(config)
    fingerprint = _fingerprint(content, id(by_language))
    cached = content.__dict__.get("_claims_analysis")
    if cached is not None and cached.fingerprint == fingerprint:
        return cached.findings
    shared = _shared(by_language)
    page_language = primary_language(content.language)
    reference_count = len(content.references)
    doctor_words = {_neutral_word(word) for word in content.reviewer.split()}
    clinic_places = {_neutral_word(place) for place in content.clinic_places}
    findings = {check: [] for check in (*CLAIM_LISTS, STATISTIC_UNCITED)}
    findings[CASE_IDENTIFIABLE] = []
    passages = passages_of(content)
    reading = _Reading(passages)
    listed, figures = set(), set()
    primary = by_language.get(page_language)
    for lexicon in by_language.values():
        readers = reading.readers(lexicon, primary)
        if readers is not None and not readers:
            continue
        listed |= reading.listed(lexicon, readers)
        figures |= reading.statistic_candidates(lexicon, readers)
    neutral_stream = reading.neutral
    cues = shared.narrative_filter.sentences(neutral_stream)
    names = shared.identifying_filter.sentences(neutral_stream)
    for passage, indexes in zip(passages, reading.spans, strict=True):
        out = _PassageFindings(passage)
        cited = _cited(passage, reference_count)
        for index in indexes:
            if index in listed or (index in figures and not cited):
                sentence = reading.sentence(index)
                chosen = _languages(sentence, by_language, page_language)
                _claims_in(sentence, chosen, passage, out, cited, reference_count)
        narrative = passage.kind == "case_study" or any(
            shared.terms["narrative_cues"].find(reading.sentence(index).neutral_words())
            for index in indexes
            if index in cues
        )
        if narrative:
            for index in indexes:
                found = _identifying(
                    reading.texts[index],
                    lambda index=index: reading.sentence(index),
                    index in names,
                    shared,
                    doctor_words,
                    clinic_places,
                )
                if found:
                    what, text = found
                    message = _identifying_message(
                        reading.sentence(index).quote(), what, " ".join(text.split())
                    )
                    out.add(CASE_IDENTIFIABLE, ERROR, message, text)
        for finding in out.findings:
            findings[finding.check].append(finding)
    content.__dict__["_claims_analysis"] = Analysis(findings, fingerprint)
    return findings


# The checks ---------------------------------------------------------------


def check_guarantee(content, config):
    """No guarantee or absolute promise; a denied one is a note."""
    findings = analyse(content, config)[GUARANTEE]
    return findings, _("No guarantees or absolute promises.")


def check_statistic_uncited(content, config):
    """Every success rate, percentage or "x of y patients" is cited."""
    findings = analyse(content, config)[STATISTIC_UNCITED]
    return findings, _("Every figure is cited where it is given.")


def check_safety_uncited(content, config):
    """Every safety assurance is cited."""
    findings = analyse(content, config)[SAFETY_UNCITED]
    return findings, _("No uncited safety assurances.")


def check_superlative(content, config):
    """No claim of being better than others."""
    findings = analyse(content, config)[SUPERLATIVE]
    return findings, _("No claims of superiority.")


def check_case_identifiable(content, config):
    """No case study or patient narrative names, dates or places a patient."""
    findings = analyse(content, config)[CASE_IDENTIFIABLE]
    return findings, _("No case or patient story identifies the patient.")


def check_before_after(content, config):
    """No before-and-after images or captions."""
    findings = analyse(content, config)[BEFORE_AFTER]
    return findings, _("No before-and-after images or captions.")


def check_testimonial(content, config):
    """No patient thanks, satisfaction or ratings."""
    findings = analyse(content, config)[TESTIMONIAL]
    return findings, _("No patient thanks, satisfaction or ratings.")


def check_price_offer(content, config):
    """No prices, discounts or campaigns."""
    findings = analyse(content, config)[PRICE_OFFER]
    return findings, _("No prices, discounts or campaigns.")


def has_required_notice(content, config=None):
    """Whether the page's language has a required notice (Turkish: yes) and
    the page is a medical one."""
    lexicon = lexicons(config or get_config()).get(primary_language(content.language))
    return bool(content.is_medical and lexicon and lexicon.has_required_notice)


def _mentions(terms, lexicon, texts):
    for text in texts:
        for line in text.split("\n"):
            if terms.find(lexicon.fold_words(Sentence.of(line).tokens)):
                return True
    return False


def check_required_notice(content, config):
    """The notices Turkish health promotion must show: results vary from
    person to person, the last-update date, the responsible editor's contact.
    """
    lexicon = lexicons(config).get(primary_language(content.language))
    if lexicon is None or not lexicon.has_required_notice:
        return [], _("No notice is required in this language.")
    texts = [content.disclaimer, *(passage.text for passage in passages_of(content))]
    findings = []
    if not _mentions(lexicon.terms["results_vary"], lexicon, texts):
        findings.append(
            Finding(
                REQUIRED_NOTICE,
                WARNING,
                _(
                    "The notice that results vary from person to person is "
                    "missing. Add it to the medical disclaimer in this page's "
                    "language (Snippets › Clinic texts), e.g. “Tedavi sonuçları "
                    "kişiden kişiye farklılık gösterebilir.”"
                ),
                "medical_disclaimer",
            )
        )
    if content.last_reviewed is None:
        findings.append(
            Finding(
                REQUIRED_NOTICE,
                WARNING,
                _(
                    "The page shows no last-update date. Enter the date of the "
                    "last medical review; it is shown under the title."
                ),
                "last_reviewed",
            )
        )
    missing = []
    if not content.reviewer:
        missing.append(_("the responsible doctor (medical reviewer)"))
    if not content.contact:
        missing.append(_("the clinic's phone or e-mail (Settings › Clinic)"))
    if missing:
        findings.append(
            Finding(
                REQUIRED_NOTICE,
                WARNING,
                _("The responsible editor's contact is incomplete: add %(missing)s.")
                % {"missing": Joined(_(" and "), missing)},
                "medical_reviewer" if not content.reviewer else "contact",
            )
        )
    return findings, _(
        "The results-vary notice, the last-update date and the responsible "
        "editor's contact are shown."
    )
