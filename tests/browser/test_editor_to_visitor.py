"""An editor writes a treatment page in the real admin; a visitor finds and reads it.

The editor is a superuser: treatment pages go through the "Medical review"
workflow, and an administrator may publish without it (tests/reviews covers
the review itself). Every block type of the body is added through the block
picker, filled in with the keyboard and the choosers, previewed, published;
then an anonymous visitor searches for it from the header and reads it.
"""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from treatments.models import TreatmentIndexPage, TreatmentPage

from .conftest import DESKTOP, screenshot

PASSWORD = "correct horse battery staple"
TITLE = "Hyperbaric Oxygen Sessions for Spasticity"
SLUG = "hyperbaric-oxygen-sessions-for-spasticity"
TEXT = {
    "heading": "How the sessions work",
    "paragraph": "Oxygen is breathed under raised pressure in a chamber.",
    "quote": "Every child responds differently to pressure.",
    "case_narrative": "The family came after two years of physiotherapy.",
    "case_label": "Case A",
    "question": "How many sessions are needed?",
    "answer": "Usually forty, five a week.",
    "reference": "Hyperbaric oxygen for cerebral palsy: a trial",
    "callout_heading": "Not a cure",
    "callout_text": "Results vary between patients.",
    "alt": "A child in a hyperbaric chamber with a parent",
}
TABLE = {
    "caption": "Routes compared",
    "header": ["Method", "Sessions"],
    "rows": [["Intrathecal injection", "4"], ["Intravenous infusion", "1"]],
}


@pytest.fixture
def editor(site, django_user_model):
    user = django_user_model.objects.create_superuser(
        "editor", "editor@example.com", PASSWORD
    )
    image = Image.objects.create(
        title="Hyperbaric chamber", file=get_test_image_file(size=(800, 600))
    )
    return user, image


def insert_block(page, label):
    page.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name=label, exact=True).click()


def append_item(page, prefix):
    """Click the last "Add" button of the list block ``prefix``: a new item at
    its end, whose fields are named ``prefix-N-value`` (N counts up from the
    items the list started with)."""
    page.locator(
        f"xpath=//input[@name='{prefix}-count']/parent::div"
        "//button[@data-streamfield-list-add]"
    ).last.click()


def fill_list(page, prefix, texts):
    """Type ``texts`` into the list block ``prefix`` of text blocks, adding
    an item for each text after the one the new list starts with."""
    for number, text in enumerate(texts):
        if number:
            append_item(page, prefix)
        page.fill(f"#{prefix}-{number}-value", text)


def rich_text(page, input_id, text):
    editor = page.locator(
        f"xpath=//input[@id='{input_id}']/ancestor::div"
        "[contains(@class, 'Draftail-Editor__wrapper') or"
        " contains(@class, 'w-field__input')][1]//div[@role='textbox']"
    )
    editor.click()
    page.keyboard.type(text)


def choose(page, input_id, item_name):
    """Pick ``item_name`` in the chooser modal of the widget holding ``input_id``.

    A block just inserted wires its chooser button up a moment after the
    button shows; on a busy machine a click in between does nothing. So the
    button is clicked until the modal opens (three tries), not once.
    """
    button = page.locator(
        f"xpath=//input[@id='{input_id}']/ancestor::div[.//button][1]"
        "//button[contains(normalize-space(.), 'Choose')]"
    ).first
    modal = page.locator(".modal")
    for attempt in range(3):
        try:
            if not modal.first.is_visible():
                button.click(timeout=10_000)
            modal.first.wait_for(state="visible", timeout=10_000)
            break
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
    modal.locator(
        f"a[data-chooser-modal-choice]:has-text('{item_name}'),"
        f" a[data-chooser-modal-choice][title*='{item_name}']"
    ).first.click()
    modal.wait_for(state="hidden")


def write_page(page, image):
    page.fill("#id_title", TITLE)
    page.fill("#id_condition_name", "Cerebral palsy")
    page.fill("#id_summary", "What hyperbaric oxygen sessions are and who they help.")

    insert_block(page, "Heading")
    page.fill("#body-0-value-text", TEXT["heading"])

    insert_block(page, "Paragraph")
    rich_text(page, "body-1-value", TEXT["paragraph"])

    insert_block(page, "Table")
    table = "body-2-value"
    page.fill(f"#{table}-caption", TABLE["caption"])
    fill_list(page, f"{table}-header", TABLE["header"])
    for number, cells in enumerate(TABLE["rows"]):
        if number:
            append_item(page, f"{table}-rows")
        fill_list(page, f"{table}-rows-{number}-value-cells", cells)
    page.locator(f"#{table}-first_col_is_header").check()

    insert_block(page, "Doctor quote")
    page.fill("#body-3-value-quote", TEXT["quote"])
    choose(page, "body-3-value-doctor", "Özek")

    insert_block(page, "Case study")
    page.fill("#body-4-value-label", TEXT["case_label"])
    page.fill("#body-4-value-patient_age", "5 years")
    page.fill("#body-4-value-classification", "GMFCS Level 4")
    page.fill("#body-4-value-narrative", TEXT["case_narrative"])
    page.locator("#body-4-value-anonymised").check()

    insert_block(page, "Faq")
    page.fill("#body-5-value-items-0-value-question", TEXT["question"])
    rich_text(page, "body-5-value-items-0-value-answer", TEXT["answer"])

    insert_block(page, "References")
    page.fill("#body-6-value-items-0-value-title", TEXT["reference"])
    page.fill("#body-6-value-items-0-value-pubmed_id", "31234567")

    insert_block(page, "Callout")
    page.select_option("#body-7-value-kind", "warning")
    page.fill("#body-7-value-heading", TEXT["callout_heading"])
    rich_text(page, "body-7-value-text", TEXT["callout_text"])

    insert_block(page, "Image")
    choose(page, "body-8-value-image", image.title)
    page.fill("#body-8-value-alt_text", TEXT["alt"])


def test_editor_publishes_every_block_and_a_visitor_finds_and_reads_it(
    site, editor, new_page, settings
):
    # Wagtail autosaves a new page as a draft 500 ms after each change. At the
    # test's speed an autosave was sometimes still creating the page when
    # "Publish" was clicked, and the create view refused the slug as taken (a
    # form error; nothing lost). That race is Wagtail's, and this test is
    # about the blocks, so it publishes without autosave.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    _user, image = editor
    index = TreatmentIndexPage.objects.get(locale__language_code="en")
    page = new_page(viewport=DESKTOP)
    try:
        page.goto(site + "/admin/login/")
        page.fill("#id_username", "editor")
        page.fill("#id_password", PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(site + "/admin/")

        page.goto(f"{site}/admin/pages/add/treatments/treatmentpage/{index.pk}/")
        write_page(page, image)

        page.get_by_role("button", name="Toggle preview").click()
        # The preview loads in a second frame that then replaces the first.
        preview = page.frame_locator("iframe[title='Preview']").last
        preview.get_by_text(TEXT["heading"]).first.wait_for()
        assert preview.get_by_text(TEXT["question"]).count() == 1

        publish = page.locator("button[name='action-publish']")
        if not publish.is_visible():
            page.locator("footer").get_by_role("button", name="More actions").click()
        publish.click()
        page.get_by_text(f"Page '{TITLE}' created and published").first.wait_for()
    except Exception as error:
        screenshot(page, "failure-editor")
        errors = [
            text.strip()
            for text in page.locator(".error-message").all_inner_texts()
            if text.strip()
        ]
        where = page.evaluate(
            "() => [...document.querySelectorAll('.error-message')]"
            ".map(e => (e.closest('[data-field-wrapper], .w-field') || e)"
            ".querySelector('label, input, select, textarea')?.outerHTML)"
        )
        # Playwright's call log says which element it waited for and why
        # (hidden, covered by another, detached): the lines that tell a
        # failure under CI apart from a slow machine.
        lines = str(error).splitlines() or [repr(error)]
        raise AssertionError(
            f"editor failed: {lines[0]}; form errors: {errors} {where}\n"
            + "\n".join(lines[1:25])
        ) from None

    created = TreatmentPage.objects.get(slug=SLUG, locale__language_code="en")
    assert created.live
    assert [block.block_type for block in created.body] == [
        "heading",
        "paragraph",
        "table",
        "doctor_quote",
        "case_study",
        "faq",
        "references",
        "callout",
        "image",
    ]
    table = created.body[2].value
    assert table["caption"] == TABLE["caption"]
    assert list(table["header"]) == TABLE["header"]
    assert [list(row["cells"]) for row in table["rows"]] == TABLE["rows"]
    assert table["first_col_is_header"] is True
    # The demo has each doctor in Turkish too; the chooser offers the English one.
    assert created.body[3].value["doctor"].locale.language_code == "en"

    visitor = new_page(viewport=DESKTOP)
    visitor.goto(site + "/")
    search = visitor.get_by_role("search").get_by_label("Search the site")
    search.fill("hyperbaric spasticity")
    search.press("Enter")
    visitor.wait_for_url("**/search/?q=hyperbaric*")
    visitor.locator("main").get_by_role("link", name=TITLE).first.click()
    visitor.wait_for_url(f"**/treatments/{SLUG}/")
    main = visitor.locator("main")
    assert main.locator("h1").inner_text() == TITLE
    for key in (
        "heading",
        "paragraph",
        "quote",
        "case_narrative",
        "question",
        "reference",
        "callout_heading",
        "callout_text",
    ):
        assert main.get_by_text(TEXT[key]).first.is_visible(), key
    table = main.locator("table", has=visitor.locator("caption"))
    assert table.is_visible()
    assert table.locator("caption").inner_text() == TABLE["caption"]
    assert table.locator("thead th[scope='col']").all_inner_texts() == TABLE["header"]
    assert [
        row.locator("th, td").all_inner_texts()
        for row in table.locator("tbody tr").all()
    ] == TABLE["rows"]
    assert table.locator("tbody th[scope='row']").all_inner_texts() == [
        row[0] for row in TABLE["rows"]
    ]
    main.get_by_text(TEXT["question"]).click()
    assert main.get_by_text(TEXT["answer"]).is_visible()
    assert main.locator(f"img[alt='{TEXT['alt']}']").count() == 1
    screenshot(visitor, "editor-created-page-1280")
