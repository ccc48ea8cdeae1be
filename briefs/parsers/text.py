"""Plain text: a line is a paragraph, a run of ``|`` lines is a table, and a
short line without closing punctuation, with text after it, is a heading
whose level nobody wrote down (``interpret`` guesses it)."""

from ..elements import Element, heading, normalise, paragraph
from ..shapes import looks_like_heading
from .tables import is_separator_row, split_row


def read_text(text):
    lines = [normalise(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    elements = []
    table = []

    def flush_table():
        if table:
            elements.append(Element("table", rows=list(table)))
            table.clear()

    for index, line in enumerate(lines):
        if line.startswith("|"):
            if not is_separator_row(line):
                table.append(split_row(line))
            continue
        flush_table()
        followed = index + 1 < len(lines)
        if followed and looks_like_heading(line):
            elements.append(heading(line))
        else:
            elements.append(paragraph(line))
    flush_table()
    return elements
