"""``seo.rich_text_reader`` reads rich text as BeautifulSoup and strip_tags do.

The reader takes shortcuts for the HTML that Wagtail stores; each test
compares it with the plain reading (a tree built by BeautifulSoup's
``html.parser``, ``strip_tags``) that ``seo.content`` used before.
"""

import random

import pytest
from bs4 import BeautifulSoup
from django.utils.html import strip_tags

from seo.rich_text_reader import read, single_spaces


def reference(html):
    """(paragraphs, anchors, plain) as ``seo.content`` read them before."""
    soup = BeautifulSoup(html, "html.parser")
    blocks = soup.find_all(["p", "li"]) or [soup]
    paragraphs = [" ".join(node.get_text(" ").split()) for node in blocks]
    anchors = [
        (dict(a.attrs), " ".join(a.get_text(" ").split())) for a in soup.find_all("a")
    ]
    plain = " ".join(strip_tags(html).split())
    return [p for p in paragraphs if p], anchors, plain


def reading(html):
    rich_text = read(html)
    anchors = [(a.attributes, a.text) for a in rich_text.anchors]
    return rich_text.paragraphs, anchors, rich_text.plain


EDITOR_HTML = (
    '<p data-block-key="a1b2c"><b>Stem cells</b> &amp; exosomes "repair" tissue,'
    ' see <a linktype="page" id="6">our page</a>.</p><ul>'
    '<li data-block-key="d3e4f">First <i>&lt;point&gt;</i> it&#x27;s</li>'
    '<li data-block-key="g5h6i">Second, <a href="https://pubmed.example/?a=1&amp;b=2">'
    "a study</a></li></ul>"
)


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<p>One.</p><p>Two  words\n here. </p><p></p><p> </p>",
        "Plain text, no tags &amp; an entity",
        EDITOR_HTML,
        '<p>Line<br/>break and <a href="/x/"/> empty link</p>',
        "<p>Kök hücre\xa0tedavisi&nbsp;İyi</p>",
        "<p>a<!-- comment --> b</p>",
        "<p>x <script>var a = '<p>';</script> y</p>",
        "<p>unclosed <b>bold</p>",
        "<P>upper case</P>",
        "<p>a &copy; b &foo; c & d</p>",
        "<p>a < b and c > d</p>",
        '<p><a href=unquoted>u</a> <a href="a" href="b">twice</a></p>',
        '<ul><li>out <p>in</p> out</li></ul><p/><li data-block-key="x"/>',
    ],
)
def test_reads_as_beautifulsoup_and_strip_tags(html):
    assert reading(html) == reference(html)


def test_editor_html_takes_the_tokenizer_not_the_parser(monkeypatch):
    """Wagtail's own rich text (attributes, links, lists) needs no parser."""

    def no_parser(*args, **kwargs):
        raise AssertionError("parsed with BeautifulSoup")

    monkeypatch.setattr("seo.rich_text_reader.BeautifulSoup", no_parser)
    paragraphs, anchors, _ = reading(EDITOR_HTML)
    assert paragraphs[1] == "First <point> it's"
    assert anchors[1][0]["href"] == "https://pubmed.example/?a=1&b=2"


WORDS = ["word", "Kök", "İyi", "ışık", " ", "  ", "\n", "\t", "\xa0", "\u2009", "a>b"]
ENTITIES = ["&amp;", "&lt;", "&quot;", "&nbsp;", "&#39;", "&#x27;", "&copy;", "& "]
TAGS = ["p", "li", "ul", "a", "b", "i", "span", "h2", "div"]
ODD = ["<!-- c -->", "<br>", "<br/>", "</p>", "<", "<xyz>", "<P>", "<style>s</style>"]
ATTRIBUTES = [
    'href="https://example.com/?a=1&amp;b=2"',
    'href="/local/"',
    'href=""',
    'linktype="page" id="12"',
    'linktype="document" id="4"',
    'data-block-key="ab1c2"',
]


def random_html(rnd, depth=0):
    parts = []
    for _ in range(rnd.randint(0, 4)):
        roll = rnd.random()
        if depth > 2 or roll < 0.4:
            parts.append(rnd.choice(WORDS + ENTITIES))
        elif roll < 0.5:
            parts.append(rnd.choice(ODD))
        else:
            tag = rnd.choice(TAGS)
            attributes = " " + rnd.choice(ATTRIBUTES) if rnd.random() < 0.5 else ""
            inner = random_html(rnd, depth + 1)
            parts.append(f"<{tag}{attributes}>{inner}</{tag}>")
    return "".join(parts)


def test_random_html_reads_as_before():
    rnd = random.Random(20261203)
    for _ in range(2000):
        html = random_html(rnd)
        assert reading(html) == reference(html), html


@pytest.mark.parametrize(
    "text",
    ["", " ", "a  b", " a", "a ", "a\nb", "a\xa0b", "a\u3000b", "Kök ışık", "x" * 200],
)
def test_single_spaces_is_split_and_join(text):
    for repeated in (text, text * 40, "word " * 40 + text):
        assert single_spaces(repeated) == " ".join(repeated.split())
