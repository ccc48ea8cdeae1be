"""The data table block (a comparison of treatments, say).

Every cell is a text block of its own, so that wagtail-localize offers each
cell, the caption and each column header as a segment to translate.
Wagtail's ``TableBlock`` keeps the whole table as one JSON value, which
wagtail-localize does not extract (its issue 302); the tables saved with it
were converted by ``treatments`` migration 0005.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError


def _blank(cell):
    return cell is None or not str(cell).strip()


def trim_empty_cells(rows):
    """The table without the empty rows and columns left at its end.

    An editor who adds more rows or cells than they fill would otherwise
    publish empty bands. Empty cells inside the table stay.
    """
    rows = [list(row or []) for row in rows]
    while rows and all(_blank(cell) for cell in rows[-1]):
        rows.pop()
    width = max((len(row) for row in rows), default=0)
    while width and all(len(row) < width or _blank(row[width - 1]) for row in rows):
        width -= 1
    return [row[:width] for row in rows]


def table_value(header, rows, caption="", first_col_is_header=False):
    """A ``DataTableBlock`` value from plain lists of cell texts.

    For code that builds pages (brief import, the demo content): the header is
    a list of texts (empty for no header row), ``rows`` a list of lists. The
    lists get their item ids when the page is saved (``TreatmentPage.save``).
    """
    return {
        "caption": caption or "",
        "header": [_text(cell) for cell in header or []],
        "rows": [{"cells": [_text(cell) for cell in row or []]} for row in rows],
        "first_col_is_header": bool(first_col_is_header),
    }


def _text(cell):
    return "" if cell is None else str(cell)


class TableCellBlock(blocks.TextBlock):
    """One cell: plain text (markup is shown, not run), line breaks kept."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("rows", 1)
        super().__init__(**kwargs)

    class Meta:
        label = _("Cell")


class TableRowBlock(blocks.StructBlock):
    cells = blocks.ListBlock(TableCellBlock(), label=_("Cells"))

    class Meta:
        icon = "list-ul"
        label = _("Row")


class DataTableBlock(blocks.StructBlock):
    """A data table: a caption, a row of column headers and rows of cells.

    The header cells are ``<th scope="col">``; when the first column holds the
    rows' names, its cells are ``<th scope="row">``.
    """

    caption = blocks.CharBlock(
        required=False,
        max_length=255,
        label=_("Caption"),
        help_text=_("What the table shows; screen readers announce it first."),
    )
    header = blocks.ListBlock(
        TableCellBlock(label=_("Column header")),
        label=_("Column headers"),
        help_text=_("The first row, read as the name of each column."),
    )
    rows = blocks.ListBlock(TableRowBlock(), label=_("Rows"))
    first_col_is_header = blocks.BooleanBlock(
        required=False,
        label=_("First column is a header"),
        help_text=_("Read each row's first cell as the name of the row."),
    )

    @classmethod
    def construct_from_lookup(cls, lookup, child_blocks=None, **kwargs):
        """Also build the block as the migrations before ``treatments`` 0005
        name it: a ``TableBlock`` then, without child blocks."""
        return super().construct_from_lookup(lookup, child_blocks or [], **kwargs)

    def value_from_datadict(self, data, files, prefix):
        """The editor posts a count and an order for every list; a hand-made
        POST without them becomes a form error (``clean``), not a 500."""
        try:
            return super().value_from_datadict(data, files, prefix)
        except (KeyError, ValueError, TypeError):
            value = self.to_python({})
            value.unreadable = True
            return value

    def clean(self, value):
        if getattr(value, "unreadable", False):
            message = _("The table could not be read. Please edit it again.")
            raise StructBlockValidationError(
                non_block_errors=ErrorList([ValidationError(message)])
            )
        return super().clean(value)

    def get_context(self, value, parent_context=None):
        """The cells as plain lists, without empty rows or columns at the end."""
        context = super().get_context(value, parent_context=parent_context)
        header = [cell or "" for cell in value.get("header") or []]
        rows = [list(row.get("cells") or []) for row in value.get("rows") or []]
        trimmed = trim_empty_cells([header, *rows])
        if header and trimmed:
            context["table_header"], context["data"] = trimmed[0], trimmed[1:]
        else:
            context["table_header"] = []
            context["data"] = trim_empty_cells(rows)
        context["table_caption"] = value.get("caption") or ""
        context["first_col_is_header"] = bool(value.get("first_col_is_header"))
        return context

    class Meta:
        icon = "table"
        template = "blocks/data_table_block.html"
        label = _("Table")
        description = _(
            "A table with column headers; each cell is translated on its own."
        )
        preview_value = {
            "caption": "How the cells are given",
            "header": ["Application method", "Target mechanism", "How it is given"],
            "rows": [
                {"cells": ["Intravenous (IV)", "Systemic distribution", "Into a vein"]},
                {
                    "cells": [
                        "Intranasal",
                        "The olfactory pathway to the brain",
                        "As a nasal spray",
                    ]
                },
            ],
            "first_col_is_header": False,
        }
