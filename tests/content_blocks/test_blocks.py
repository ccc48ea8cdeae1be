"""Block unit tests: build a value, clean it, render it and read the HTML back.

The HTML is parsed with BeautifulSoup so the tests check structure (which
element, which attribute, which parent), not just that a substring appears.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.template.loader import get_template
from django.utils.text import slugify
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from content_blocks import (
    CalloutBlock,
    CaptionedImageBlock,
    CaseStudyBlock,
    DataTableBlock,
    DoctorQuoteBlock,
    FAQBlock,
    HeadingBlock,
    ParagraphBlock,
    ReferenceBlock,
    ReferencesBlock,
)
from content_blocks.tables import table_value, trim_empty_cells
from doctors.models import Doctor
from treatments.blocks import TreatmentStreamBlock


def render(block, raw):
    """Clean the raw (JSON-style) value, render it and parse the HTML."""
    value = block.clean(block.to_python(raw))
    return BeautifulSoup(block.render(value), "html.parser")


def text_of(element):
    """The element's text with runs of white space collapsed."""
    return " ".join(element.get_text().split())


# Heading ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "expected", "absent"), [("h2", "h2", "h3"), ("h3", "h3", "h2")]
)
def test_heading_level_chooses_the_element(level, expected, absent):
    soup = render(HeadingBlock(), {"text": "How the treatment works", "level": level})

    heading = soup.find(expected)
    assert heading is not None
    assert soup.find(absent) is None
    assert heading.get_text() == "How the treatment works"
    assert heading["id"] == "how-the-treatment-works"


def test_heading_defaults_to_h2():
    soup = render(HeadingBlock(), {"text": "Results"})

    assert [tag.name for tag in soup.find_all(True)] == ["h2"]
    assert soup.h2["id"] == "results"


def test_heading_id_is_the_slug_of_the_text():
    text = "Is the Therapy Safe? Risks & Side-Effects"
    soup = render(HeadingBlock(), {"text": text, "level": "h2"})

    assert soup.h2["id"] == slugify(text)
    assert soup.h2["id"] == "is-the-therapy-safe-risks-side-effects"


def test_heading_text_is_escaped():
    payload = "<script>alert(1)</script>"
    block = HeadingBlock()
    html = block.render(block.clean(block.to_python({"text": payload, "level": "h3"})))
    soup = BeautifulSoup(html, "html.parser")

    assert soup.find("script") is None
    assert soup.h3 is not None
    assert soup.h3.get_text() == payload
    assert "&lt;script&gt;" in html
    assert soup.h3["id"] == "scriptalert1script"


# Paragraph ----------------------------------------------------------------


def test_paragraph_renders_its_paragraphs():
    raw = "<p>Regenerative <b>medicine</b> aims to repair tissue.</p><p>Second.</p>"
    soup = render(ParagraphBlock(), raw)

    wrapper = soup.find("div", class_="rich-text")
    assert wrapper is not None
    paragraphs = wrapper.find_all("p")
    assert [p.get_text() for p in paragraphs] == [
        "Regenerative medicine aims to repair tissue.",
        "Second.",
    ]
    assert paragraphs[0].b.get_text() == "medicine"


# Data table ---------------------------------------------------------------

TABLE_DATA = [
    ["Measure", "Before", "After"],
    ["GMFCS level", "4", "3"],
    ["<b>Sitting</b>", "No", "Yes"],
    ["Speech", "Two words", None],
]


def table_raw(caption="Outcomes after six months"):
    return table_value(TABLE_DATA[0], TABLE_DATA[1:], caption=caption)


def test_data_table_sits_in_a_focusable_scroll_region():
    soup = render(DataTableBlock(), table_raw())

    box = soup.find("div", class_="table-scroll")
    assert box is not None
    assert box["tabindex"] == "0"
    assert box["role"] == "region"
    assert box["aria-label"] == "Outcomes after six months"
    assert box.find("table") is not None
    assert len(soup.find_all("table")) == 1


def test_data_table_caption_is_rendered_when_set():
    soup = render(DataTableBlock(), table_raw())

    captions = soup.table.find_all("caption")
    assert [c.get_text() for c in captions] == ["Outcomes after six months"]


def test_data_table_has_no_caption_when_none_is_set():
    soup = render(DataTableBlock(), table_raw(caption=""))

    assert soup.find("table") is not None
    assert soup.find("caption") is None
    # The scroll region still needs an accessible name.
    assert soup.find("div", class_="table-scroll")["aria-label"] == "Table"


def test_data_table_first_row_is_the_column_header():
    soup = render(DataTableBlock(), table_raw())

    head_cells = soup.table.thead.find_all("th")
    assert [th.get_text() for th in head_cells] == ["Measure", "Before", "After"]
    assert all(th["scope"] == "col" for th in head_cells)
    assert soup.table.thead.find("td") is None


def test_data_table_data_rows_are_td_in_tbody():
    soup = render(DataTableBlock(), table_raw())

    rows = soup.table.tbody.find_all("tr")
    assert len(rows) == 3
    assert soup.table.tbody.find("th") is None
    cells = [[td.get_text() for td in row.find_all("td")] for row in rows]
    assert cells == [
        ["GMFCS level", "4", "3"],
        ["<b>Sitting</b>", "No", "Yes"],
        ["Speech", "Two words", ""],
    ]


def test_data_table_cell_markup_is_escaped():
    block = DataTableBlock()
    html = block.render(block.clean(block.to_python(table_raw())))
    soup = BeautifulSoup(html, "html.parser")

    assert soup.table.find("b") is None
    assert "&lt;b&gt;Sitting&lt;/b&gt;" in html


def test_data_table_searchable_content_has_caption_and_every_cell():
    block = DataTableBlock()
    value = block.clean(block.to_python(table_raw()))
    content = [text for text in block.get_searchable_content(value) if text]

    assert content[0] == "Outcomes after six months"
    expected_cells = [cell for row in TABLE_DATA for cell in row if cell]
    assert content[1:] == expected_cells


def test_data_table_searchable_content_without_caption():
    block = DataTableBlock()
    value = block.clean(block.to_python(table_raw(caption="")))

    assert [text for text in block.get_searchable_content(value) if text] == [
        cell for row in TABLE_DATA for cell in row if cell
    ]


# Doctor quote -------------------------------------------------------------


@pytest.fixture
def doctor(db):
    return Doctor.objects.create(
        honorific="Prof. Dr.",
        name="Erdinç Özek",
        specialty="Neonatology",
    )


@pytest.mark.django_db
def test_doctor_quote_is_a_figure_attributed_to_the_doctor(doctor):
    block = DoctorQuoteBlock()
    value = block.clean(
        block.to_python({"quote": "Every child deserves a plan.", "doctor": doctor.pk})
    )
    soup = BeautifulSoup(block.render(value), "html.parser")

    figure = soup.find("figure")
    assert figure is not None
    assert text_of(figure.blockquote) == "Every child deserves a plan."
    caption = figure.find("figcaption")
    assert caption is not None
    assert "Prof. Dr. Erdinç Özek" in text_of(caption)
    assert caption.find("span", class_="doctor-quote__specialty").get_text() == (
        "Neonatology"
    )
    # No profile URL given, so the name is not a link.
    assert caption.find("a") is None


@pytest.mark.django_db
def test_doctor_quote_accepts_the_instance_and_links_the_profile(doctor):
    doctor.profile_url = "https://example.org/doctors/ozek/"
    doctor.save()
    block = DoctorQuoteBlock()
    value = block.to_python({"quote": "Quote <em>here</em>", "doctor": None})
    value["doctor"] = doctor
    soup = BeautifulSoup(block.render(value), "html.parser")

    link = soup.figure.figcaption.find("a")
    assert link is not None
    assert link["href"] == "https://example.org/doctors/ozek/"
    assert link.get_text() == "Prof. Dr. Erdinç Özek"
    assert soup.blockquote.find("em") is None
    assert text_of(soup.blockquote) == "Quote <em>here</em>"


# Case study ---------------------------------------------------------------

CASE = {
    "label": "Case A",
    "patient_age": "5 years",
    "classification": "GMFCS Level 4",
    "intervention": "Two intrathecal applications",
    "outcome": "Sits without support",
    "narrative": "A five-year-old child came to the clinic unable to sit.",
    "anonymised": True,
}


def test_case_study_renders_label_marker_narrative_and_facts():
    soup = render(CaseStudyBlock(), CASE)

    section = soup.find("section", class_="case-study")
    assert section is not None
    assert section.find("h4").get_text() == "Case A"
    assert section.find(["h2", "h3", "h5"]) is None
    badge = section.find("p", class_="badge")
    assert badge is not None
    assert "Anonymised" in badge.get_text()
    paragraphs = [text_of(p) for p in section.find_all("p")]
    assert CASE["narrative"] in paragraphs

    facts = section.find("dl")
    assert facts is not None
    terms = [dt.get_text() for dt in facts.find_all("dt")]
    details = [dd.get_text() for dd in facts.find_all("dd")]
    assert terms == ["Age", "Classification", "Intervention", "Outcome"]
    assert details == [
        "5 years",
        "GMFCS Level 4",
        "Two intrathecal applications",
        "Sits without support",
    ]


@pytest.mark.parametrize("level", ["h3", "h5"])
def test_case_study_label_uses_the_chosen_level(level):
    soup = render(CaseStudyBlock(), {**CASE, "heading_level": level})

    assert soup.find(level).get_text() == "Case A"
    assert soup.find("h4") is None


def test_case_study_without_facts_has_no_definition_list():
    raw = {"label": "Case B", "narrative": "Narrative only.", "anonymised": True}
    soup = render(CaseStudyBlock(), raw)

    assert soup.find("dl") is None
    assert soup.find("dt") is None
    assert soup.h4.get_text() == "Case B"
    assert "Narrative only." in [text_of(p) for p in soup.find_all("p")]


def test_case_study_renders_only_the_facts_given():
    raw = {"label": "Case C", "narrative": "N.", "patient_age": "7 years"}
    soup = render(CaseStudyBlock(), {**raw, "anonymised": True})

    assert [dt.get_text() for dt in soup.dl.find_all("dt")] == ["Age"]
    assert [dd.get_text() for dd in soup.dl.find_all("dd")] == ["7 years"]


def test_case_study_clean_rejects_a_case_not_confirmed_anonymised():
    block = CaseStudyBlock()
    value = block.to_python({**CASE, "anonymised": False})

    with pytest.raises(ValidationError) as caught:
        block.clean(value)
    assert "anonymised" in caught.value.block_errors


def test_case_study_clean_accepts_an_anonymised_case():
    block = CaseStudyBlock()
    value = block.clean(block.to_python(CASE))

    assert value["anonymised"] is True
    assert value["heading_level"] == "h4"


# FAQ ----------------------------------------------------------------------

FAQ = {
    "items": [
        {
            "question": "How long does the treatment take?",
            "answer": "<p>About <b>five days</b> in the clinic.</p>",
        },
        {
            "question": "Is it painful?",
            "answer": "<p>The procedure is done under sedation.</p>",
        },
    ]
}


def test_faq_renders_one_details_per_question():
    soup = render(FAQBlock(), FAQ)

    items = soup.find_all("details")
    assert len(items) == 2
    for details, item in zip(items, FAQ["items"], strict=True):
        summary = details.find("summary")
        assert summary is not None
        assert summary.get_text() == item["question"]
        answer = details.find("div", class_="faq__answer")
        assert answer is not None
        assert str(answer.p) == item["answer"]
    assert items[0].find("b").get_text() == "five days"


def test_faq_searchable_content_has_questions_and_answers():
    block = FAQBlock()
    value = block.clean(block.to_python(FAQ))
    content = " ".join(str(part) for part in block.get_searchable_content(value))

    assert "How long does the treatment take?" in content
    assert "Is it painful?" in content
    assert "five days" in content
    assert "done under sedation" in content


# References ---------------------------------------------------------------


def test_reference_clean_rejects_an_item_with_no_way_to_find_it():
    block = ReferenceBlock()
    value = block.to_python({"title": "A study", "source": "Some journal"})

    with pytest.raises(ValidationError) as caught:
        block.clean(value)
    assert set(caught.value.block_errors) == {"url"}


def test_reference_clean_rejects_a_non_numeric_pubmed_id():
    block = ReferenceBlock()
    value = block.to_python({"title": "A study", "pubmed_id": "PMC1234"})

    with pytest.raises(ValidationError) as caught:
        block.clean(value)
    assert set(caught.value.block_errors) == {"pubmed_id"}


def test_reference_clean_rejects_a_doi_not_starting_with_10():
    block = ReferenceBlock()
    value = block.to_python({"title": "A study", "doi": "11.1000/xyz"})

    with pytest.raises(ValidationError) as caught:
        block.clean(value)
    assert set(caught.value.block_errors) == {"doi"}


@pytest.mark.parametrize(
    "raw",
    [
        {"url": "https://example.org/study"},
        {"pubmed_id": "31234567"},
        {"doi": "10.1016/j.jcyt.2020.01.001"},
    ],
)
def test_reference_clean_accepts_any_one_identifier(raw):
    block = ReferenceBlock()
    value = block.clean(block.to_python({"title": "A study", **raw}))

    assert value["title"] == "A study"
    for key, expected in raw.items():
        assert value[key] == expected


REFERENCES = {
    "items": [
        {
            "title": "Cell therapy in cerebral palsy",
            "source": "Cytotherapy",
            "url": "https://example.org/study",
            "pubmed_id": "31234567",
            "doi": "10.1016/j.jcyt.2020.01.001",
        },
        {"title": "A second study", "pubmed_id": "7654321"},
    ]
}


def test_references_render_a_numbered_list_with_links():
    soup = render(ReferencesBlock(), REFERENCES)

    ol = soup.find("ol", class_="references")
    assert ol is not None
    items = ol.find_all("li", recursive=False)
    assert [li["id"] for li in items] == ["ref-1", "ref-2"]

    first = {a["href"]: a.get_text() for a in items[0].find_all("a")}
    assert first == {
        "https://example.org/study": "Cell therapy in cerebral palsy",
        "https://pubmed.ncbi.nlm.nih.gov/31234567/": "PMID 31234567",
        "https://doi.org/10.1016/j.jcyt.2020.01.001": "doi:10.1016/j.jcyt.2020.01.001",
    }
    assert "Cytotherapy" in items[0].find("span", class_="references__source").text

    # No URL: the title is a <cite>, and only the PubMed link is given.
    assert items[1].find("cite").get_text() == "A second study"
    assert [a["href"] for a in items[1].find_all("a")] == [
        "https://pubmed.ncbi.nlm.nih.gov/7654321/"
    ]
    assert items[1].find("span", class_="references__source") is None


# Callout ------------------------------------------------------------------


def test_callout_has_the_kind_class_and_heading_at_the_chosen_level():
    raw = {
        "kind": "warning",
        "heading": "Before you travel",
        "heading_level": "h4",
        "text": "<p>Bring your child's medical records.</p>",
    }
    soup = render(CalloutBlock(), raw)

    aside = soup.find("aside")
    assert aside is not None
    assert "callout--warning" in aside["class"]
    heading = aside.find("h4")
    assert heading is not None
    assert aside.find(["h3", "h5"]) is None
    hidden = heading.find(class_="visually-hidden")
    assert hidden is not None
    assert hidden.get_text().strip() == "Warning:"
    assert text_of(heading) == "Warning: Before you travel"
    assert aside.find("p").get_text() == "Bring your child's medical records."


@pytest.mark.parametrize(
    ("kind", "announced"),
    [("info", "Information:"), ("warning", "Warning:"), ("disclaimer", "Disclaimer:")],
)
def test_callout_without_heading_still_announces_its_kind(kind, announced):
    soup = render(CalloutBlock(), {"kind": kind, "text": "<p>Note.</p>"})

    aside = soup.find("aside")
    assert f"callout--{kind}" in aside["class"]
    assert aside.find(["h3", "h4", "h5"]) is None
    hidden = aside.find(class_="visually-hidden")
    assert hidden is not None
    assert hidden.get_text().strip() == announced


def test_callout_heading_defaults_to_h3():
    soup = render(CalloutBlock(), {"heading": "Good to know", "text": "<p>x</p>"})

    assert "callout--info" in soup.aside["class"]
    assert soup.aside.h3 is not None
    assert soup.aside.h3.get_text().endswith("Good to know")
    assert soup.aside.find(["h4", "h5"]) is None


# Captioned image ----------------------------------------------------------


@pytest.fixture
def image(db):
    return Image.objects.create(title="x", file=get_test_image_file())


@pytest.mark.django_db
def test_captioned_image_renders_responsive_img_and_caption(image):
    raw = {
        "image": image.pk,
        "alt_text": "A doctor examining a child's legs",
        "caption": "Physiotherapy after the treatment",
    }
    soup = render(CaptionedImageBlock(), raw)

    figure = soup.find("figure")
    assert figure is not None
    img = figure.find("img")
    assert img is not None
    assert img["alt"] == "A doctor examining a child's legs"
    assert img["loading"] == "lazy"
    assert img["sizes"] == "(min-width: 48rem) 46rem, 100vw"
    # A <picture>: WebP sources, and a JPEG <img> fallback with its own srcset.
    picture = figure.find("picture")
    assert img.parent is picture
    sources = picture.find_all("source")
    assert [source["type"] for source in sources] == ["image/webp"]
    assert sources[0]["sizes"] == img["sizes"]
    for srcset in (sources[0]["srcset"], img["srcset"]):
        candidates = [part.strip() for part in srcset.split(",")]
        assert len(candidates) == 3
        assert all(re.fullmatch(r"\S+ \d+w", candidate) for candidate in candidates)
    assert all(".webp " in c for c in sources[0]["srcset"].split(","))
    assert img["src"].endswith(".jpg")
    assert int(img["width"]) > 0
    assert int(img["height"]) > 0
    assert figure.find("figcaption").get_text() == "Physiotherapy after the treatment"


@pytest.mark.django_db
def test_captioned_image_without_caption_has_no_figcaption(image):
    soup = render(CaptionedImageBlock(), {"image": image.pk, "alt_text": "A chart"})

    assert soup.find("img")["alt"] == "A chart"
    assert soup.find("figcaption") is None


@pytest.mark.django_db
def test_captioned_image_clean_rejects_empty_alt_text(image):
    block = CaptionedImageBlock()
    value = block.to_python({"image": image.pk, "alt_text": "", "caption": "Cap"})

    with pytest.raises(ValidationError) as caught:
        block.clean(value)
    assert "alt_text" in caught.value.block_errors


# Treatment stream ---------------------------------------------------------


def snake_case(name):
    """DataTableBlock -> data_table_block, FAQBlock -> faq_block."""
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    name = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z])", "_", name)
    return name.lower()


def test_snake_case_helper():
    assert snake_case("DataTableBlock") == "data_table_block"
    assert snake_case("FAQBlock") == "faq_block"
    assert snake_case("HeadingBlock") == "heading_block"


def test_treatment_stream_offers_exactly_the_content_blocks():
    assert list(TreatmentStreamBlock().child_blocks) == [
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


@pytest.mark.parametrize("name", list(TreatmentStreamBlock().child_blocks))
def test_treatment_stream_child_has_named_template_and_icon(name):
    child = TreatmentStreamBlock().child_blocks[name]
    expected = f"blocks/{snake_case(type(child).__name__)}.html"

    assert child.meta.template.startswith("blocks/")
    assert child.meta.template == expected
    assert get_template(child.meta.template) is not None
    assert isinstance(child.meta.icon, str)
    assert child.meta.icon
    assert child.meta.icon != "placeholder"


# Anchors, prefixes and multi-paragraph text ---------------------------------


def test_heading_anchor_keeps_turkish_letters_and_never_is_empty():
    from content_blocks.text import heading_anchor

    assert heading_anchor("Sıkça Sorulan Sorular") == "sıkça-sorulan-sorular"
    assert heading_anchor("???") == "section"
    assert render(HeadingBlock(), {"text": "???"}).h2["id"] == "section"


def test_anchored_blocks_makes_repeated_headings_unique():
    from content_blocks import anchored_blocks

    stream_block = TreatmentStreamBlock()
    stream = stream_block.to_python(
        [
            {"type": "heading", "value": {"text": "Results", "level": "h2"}},
            {"type": "paragraph", "value": "<p>x</p>"},
            {"type": "heading", "value": {"text": "Results", "level": "h3"}},
            {"type": "heading", "value": {"text": "Results", "level": "h3"}},
        ]
    )
    anchors = [anchor for _block, anchor in anchored_blocks(stream)]
    assert anchors == ["results", None, "results-2", "results-3"]


def test_heading_renders_the_anchor_the_page_gives_it():
    block = HeadingBlock()
    value = block.to_python({"text": "Results", "level": "h2"})
    soup = BeautifulSoup(block.render(value, {"anchor": "results-2"}), "html.parser")
    assert soup.h2["id"] == "results-2"


def test_callout_with_heading_announces_the_kind_label():
    soup = render(
        CalloutBlock(),
        {"kind": "info", "heading": "Before you travel", "text": "<p>Bring files.</p>"},
    )
    assert text_of(soup.h3.select_one(".visually-hidden")) == "Information:"


def test_case_narrative_and_quote_keep_their_paragraphs(doctor):
    case = render(
        CaseStudyBlock(),
        {
            "label": "Case C",
            "narrative": "First part.\n\nSecond part.",
            "anonymised": True,
        },
    )
    narrative = [
        text_of(p) for p in case.find_all("p") if "badge" not in p.get("class", [])
    ]
    assert narrative == ["First part.", "Second part."]
    quote = render(DoctorQuoteBlock(), {"quote": "One.\n\nTwo.", "doctor": doctor.pk})
    assert [text_of(p) for p in quote.blockquote.find_all("p")] == ["One.", "Two."]


def test_reference_doi_is_url_encoded_in_its_link():
    soup = render(
        ReferencesBlock(),
        {"items": [{"title": "T", "doi": "10.1000/a#b?c"}]},
    )
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert hrefs == ["https://doi.org/10.1000/a%23b%3Fc"]


def test_seed_page_headings_get_unique_ids(client, demo):
    response = client.get("/treatments/stem-cell-therapy-for-cerebral-palsy/")
    soup = BeautifulSoup(response.content, "html.parser")
    ids = [
        h["id"]
        for h in soup.select(".article__body h2[id], .article__body h3[id]")
        if not h.find_parent(class_="cta") and not h.find_parent(class_="enquiry")
    ]
    assert len(ids) == 20 and len(set(ids)) == 20
    assert ids[-2:] == ["frequently-asked-questions", "scientific-references"]


def test_table_leaves_out_the_empty_rows_and_columns_at_its_end():
    raw = table_value(
        ["Method", "Effect", None],
        [["IV", "", None], ["", "Systemic", ""], [None, None, None], ["", " ", None]],
    )
    soup = render(DataTableBlock(), raw)
    assert [th.get_text() for th in soup.select("thead th")] == ["Method", "Effect"]
    body = soup.select("tbody tr")
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in body]
    # The empty cells inside the table are kept; the empty band after it is not.
    assert rows == [["IV", ""], ["", "Systemic"]]
    assert trim_empty_cells([[None, ""], [" "]]) == []
