"""Pipe tables, shared by the plain-text and Markdown readers."""

import re

SEPARATOR_CELL = re.compile(r"^:?-{2,}:?$")


def split_row(line):
    """The cells of ``| a | b |``; ``\\|`` is a literal bar inside a cell."""
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    cells = re.split(r"(?<!\\)\|", line)
    return [" ".join(cell.replace("\\|", "|").split()) for cell in cells]


def is_separator_row(line):
    cells = split_row(line)
    return bool(cells) and all(SEPARATOR_CELL.match(cell) for cell in cells)
