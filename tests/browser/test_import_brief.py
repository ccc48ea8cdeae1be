"""An editor imports a Word brief in the real admin and opens the draft."""

import re

from treatments.models import TreatmentIndexPage, TreatmentPage

from ..briefs.briefs import KNEE
from .conftest import DESKTOP, screenshot

PASSWORD = "correct horse battery staple"


def knee_docx():
    """The knee brief as a Word document: heading styles, a real table."""
    import io

    import docx

    lines = KNEE.strip().splitlines()
    document = docx.Document()
    document.add_paragraph(lines[0])
    document.add_paragraph(lines[1])
    document.add_heading(lines[2], level=0)
    table_rows = [line for line in lines if line.startswith("|")]
    for line in lines[3:]:
        if line.startswith("|"):
            if line == table_rows[0]:
                cells = [
                    [c.strip() for c in row.strip("|").split("|")] for row in table_rows
                ]
                table = document.add_table(rows=len(cells), cols=len(cells[0]))
                for r, row in enumerate(cells):
                    for c, cell in enumerate(row):
                        table.cell(r, c).text = cell
            continue
        if re.fullmatch(r"[A-Z][^.?:\"]+", line):
            document.add_heading(line, level=2)
        else:
            document.add_paragraph(line)
    data = io.BytesIO()
    document.save(data)
    return data.getvalue()


def test_editor_imports_a_brief_changes_a_level_and_opens_the_draft(
    site, new_page, django_user_model
):
    django_user_model.objects.create_superuser("editor", "e@example.com", PASSWORD)
    index = TreatmentIndexPage.objects.get(locale__language_code="en")
    page = new_page(viewport=DESKTOP)
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(site + "/admin/")

    page.goto(f"{site}/admin/pages/{index.pk}/")
    # In the header's actions menu of the treatments index.
    page.locator("#w-slim-header-buttons").get_by_role("button", name="Actions").click()
    page.get_by_role("link", name="Import a brief").click()
    page.wait_for_url(f"{site}/admin/briefs/import/{index.pk}/")

    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "knee.docx",
                "mimeType": "application/vnd.openxmlformats-officedocument"
                ".wordprocessingml.document",
                "buffer": knee_docx(),
            }
        ],
    )
    page.get_by_role("button", name="Read the brief").click()
    page.locator("[data-brief-title]").wait_for()
    assert page.locator("[data-brief-title]").inner_text() == (
        "PRP Therapy for Knee Osteoarthritis"
    )
    assert page.locator("[data-block-type='table'] tbody tr").count() == 2
    assert page.get_by_text("No match: choose one").count() == 1
    # "Results From Our Clinic" becomes a subsection.
    second_heading = page.locator("[data-block-type='heading'] select").nth(1)
    second_heading.select_option("h3")
    screenshot(page, "import-brief-preview")
    page.get_by_role("button", name="Create draft").click()

    page.wait_for_url(re.compile(r".*/admin/pages/\d+/edit/$"))
    assert page.locator("#id_title").input_value() == (
        "PRP Therapy for Knee Osteoarthritis"
    )
    draft = TreatmentPage.objects.get(title="PRP Therapy for Knee Osteoarthritis")
    assert not draft.live
    levels = [b.value["level"] for b in draft.body if b.block_type == "heading"]
    assert levels == ["h2", "h3", "h2", "h2"]
    assert [b.block_type for b in draft.body].count("table") == 1
