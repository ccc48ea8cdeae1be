"""Read a rich text value's stored HTML once, for all that the checks take
from it: its paragraphs, its links and its plain text.

BeautifulSoup builds a tree of every rich text (about 0.1 ms a paragraph), and
``strip_tags`` parses an FAQ answer a second time. Rich text as Wagtail stores
it is simple HTML: a few known tags, properly nested, attributes in double
quotes, a handful of entities. Such HTML is read here in one pass of a
tokenizer, with exactly the results of BeautifulSoup's tree (``html.parser``)
and of ``strip_tags``. Anything else (a comment, an unknown tag or entity, an
unclosed tag, a ``<`` in the text, upper case) is read by those two, as before.
"""

import re
from html import unescape
from typing import NamedTuple

from bs4 import BeautifulSoup
from django.utils.html import strip_tags


class Anchor(NamedTuple):
    """A link of the rich text: its attributes and its text, spaces single."""

    attributes: dict
    text: str


class RichText(NamedTuple):
    """What a rich text says: its paragraphs (the text of each ``p`` and
    ``li``, or of the whole if it has none; spaces single, none empty) and its
    anchors. ``written`` is its text as ``strip_tags`` leaves it, in parts,
    when the reading found it (``None``: ``plain`` asks ``strip_tags``); only
    FAQ answers need it, so it is joined when asked for.

    A named tuple: a page has a dozen rich texts, each read in a few
    microseconds, and a frozen dataclass takes one more to be made."""

    html: str
    paragraphs: list
    anchors: list
    written: list | None = None

    @property
    def plain(self):
        """The text without tags, spaces single, as ``strip_tags`` gives it:
        entities are left as written, and the texts of two paragraphs run
        together."""
        if self.written is None:
            return " ".join(strip_tags(self.html).split())
        return " ".join("".join(self.written).split())


def read(html):
    """The ``RichText`` of ``html`` (a rich text value's stored HTML)."""
    html = html or ""
    return _read_paragraphs(html) or _read_simple(html) or _read_with_parser(html)


# What ``str.split()`` splits ASCII text on, besides the space.
ASCII_WHITE_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"
# Below this length, splitting a text costs less than looking at it first.
SHORT_TEXT = 150


def single_spaces(text):
    """``text`` with its white space as single spaces, none at the ends:
    ``" ".join(text.split())``, without splitting a long text that is so
    already (most paragraphs are), which costs three times as much."""
    if len(text) > SHORT_TEXT and _spaced_singly(text):
        return text
    return " ".join(text.split())


def _spaced_singly(text):
    """Whether the only white space in ``text`` is single spaces, none at
    either end. Any other white space that ``str.split`` knows is unprintable
    (ASCII controls, no-break and other Unicode spaces, line separators)."""
    if "  " in text or text[:1] == " " or text[-1:] == " ":
        return False
    if not text.isascii():
        return text.isprintable()
    # A loop, as all() of a generator takes twice as long as the search itself.
    for char in ASCII_WHITE_SPACE:  # noqa: SIM110
        if char in text:
            return False
    return True


def _read_paragraphs(html):
    """Paragraphs of plain text only (``<p>...</p>``, no attributes, tags or
    entities inside): most rich text of a site written outside the editor,
    read with string methods. ``None`` for any other HTML."""
    if not (html.startswith("<p>") and html.endswith("</p>")) or "&" in html:
        return None
    texts = html[3:-4].split("</p><p>")
    if html.count("<") != 2 * len(texts):
        return None  # a tag inside a paragraph
    if _spaced_singly(html):  # so is each text, but maybe at its ends
        paragraphs = [
            text if text[0] != " " and text[-1] != " " else single_spaces(text)
            for text in texts
            if text
        ]
    else:
        paragraphs = list(map(single_spaces, texts))
    return RichText(html, [p for p in paragraphs if p], [], texts)


# The entities that the editor writes, and their characters.
ENTITIES = {
    "amp": "&",
    "lt": "<",
    "gt": ">",
    "quot": '"',
    "nbsp": "\xa0",
    "#39": "'",
    "#x27": "'",
}
# Elements that the checks read or that only wrap text, and elements that
# have no end tag. Any other tag (``script`` and ``style`` among them, whose
# text is not text) sends the HTML to the parser.
BLOCKS = frozenset({"p", "li"})
CONTAINERS = frozenset(
    {
        *BLOCKS,
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "s",
        "sub",
        "sup",
        "code",
        "span",
        "small",
        "mark",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "div",
    }
)
VOID = frozenset({"br", "hr", "img", "embed", "wbr"})
TOKEN = re.compile(
    r"(?P<text>[^<&]+)"
    r"|&(?P<entity>amp|lt|gt|quot|nbsp|#39|#x27);"
    r"|<(?P<start>[a-z][a-z0-9]*)"
    r"(?P<attributes>(?:[ \t\n]+[a-z][-a-z0-9_:]*(?:=\"[^\"<>]*\")?)*)"
    r"[ \t\n]*(?P<closed>/?)>"
    r"|</(?P<end>[a-z][a-z0-9]*)>"
)
ATTRIBUTE = re.compile(r"([a-z][-a-z0-9_:]*)(?:=\"([^\"]*)\")?")


class _Element:
    """An element being read: its tag, and where its text starts and ends
    among the texts between tags."""

    __slots__ = ("tag", "attributes", "first", "last")

    def __init__(self, tag, attributes, first):
        self.tag = tag
        self.attributes = attributes
        self.first = first
        self.last = first

    def text(self, texts):
        """Its text as BeautifulSoup's ``get_text(" ")`` gives it, spaces
        single: its strings joined by spaces."""
        return single_spaces(" ".join(texts[self.first : self.last]))


class _SimpleReader:
    """Reads simple HTML token by token (see the module's docstring)."""

    def __init__(self):
        self.texts = []  # the strings between tags, entities read
        self.pending = []  # parts of the string being read
        self.written = []  # the text as written, what strip_tags leaves
        self.open = []
        self.blocks = []
        self.anchors = []

    def feed(self, html):
        """Read ``html``; False if it is not simple HTML."""
        position = 0
        for token in TOKEN.finditer(html):
            if token.start() != position or not self.take(token):
                return False
            position = token.end()
        self.end_string()
        return position == len(html) and not self.open

    def take(self, token):
        """Read one token; False if the HTML is not simple after all."""
        text, entity, tag, _, _, end = token.groups()
        if text is not None:
            self.pending.append(text)
            self.written.append(text)
            return True
        if entity is not None:
            self.pending.append(ENTITIES[entity])
            self.written.append(token.group())
            return True
        self.end_string()
        return self.close(end) if end is not None else self.start(tag, token)

    def end_string(self):
        if self.pending:
            self.texts.append("".join(self.pending))
            self.pending = []

    def start(self, tag, token):
        if tag in VOID:
            return True
        if tag not in CONTAINERS:
            return False
        element = _Element(tag, token.group("attributes"), len(self.texts))
        if tag in BLOCKS:
            self.blocks.append(element)
        elif tag == "a":
            self.anchors.append(element)
        if not token.group("closed"):
            self.open.append(element)
        return True

    def close(self, tag):
        if not self.open or self.open[-1].tag != tag:
            return False
        self.open.pop().last = len(self.texts)
        return True

    def result(self, html):
        texts = self.texts
        if self.blocks:
            paragraphs = [block.text(texts) for block in self.blocks]
        else:
            paragraphs = [single_spaces(" ".join(texts))]
        anchors = [
            Anchor(_attributes(anchor.attributes), anchor.text(texts))
            for anchor in self.anchors
        ]
        return RichText(html, [p for p in paragraphs if p], anchors, self.written)


def _attributes(written):
    """An element's attributes as ``html.parser`` reads them: values without
    their quotes, entities read, "" for none; the last of a name wins."""
    return {
        name: unescape(value) if "&" in value else value
        for name, value in ATTRIBUTE.findall(written)
    }


def _read_simple(html):
    """The ``RichText`` of simple HTML, ``None`` for any other."""
    reader = _SimpleReader()
    return reader.result(html) if reader.feed(html) else None


def _read_with_parser(html):
    """Any HTML, read with BeautifulSoup."""
    soup = BeautifulSoup(html, "html.parser")
    blocks = soup.find_all(["p", "li"]) or [soup]
    paragraphs = [single_spaces(node.get_text(" ")) for node in blocks]
    anchors = [
        Anchor(dict(anchor.attrs), single_spaces(anchor.get_text(" ")))
        for anchor in soup.find_all("a")
    ]
    return RichText(html, [p for p in paragraphs if p], anchors)
