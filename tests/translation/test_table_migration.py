"""``treatments`` 0005 turns every stored ``TableBlock`` value into the
structured table, in the live page and in every revision, with nothing lost.

The test migrates ``treatments`` back to 0004 with Django's
``MigrationExecutor`` (which runs 0005 backwards), stores tables as the
previous release stored them, and migrates forwards again, as ``migrate``
does on a site upgrading in place.
"""

import importlib
import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Revision

from treatments.models import TreatmentPage

BEFORE = ("treatments", "0004_reindex_body_as_sentences")
AFTER = ("treatments", "0005_tables_as_structured_blocks")
migration = importlib.import_module(f"treatments.migrations.{AFTER[1]}")

# Tables as the previous release's TableBlock stored them: empty (None)
# cells, a cell with a line break and markup, a row longer than the header, a
# first column of row headers.
OLD_LIVE = {
    "data": [
        ["Route", "Sessions", None],
        ["Intravenous", "2", "Into a vein"],
        ["<b>Intrathecal</b>", None, "Lumbar\npuncture"],
        ["Intranasal", "4", "", "extra"],
    ],
    "table_caption": "Routes compared",
    "first_row_is_table_header": True,
    "first_col_is_header": True,
    "table_header_choice": "both",
}
OLD_DRAFT = {
    "data": [["Measure", "Before"], ["GMFCS", "4"]],
    "table_caption": "",
    "first_row_is_table_header": False,
    "first_col_is_header": False,
    "table_header_choice": "neither",
}


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])


def old_body(table):
    return [
        {"type": "heading", "value": {"text": "Routes", "level": "h2"}, "id": "h1"},
        {"type": "table", "value": table, "id": "t1"},
    ]


def structured(value):
    """A structured table value as plain lists."""
    return {
        "caption": value["caption"],
        "header": list(value["header"]),
        "rows": [list(row["cells"]) for row in value["rows"]],
        "first_col_is_header": value["first_col_is_header"],
    }


def expected(old):
    data = [["" if cell is None else cell for cell in row] for row in old["data"]]
    return {
        "caption": old["table_caption"],
        "header": data[0],
        "rows": data[1:],
        "first_col_is_header": old["first_col_is_header"],
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_converts_live_tables_revisions_and_drafts(demo):
    page = TreatmentPage.objects.get(pk=demo.pk)
    published = page.save_revision()
    published.publish()
    draft = page.save_revision()
    seed_table = next(b.value for b in page.body if b.block_type == "table")
    seed_cells = structured(seed_table)

    try:
        migrate(BEFORE)
        # Run backwards, 0005 gave the seed's table back as a TableBlock.
        raw = TreatmentPage.objects.filter(pk=page.pk).values_list("body", flat=True)
        stored = [b for b in raw[0].raw_data if b["type"] == "table"][0]["value"]
        assert stored["data"] == [seed_cells["header"], *seed_cells["rows"]]
        assert stored["table_caption"] == seed_cells["caption"]

        # What the previous release stored: the live body, the published
        # revision (JSON text, as revisions keep it) and a newer draft.
        TreatmentPage.objects.filter(pk=page.pk).update(body=old_body(OLD_LIVE))
        for revision, table in ((published, OLD_LIVE), (draft, OLD_DRAFT)):
            content = Revision.objects.get(pk=revision.pk).content
            content["body"] = json.dumps(old_body(table))
            Revision.objects.filter(pk=revision.pk).update(content=content)

        migrate(AFTER)
    finally:
        migrate(AFTER)

    page = TreatmentPage.objects.get(pk=page.pk)
    assert [b.block_type for b in page.body] == ["heading", "table"]
    assert structured(page.body[1].value) == expected(OLD_LIVE)

    live = Revision.objects.get(pk=published.pk).as_object()
    assert structured(live.body[1].value) == expected(OLD_LIVE)
    latest = page.get_latest_revision_as_object()
    assert latest.latest_revision_id == draft.pk or page.latest_revision_id == draft.pk
    assert structured(latest.body[1].value) == expected(OLD_DRAFT)

    # The cells are stored as list items with ids, so wagtail-localize sees
    # each of them as a segment; and the page renders the same table.
    stored = TreatmentPage.objects.filter(pk=page.pk).values_list("body", flat=True)
    table = [b for b in stored[0].raw_data if b["type"] == "table"][0]["value"]
    assert all(item["type"] == "item" and item["id"] for item in table["header"])
    soup = BeautifulSoup(page.body[1].render(), "html.parser")
    assert soup.caption.get_text() == "Routes compared"
    assert [th.get_text() for th in soup.select("thead th[scope=col]")] == [
        "Route",
        "Sessions",
        "",
    ]
    assert [th.get_text() for th in soup.select("tbody th[scope=row]")] == [
        "Intravenous",
        "<b>Intrathecal</b>",
        "Intranasal",
    ]
    assert "Lumbar<br/>puncture" in str(soup.tbody)
    assert soup.tbody.find("b") is None


def test_migration_is_idempotent(demo):
    """Applied to tables already structured, it changes nothing."""
    before = TreatmentPage.objects.filter(pk=demo.pk).values_list("body", flat=True)
    before = list(before[0].raw_data)
    apps = MigrationExecutor(connection).loader.project_state(AFTER).apps
    migration.forwards(apps, None)
    after = TreatmentPage.objects.filter(pk=demo.pk).values_list("body", flat=True)
    assert list(after[0].raw_data) == before
