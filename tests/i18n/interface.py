"""The interface text of a rendered page, and the catalogue's English strings.

A page's text is what a visitor reads or hears: text nodes (not scripts or
styles) and the attributes a screen reader or the browser shows (aria-label,
placeholder, title, alt). Text inside an element whose ``lang`` differs from
the page's (a language switcher naming "English" in English) is left out.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "tr" / "LC_MESSAGES" / "django.po"
SHOWN_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
VOID |= {"source", "track", "wbr"}
# Placeholders, HTML tags and the "{count}" of the search script split a
# message into the literal pieces a page shows.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|<[^>]+>|\{\w+\}")


class _TextParser(HTMLParser):
    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack = []  # (tag, shown): shown is False inside script, style...
        self.pieces = []

    def _shown(self):
        return all(shown for _tag, shown in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        shown = tag not in ("script", "style", "template") and (
            lang is None or lang.split("-")[0] == self.language
        )
        if tag == "html":
            shown = True
        if self._shown() and shown:
            self.pieces.extend(
                attrs[name] for name in SHOWN_ATTRIBUTES if attrs.get(name)
            )
        if tag not in VOID:
            self.stack.append((tag, shown))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if self._shown() and data.strip():
            self.pieces.append(data)


def page_text(html, language):
    """The page's shown text, one string, whitespace collapsed."""
    parser = _TextParser(language)
    parser.feed(html)
    return " ".join(" ".join(parser.pieces).split())


def english_pieces(catalogue=CATALOGUE):
    """{literal English piece of a message: its Turkish translation}.

    Pieces that the translation keeps as they are ("URL", "DOI") are left
    out: finding them on a Turkish page is no fault.
    """
    pieces = {}
    for entry in polib.pofile(str(catalogue)):
        if entry.obsolete:
            continue
        translations = [entry.msgstr, *entry.msgstr_plural.values()]
        for source in filter(None, (entry.msgid, entry.msgid_plural)):
            for piece in PLACEHOLDER.split(source):
                piece = " ".join(piece.split()).strip(" ,;:.?()“”\"'")
                if len(piece) < 2 or not re.search(r"[A-Za-z]{2}", piece):
                    continue
                if any(piece in (text or "") for text in translations):
                    continue
                pieces[piece] = translations[0] or translations[-1]
    return pieces


def found(piece, text):
    """Whether ``piece`` is in ``text`` as whole words."""
    return re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text) is not None
