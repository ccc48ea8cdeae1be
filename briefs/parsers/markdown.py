"""Markdown: ``#`` to ``######`` give heading levels exactly, pipe tables,
``>`` quotations, lists and inline bold, italic and links.

Paragraphs are separated by blank lines (lines in between are joined, as
Markdown does). Raw HTML is not interpreted: it is kept as text.
"""

import re

from ..elements import Element
from .inline import inline
from .tables import is_separator_row, split_row

ATX_HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
LIST_ITEM = re.compile(
    r"^(?:(?P<bullet>[-*+])|(?P<number>\d{1,9})[.)])\s+(?P<text>.*)$"
)


def _element(kind, source, **extra):
    text, html = inline(" ".join(source.split()))
    return Element(kind, text, html, **extra)


def read_markdown(text):
    elements = []
    block = []  # the lines of the paragraph or quotation being read
    block_kind = None
    table = []
    items, ordered = [], False

    def flush():
        nonlocal block_kind, ordered
        if block:
            elements.append(_element(block_kind, " ".join(block)))
            block.clear()
        block_kind = None
        if table:
            elements.append(Element("table", rows=list(table)))
            table.clear()
        if items:
            parsed = [inline(" ".join(item.split())) for item in items]
            elements.append(Element("list", items=parsed, ordered=ordered))
            items.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if heading := ATX_HEADING.match(line):
            flush()
            elements.append(
                _element("heading", heading.group(2), level=len(heading.group(1)))
            )
            continue
        if line.startswith("|"):
            if block or items:
                flush()
            if not is_separator_row(line):
                table.append([inline(cell)[0] for cell in split_row(line)])
            continue
        if line.startswith(">"):
            content = line.lstrip(">").strip()
            if block_kind != "quote":
                flush()
                block_kind = "quote"
            if content:
                block.append(content)
            continue
        if item := LIST_ITEM.match(line):
            if block or table:
                flush()
            ordered = item["number"] is not None
            items.append(item["text"])
            continue
        if items and raw[:1].isspace():
            # A continuation line of the last list item.
            items[-1] = f"{items[-1]} {line}"
            continue
        if block_kind not in (None, "paragraph") or table or items:
            flush()
        block_kind = "paragraph"
        block.append(line)
    flush()
    return elements
