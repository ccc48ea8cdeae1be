"""The data table block (a comparison of treatments, say)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.table_block.blocks import TableBlock

INVALID_TABLE = "_unreadable"


def _blank(cell):
    return cell is None or not str(cell).strip()


def trim_empty_cells(rows):
    """The table without the empty rows and columns left at its end.

    The editor starts with 4 rows and 3 columns; an editor who fills fewer
    would otherwise publish empty bands. Empty cells inside the table stay.
    """
    rows = [list(row or []) for row in rows]
    while rows and all(_blank(cell) for cell in rows[-1]):
        rows.pop()
    width = max((len(row) for row in rows), default=0)
    while width and all(len(row) < width or _blank(row[width - 1]) for row in rows):
        width -= 1
    return [row[:width] for row in rows]


class DataTableBlock(TableBlock):
    """A data table whose first row is the header, with an optional caption.

    Cells are plain text (no HTML renderer) so pasted markup is shown, not run.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "table_options",
            {"renderer": "text", "startRows": 4, "startCols": 3, "contextMenu": True},
        )
        super().__init__(**kwargs)

    def value_from_form(self, value):
        """The editor always posts JSON; anything else becomes a form error."""
        try:
            return super().value_from_form(value)
        except (TypeError, ValueError):
            return {INVALID_TABLE: True}

    def clean(self, value):
        if isinstance(value, dict) and value.get(INVALID_TABLE):
            raise ValidationError(
                _("The table could not be read. Please edit it again.")
            )
        return super().clean(value)

    def get_searchable_content(self, value):
        content = super().get_searchable_content(value)
        if value and value.get("table_caption"):
            content.insert(0, value["table_caption"])
        return content

    def render(self, value, context=None):
        if value and value.get("data"):
            value = {
                **value,
                "data": trim_empty_cells(value["data"]),
                "first_row_is_table_header": True,
            }
        return super().render(value, context)

    class Meta:
        icon = "table"
        template = "blocks/data_table_block.html"
        description = _("A table; the first row is read as the column headers.")
        preview_value = {
            "table_caption": "How the cells are given",
            "table_header_choice": "row",
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "data": [
                ["Application method", "Target mechanism", "How it is given"],
                ["Intravenous (IV)", "Systemic distribution", "Into a vein"],
                [
                    "Intranasal",
                    "The olfactory pathway to the brain",
                    "As a nasal spray",
                ],
            ],
        }
