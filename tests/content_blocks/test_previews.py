"""Block picker previews: every block a treatment page offers shows a live one.

The picker loads ``/admin/block-preview/?id=<block definition id>`` (the
``blockDefId`` each block's JavaScript definition carries, which is its
``definition_prefix``) into a frame; these tests ask for it as an editor does
and read the page back: the public site's stylesheets, the article wrappers of
a treatment page, and the block's preview value rendered inside them.
"""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from wagtail.blocks import Block
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site
from wagtail.utils.templates import template_is_overridden

from clinic.models import ClinicSettings
from doctors.models import Doctor
from treatments.models import TreatmentPage

# The stream block the page editor is built from, so the ids are the picker's.
STREAM = TreatmentPage._meta.get_field("body").stream_block
NAMES = list(STREAM.child_blocks)


def text_of(element):
    """The element's text with runs of white space collapsed."""
    return " ".join(element.get_text().split())


def html_text(html):
    return text_of(BeautifulSoup(html, "html.parser"))


def preview_url(block):
    return reverse("wagtailadmin_block_preview") + f"?id={block.definition_prefix}"


def get_preview(client, name):
    """The preview page of the named block, and the block as rendered in it."""
    response = client.get(preview_url(STREAM.child_blocks[name]))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    body = soup.select_one(
        "main article.wrap.wrap--wide.article > .article__layout > .article__body"
    )
    assert body is not None, "the block sits in a treatment page's article body"
    rendered = body.find("div", class_=f"block-{name}")
    assert rendered is not None
    return response, soup, rendered


# What each preview must show, read from the block's own preview value ---------


def check_heading(rendered, value):
    heading = rendered.find(value["level"])
    assert heading is not None
    assert heading.get_text() == value["text"]


def check_paragraph(rendered, value):
    paragraphs = rendered.select(".rich-text p")
    expected = BeautifulSoup(value, "html.parser").find_all("p")
    assert [text_of(p) for p in paragraphs] == [text_of(p) for p in expected]
    assert paragraphs


def check_table(rendered, value):
    assert rendered.find("caption").get_text() == value["caption"]
    head_cells = [th.get_text() for th in rendered.select("thead th")]
    assert head_cells == value["header"]
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in rendered.tbody("tr")]
    assert rows == [row["cells"] for row in value["rows"]]


def check_doctor_quote(rendered, value):
    assert text_of(rendered.blockquote) == " ".join(value["quote"].split())
    assert rendered.find("figcaption") is None


def check_case_study(rendered, value):
    section = rendered.find("section", class_="case-study")
    assert section.find(value["heading_level"]).get_text() == value["label"]
    assert section.find("p", class_="badge") is not None
    assert " ".join(value["narrative"].split()) in text_of(section)
    details = [dd.get_text() for dd in section.find_all("dd")]
    keys = ["patient_age", "classification", "intervention", "outcome"]
    assert details == [value[key] for key in keys]


def check_faq(rendered, value):
    questions = [summary.get_text() for summary in rendered.select("details summary")]
    assert questions == [item["question"] for item in value["items"]]
    answers = [text_of(answer) for answer in rendered.select(".faq__answer")]
    assert answers == [html_text(item["answer"]) for item in value["items"]]


def check_references(rendered, value):
    items = rendered.select("ol.references > li")
    assert len(items) == len(value["items"])
    hrefs = [a["href"] for a in rendered.find_all("a")]
    for li, ref in zip(items, value["items"], strict=True):
        assert li.find("cite").get_text() == ref["title"]
        if ref["pubmed_id"]:
            assert f"https://pubmed.ncbi.nlm.nih.gov/{ref['pubmed_id']}/" in hrefs
        if ref["doi"]:
            assert f"https://doi.org/{ref['doi']}" in hrefs


def check_callout(rendered, value):
    aside = rendered.find("aside", class_=f"callout--{value['kind']}")
    assert aside is not None
    assert text_of(aside.find(value["heading_level"])).endswith(value["heading"])
    assert html_text(value["text"]) in text_of(aside)


def check_image(rendered, value):
    figure = rendered.find("figure")
    assert figure.find("figcaption").get_text() == value["caption"]
    img = figure.find("img")
    if Image.objects.exists():
        assert img is not None
        assert img["alt"] == value["alt_text"]
    else:
        assert img is None


CHECKS = {
    "heading": check_heading,
    "paragraph": check_paragraph,
    "table": check_table,
    "doctor_quote": check_doctor_quote,
    "case_study": check_case_study,
    "faq": check_faq,
    "references": check_references,
    "callout": check_callout,
    "image": check_image,
}


def test_every_block_has_a_check():
    assert set(CHECKS) == set(NAMES)


# The picker's requirements ---------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_block_is_previewable_with_icon_template_and_description(name):
    block = STREAM.child_blocks[name]

    assert block.is_previewable
    assert hasattr(block.meta, "preview_value")
    assert str(block.get_description()).strip()
    assert block.meta.icon and block.meta.icon != "placeholder"
    assert get_template(block.meta.template) is not None
    # The picker asks for the block by this id.
    assert Block.definition_registry[block.definition_prefix] is block


def test_the_project_overrides_the_global_preview_template():
    """Without the override no block is previewable (``Block.is_previewable``)."""
    template = get_template(Block.DEFAULT_PREVIEW_TEMPLATE)

    assert template_is_overridden(Block.DEFAULT_PREVIEW_TEMPLATE, "templates")
    assert Path(template.origin.name) == (
        Path(settings.BASE_DIR) / "templates" / Block.DEFAULT_PREVIEW_TEMPLATE
    )


# The preview pages -----------------------------------------------------------


def assert_site_styles_and_no_inline_code(soup):
    stylesheets = [link["href"] for link in soup.select('link[rel="stylesheet"]')]
    theme = ClinicSettings.for_site(Site.objects.get(is_default_site=True))
    assert static("css/site.css") in stylesheets
    assert f"{reverse('theme_css')}?v={theme.theme_version}" in stylesheets
    # The Content Security Policy forbids inline styles and scripts.
    assert soup.find("style") is None
    assert soup.find(style=True) is None
    assert all(script.get("src") for script in soup.find_all("script"))


@pytest.mark.parametrize("name", NAMES)
def test_preview_renders_the_block_as_on_a_treatment_page(admin_client, demo, name):
    block = STREAM.child_blocks[name]

    _response, soup, rendered = get_preview(admin_client, name)

    assert_site_styles_and_no_inline_code(soup)
    CHECKS[name](rendered, block.meta.preview_value)


def test_doctor_quote_preview_puts_no_words_in_a_real_doctors_mouth(admin_client, demo):
    doctor = Doctor.objects.filter(locale__language_code="en").first()
    assert doctor is not None

    _response, _soup, rendered = get_preview(admin_client, "doctor_quote")

    assert rendered.find("blockquote") is not None
    assert doctor.name not in text_of(rendered)


def test_image_preview_uses_the_first_image_of_the_library(admin_client, db):
    Image.objects.create(title="Physiotherapy", file=get_test_image_file())
    block = STREAM.child_blocks["image"]

    _response, soup, rendered = get_preview(admin_client, "image")

    assert rendered.find("picture") is not None
    check_image(rendered, block.meta.preview_value)
    assert_site_styles_and_no_inline_code(soup)


@pytest.mark.parametrize("name", NAMES)
def test_preview_answers_with_no_doctor_and_no_image(admin_client, db, name):
    assert not Doctor.objects.exists()
    assert not Image.objects.exists()
    block = STREAM.child_blocks[name]

    _response, soup, rendered = get_preview(admin_client, name)

    assert_site_styles_and_no_inline_code(soup)
    CHECKS[name](rendered, block.meta.preview_value)


def test_quote_without_doctor_has_no_attribution(admin_client, db):
    _response, _soup, rendered = get_preview(admin_client, "doctor_quote")

    assert rendered.find("blockquote") is not None
    assert rendered.find("figcaption") is None
    assert rendered.find("a") is None


@pytest.mark.parametrize("name", NAMES)
def test_preview_value_is_one_an_editor_could_save(demo, name):
    """The preview shows a valid block: it passes the block's own validation
    once the choosers the preview leaves empty on purpose are filled."""
    if name == "image":
        Image.objects.create(title="Physiotherapy", file=get_test_image_file())
    block = STREAM.child_blocks[name]

    value = block.get_preview_value()
    if name == "doctor_quote":
        value["doctor"] = Doctor.objects.filter(locale__language_code="en").first()
    block.clean(value)


def test_preview_needs_an_admin_login(client, db):
    response = client.get(preview_url(STREAM.child_blocks["heading"]))

    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]
