"""Convert every data table from ``TableBlock`` JSON to the structured block.

``content_blocks.tables.DataTableBlock`` was a ``TableBlock``, whose value
wagtail-localize cannot translate (one JSON object: its issue 302). It is now
a ``StructBlock`` whose caption, column headers and cells are text blocks of
their own. This migration rewrites the stored tables of every treatment page:
the live row, and every revision (so drafts, scheduled publications and the
history convert too), working on the stored JSON only.

What a table kept, and where it goes:

- ``table_caption`` becomes ``caption``;
- the first row of ``data`` becomes ``header`` (the old block always rendered
  the first row as column headers, whatever ``first_row_is_table_header``
  said), the other rows become ``rows``, each a list of ``cells``; an empty
  (``None``) cell becomes an empty text; no row or column is dropped;
- ``first_col_is_header`` is kept.

The settings the old template never read (``table_header_choice``,
``first_row_is_table_header``, Handsontable's ``cell`` and ``mergedCells``)
are dropped; running the migration backwards restores a ``TableBlock`` value
that renders the same table.

The field's new definition also records that a reference's PubMed ID and DOI
are identifiers wagtail-localize copies rather than translates (no change to
the stored data).
"""

import json
import uuid

import wagtail.fields
from django.db import migrations

TABLE = "table"


def _item(value):
    return {"type": "item", "value": value, "id": str(uuid.uuid4())}


def _text(cell):
    return "" if cell is None else str(cell)


def _plain(items):
    """A ListBlock's stored items, whether with ids or a plain list."""
    return [
        item["value"] if isinstance(item, dict) and item.get("type") == "item" else item
        for item in items or []
    ]


def table_forwards(value):
    """The structured value of a ``TableBlock`` value (left as it is if it is
    one already)."""
    if not isinstance(value, dict) or "data" not in value:
        return value
    data = [list(row or []) for row in value.get("data") or []]
    header, rows = (data[0], data[1:]) if data else ([], [])
    return {
        "caption": _text(value.get("table_caption")),
        "header": [_item(_text(cell)) for cell in header],
        "rows": [
            _item({"cells": [_item(_text(cell)) for cell in row]}) for row in rows
        ],
        "first_col_is_header": bool(value.get("first_col_is_header")),
    }


def table_backwards(value):
    """The ``TableBlock`` value of a structured value."""
    if not isinstance(value, dict) or "data" in value:
        return value
    header = [_text(cell) for cell in _plain(value.get("header"))]
    rows = [
        [_text(cell) for cell in _plain((row or {}).get("cells"))]
        for row in _plain(value.get("rows"))
    ]
    first_col = bool(value.get("first_col_is_header"))
    return {
        "data": ([header] if header else []) + rows,
        "table_caption": value.get("caption") or "",
        "first_row_is_table_header": True,
        "first_col_is_header": first_col,
        "table_header_choice": "both" if first_col else "row",
    }


def convert_stream(stream, convert):
    """``stream`` (a StreamField's stored list) with its tables converted, and
    whether anything changed."""
    changed = False
    result = []
    for block in stream or []:
        if isinstance(block, dict) and block.get("type") == TABLE:
            value = convert(block.get("value"))
            if value is not block.get("value"):
                block = {**block, "value": value}
                changed = True
        result.append(block)
    return result, changed


def _convert_body(body, convert):
    """A stored body (a list, or JSON text in a revision) converted, or None
    when it has no table to convert."""
    as_text = isinstance(body, str)
    stream = json.loads(body) if as_text else body
    if not isinstance(stream, list):
        return None
    stream, changed = convert_stream(stream, convert)
    if not changed:
        return None
    return json.dumps(stream) if as_text else stream


def convert_all(apps, convert):
    TreatmentPage = apps.get_model("treatments", "TreatmentPage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")

    for pk, body in TreatmentPage.objects.values_list("pk", "body").iterator():
        stored = list(body.raw_data) if body is not None else []
        converted = _convert_body(stored, convert)
        if converted is not None:
            TreatmentPage.objects.filter(pk=pk).update(body=converted)

    content_type = ContentType.objects.filter(
        app_label="treatments", model="treatmentpage"
    ).first()
    if content_type is None:
        return
    revisions = Revision.objects.filter(content_type=content_type)
    for pk, content in revisions.values_list("pk", "content").iterator():
        if not isinstance(content, dict) or "body" not in content:
            continue
        converted = _convert_body(content["body"], convert)
        if converted is not None:
            Revision.objects.filter(pk=pk).update(
                content={**content, "body": converted}
            )


def forwards(apps, schema_editor):
    convert_all(apps, table_forwards)


def backwards(apps, schema_editor):
    convert_all(apps, table_backwards)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("treatments", "0004_reindex_body_as_sentences"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="treatmentpage",
            name="body",
            field=wagtail.fields.StreamField(
                [
                    ("heading", 2),
                    ("paragraph", 3),
                    ("table", 12),
                    ("doctor_quote", 15),
                    ("case_study", 23),
                    ("faq", 28),
                    ("references", 36),
                    ("callout", 39),
                    ("image", 42),
                ],
                blank=True,
                block_lookup={
                    0: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"label": "Heading", "max_length": 255},
                    ),
                    1: (
                        "wagtail.blocks.ChoiceBlock",
                        [],
                        {
                            "choices": [
                                ("h2", "Section (h2)"),
                                ("h3", "Subsection (h3)"),
                            ]
                        },
                    ),
                    2: (
                        "wagtail.blocks.StructBlock",
                        [[("text", 0), ("level", 1)]],
                        {},
                    ),
                    3: ("content_blocks.text.ParagraphBlock", (), {}),
                    4: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "What the table shows; screen readers announce it first.",
                            "label": "Caption",
                            "max_length": 255,
                            "required": False,
                        },
                    ),
                    5: (
                        "content_blocks.tables.TableCellBlock",
                        (),
                        {"label": "Column header"},
                    ),
                    6: (
                        "wagtail.blocks.ListBlock",
                        (5,),
                        {
                            "help_text": "The first row, read as the name of each column.",
                            "label": "Column headers",
                        },
                    ),
                    7: ("content_blocks.tables.TableCellBlock", (), {}),
                    8: ("wagtail.blocks.ListBlock", (7,), {"label": "Cells"}),
                    9: ("wagtail.blocks.StructBlock", [[("cells", 8)]], {}),
                    10: ("wagtail.blocks.ListBlock", (9,), {"label": "Rows"}),
                    11: (
                        "wagtail.blocks.BooleanBlock",
                        (),
                        {
                            "help_text": "Read each row's first cell as the name of the row.",
                            "label": "First column is a header",
                            "required": False,
                        },
                    ),
                    12: (
                        "wagtail.blocks.StructBlock",
                        [
                            [
                                ("caption", 4),
                                ("header", 6),
                                ("rows", 10),
                                ("first_col_is_header", 11),
                            ]
                        ],
                        {},
                    ),
                    13: ("wagtail.blocks.TextBlock", (), {"label": "Quote"}),
                    14: (
                        "wagtail.snippets.blocks.SnippetChooserBlock",
                        ("doctors.Doctor",),
                        {},
                    ),
                    15: (
                        "wagtail.blocks.StructBlock",
                        [[("quote", 13), ("doctor", 14)]],
                        {},
                    ),
                    16: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"help_text": 'For example "Case A".', "max_length": 60},
                    ),
                    17: (
                        "wagtail.blocks.ChoiceBlock",
                        [],
                        {"choices": [("h3", "h3"), ("h4", "h4"), ("h5", "h5")]},
                    ),
                    18: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": 'For example "5 years".',
                            "max_length": 60,
                            "required": False,
                        },
                    ),
                    19: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": 'A recognised scale, for example "GMFCS Level 4".',
                            "max_length": 120,
                            "required": False,
                        },
                    ),
                    20: ("wagtail.blocks.TextBlock", (), {"required": False}),
                    21: (
                        "wagtail.blocks.TextBlock",
                        (),
                        {"help_text": "The case as told, with no names."},
                    ),
                    22: (
                        "wagtail.blocks.BooleanBlock",
                        (),
                        {
                            "default": True,
                            "help_text": "Confirm that nothing in this case identifies the patient (no name, initials, photo, exact dates or place).",
                            "required": True,
                        },
                    ),
                    23: (
                        "wagtail.blocks.StructBlock",
                        [
                            [
                                ("label", 16),
                                ("heading_level", 17),
                                ("patient_age", 18),
                                ("classification", 19),
                                ("intervention", 20),
                                ("outcome", 20),
                                ("narrative", 21),
                                ("anonymised", 22),
                            ]
                        ],
                        {},
                    ),
                    24: ("wagtail.blocks.CharBlock", (), {"max_length": 255}),
                    25: (
                        "wagtail.blocks.RichTextBlock",
                        (),
                        {"features": ["bold", "italic", "link", "ol", "ul"]},
                    ),
                    26: (
                        "wagtail.blocks.StructBlock",
                        [[("question", 24), ("answer", 25)]],
                        {},
                    ),
                    27: (
                        "wagtail.blocks.ListBlock",
                        (26,),
                        {"label": "Questions", "min_num": 1},
                    ),
                    28: ("wagtail.blocks.StructBlock", [[("items", 27)]], {}),
                    29: ("wagtail.blocks.CharBlock", (), {"max_length": 500}),
                    30: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "Journal or database.",
                            "max_length": 255,
                            "required": False,
                        },
                    ),
                    31: (
                        "wagtail.blocks.URLBlock",
                        (),
                        {"label": "URL", "required": False},
                    ),
                    32: (
                        "content_blocks.evidence.IdentifierBlock",
                        (),
                        {
                            "help_text": "Digits only.",
                            "label": "PubMed ID",
                            "max_length": 9,
                            "required": False,
                        },
                    ),
                    33: (
                        "content_blocks.evidence.IdentifierBlock",
                        (),
                        {
                            "help_text": "10.xxxx/…",
                            "label": "DOI",
                            "max_length": 255,
                            "required": False,
                        },
                    ),
                    34: (
                        "wagtail.blocks.StructBlock",
                        [
                            [
                                ("title", 29),
                                ("source", 30),
                                ("url", 31),
                                ("pubmed_id", 32),
                                ("doi", 33),
                            ]
                        ],
                        {},
                    ),
                    35: (
                        "wagtail.blocks.ListBlock",
                        (34,),
                        {"label": "References", "min_num": 1},
                    ),
                    36: ("wagtail.blocks.StructBlock", [[("items", 35)]], {}),
                    37: (
                        "wagtail.blocks.ChoiceBlock",
                        [],
                        {
                            "choices": [
                                ("info", "Information"),
                                ("warning", "Warning"),
                                ("disclaimer", "Disclaimer"),
                            ]
                        },
                    ),
                    38: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"max_length": 255, "required": False},
                    ),
                    39: (
                        "wagtail.blocks.StructBlock",
                        [
                            [
                                ("kind", 37),
                                ("heading", 38),
                                ("heading_level", 17),
                                ("text", 25),
                            ]
                        ],
                        {},
                    ),
                    40: ("wagtail.images.blocks.ImageChooserBlock", (), {}),
                    41: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "Describe what the image shows for people who cannot see it.",
                            "max_length": 250,
                        },
                    ),
                    42: (
                        "wagtail.blocks.StructBlock",
                        [[("image", 40), ("alt_text", 41), ("caption", 38)]],
                        {},
                    ),
                },
            ),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
