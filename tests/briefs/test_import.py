"""Reading briefs: the three formats, word for word, Turkish labels, bad input."""

import re
from html import unescape

import pytest

from briefs.builder import stream_data
from briefs.errors import BriefError
from briefs.importer import MAX_BRIEF_BYTES, read_brief, read_brief_file
from briefs.interpret import parse_reference

from .briefs import (
    KNEE,
    KNEE_BLOCKS,
    SEED_LEVELS,
    SEED_TEXT,
    SHOULDER_TR,
    SHOULDER_TR_BLOCKS,
    seed_as_docx,
    seed_as_markdown,
    seed_lines,
    write,
)


def seed_in(format_name):
    if format_name == "text":
        return read_brief(SEED_TEXT, "text", SEED_LEVELS)
    if format_name == "markdown":
        return read_brief(seed_as_markdown(), "markdown")
    return read_brief(seed_as_docx(), "docx")


@pytest.mark.parametrize("format_name", ["text", "markdown", "docx"])
def test_the_seed_in_each_format_gives_the_same_outline_and_blocks(format_name):
    reference = seed_in("text")
    outline = seed_in(format_name)
    assert outline.warnings == []
    assert outline.to_json() == reference.to_json()
    assert stream_data(outline) == stream_data(reference)
    lines = seed_lines()
    assert outline.title == lines[2]
    assert outline.seo_title == lines[0].removeprefix("SEO Title: ")
    assert outline.seo_description == lines[1].removeprefix("SEO Description: ")
    assert outline.summary == lines[3:5]


def test_the_seed_gives_the_43_blocks_of_the_seed_page():
    stream = stream_data(seed_in("text"))
    kinds = [block["type"] for block in stream]
    assert len(stream) == 43
    assert kinds.count("heading") == 20
    assert kinds.count("table") == kinds.count("doctor_quote") == 1
    assert kinds.count("case_study") == 2
    assert kinds.count("faq") == kinds.count("references") == 1
    headings = [
        (b["value"]["text"], b["value"]["level"])
        for b in stream
        if b["type"] == "heading"
    ]
    assert headings == list(SEED_LEVELS.items())
    references = next(b for b in stream if b["type"] == "references")["value"]
    assert references["items"][0]["pubmed_id"] == "31515568"
    assert references["items"][2]["doi"] == "10.3389/fneur.2020.00079"


def test_plain_text_without_an_outline_finds_every_heading():
    outline = read_brief(SEED_TEXT, "text")
    headings = [block["text"] for block in outline.blocks if block["type"] == "heading"]
    assert headings == list(SEED_LEVELS)


def simple(block):
    kind = block["type"]
    if kind == "heading":
        return (kind, block["level"], block["text"])
    if kind == "paragraph":
        return (kind, block["text"])
    if kind == "table":
        return (kind, block["header"], block["rows"])
    if kind == "doctor_quote":
        return (kind, block["doctor"], block["quote"])
    if kind == "case_study":
        return (kind, block["label"], block["text"])
    if kind == "faq":
        return (kind, [(i["question"], i["answer"]) for i in block["items"]])
    return (kind, [(i["source"], i["title"], i["url"]) for i in block["items"]])


@pytest.mark.parametrize(
    ("brief", "expected", "title"),
    [
        (KNEE, KNEE_BLOCKS, "PRP Therapy for Knee Osteoarthritis"),
        (SHOULDER_TR, SHOULDER_TR_BLOCKS, "Omuz Tendiniti için Şok Dalga Tedavisi"),
    ],
)
def test_briefs_of_our_own_block_by_block(brief, expected, title):
    outline = read_brief(brief, "text")
    assert outline.warnings == []
    assert outline.title == title
    lines = brief.splitlines()
    assert outline.seo_title == lines[0].split(": ", 1)[1]
    assert outline.seo_description == lines[1].split(": ", 1)[1]
    assert outline.summary == lines[3:5]
    assert [simple(block) for block in outline.blocks] == expected


def stream_pieces(stream):
    """Every text the blocks hold, one piece per paragraph, cell, entry."""
    pieces = []
    for block in stream:
        value = block["value"]
        kind = block["type"]
        if kind == "paragraph":
            pieces += [unescape(p) for p in re.findall(r"<p>(.*?)</p>", value)]
        elif kind == "heading":
            pieces.append(value["text"])
        elif kind == "table":
            pieces += value["header"]
            pieces += [cell for row in value["rows"] for cell in row["cells"]]
        elif kind == "doctor_quote":
            pieces.append(value["quote"])
        elif kind == "case_study":
            pieces.append(f"{value['label']}: {value['narrative']}")
        elif kind == "faq":
            for item in value["items"]:
                pieces.append(item["question"])
                pieces += [
                    unescape(p) for p in re.findall(r"<p>(.*?)</p>", item["answer"])
                ]
        elif kind == "references":
            pieces += [
                f"{i['source']}: {i['title']}. {i['url']}" for i in value["items"]
            ]
    return pieces


@pytest.mark.parametrize("brief", [SEED_TEXT, KNEE, SHOULDER_TR])
def test_every_line_of_the_brief_is_in_the_blocks_exactly_once(brief):
    outline = read_brief(brief, "text")
    pieces = stream_pieces(stream_data(outline))
    lines = [line.strip() for line in brief.splitlines() if line.strip()][5:]
    for line in lines:
        if line.startswith("|"):
            for cell in line.strip("|").split("|"):
                assert cell.strip() in pieces, cell
            continue
        if "Advice: " in line:
            line = line.split(": ", 1)[1].strip('"')
        assert pieces.count(line) == 1, line
    # Nothing made up: every piece comes from the brief.
    assert len(pieces) == len(lines) - sum(
        1 for line in lines if line.startswith("|")
    ) + sum(len(line.strip("|").split("|")) for line in lines if line.startswith("|"))


def test_markdown_keeps_bold_italic_and_links_and_escapes_html():
    brief = (
        "# A title\n\nIntro **bold** and *italic* with [a link](https://example.org/a).\n\n"
        "## Section\n\nText <script>alert(1)</script> and [bad](javascript:alert(1)).\n"
    )
    outline = read_brief(brief, "markdown")
    assert outline.summary == ["Intro bold and italic with a link."]
    paragraph = outline.blocks[1]
    assert paragraph["text"] == "Text <script>alert(1)</script> and bad."
    assert "&lt;script&gt;" in paragraph["_html"]
    assert "javascript" not in paragraph["_html"]
    assert any("HTML or script" in warning for warning in outline.warnings)


def test_docx_keeps_bold_italic_links_and_levels():
    import io

    import docx

    document = docx.Document()
    document.add_heading("Title", level=0)
    intro = document.add_paragraph("An ")
    intro.add_run("important").bold = True
    intro.add_run(" and ")
    intro.add_run("subtle").italic = True
    intro.add_run(" intro.")
    document.add_heading("Section", level=2)
    document.add_heading("Subsection", level=3)
    document.add_paragraph("Body.")
    data = io.BytesIO()
    document.save(data)
    outline = read_brief(data.getvalue(), "docx")
    assert outline.summary == ["An important and subtle intro."]
    assert [(b["type"], b.get("level")) for b in outline.blocks] == [
        ("heading", "h2"),
        ("heading", "h3"),
        ("paragraph", None),
    ]


def test_docx_bold_and_italic_reach_the_paragraph_html():
    import io

    import docx

    document = docx.Document()
    document.add_heading("Title", level=0)
    document.add_paragraph("Intro.")
    document.add_heading("Section", level=2)
    body = document.add_paragraph("Take ")
    body.add_run("care").bold = True
    body.add_run(".")
    data = io.BytesIO()
    document.save(data)
    stream = stream_data(read_brief(data.getvalue(), "docx"))
    assert stream[1]["value"] == "<p>Take <b>care</b>.</p>"


def test_references_fill_pubmed_id_and_doi_from_their_urls():
    from briefs.builder import reference_value

    pubmed = reference_value(
        parse_reference("PubMed: A study. https://pubmed.ncbi.nlm.nih.gov/123456/")
    )
    assert (pubmed["source"], pubmed["title"], pubmed["pubmed_id"]) == (
        "PubMed",
        "A study",
        "123456",
    )
    doi = reference_value(parse_reference("J: B. https://doi.org/10.1000/xyz123"))
    assert doi["doi"] == "10.1000/xyz123"
    assert doi["url"] == "https://doi.org/10.1000/xyz123"


# Bad input ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "format_name", "message"),
    [
        (b"", "text", "empty"),
        (b"   \n\n  ", "markdown", "empty"),
        (b"\x00\x01\x02binary", "text", "not text"),
        (b"PK\x03\x04 not really a zip", "docx", "not a Word document"),
        (bytes(range(256)) * 10, "docx", "not a Word document"),
        (b"This first line is a sentence.\nAnother sentence.\n", "text", "no title"),
        (b"Title\nHeading\nBody.\n", "text", "no introduction"),
    ],
)
def test_bad_input_is_a_clear_error(content, format_name, message):
    with pytest.raises(BriefError, match=message):
        read_brief(content, format_name)


def test_a_20_mb_file_is_refused(tmp_path):
    path = write(tmp_path, "big.txt", b"a" * (20 * 1024 * 1024))
    with pytest.raises(BriefError, match="too large"):
        read_brief_file(path)
    assert MAX_BRIEF_BYTES < 20 * 1024 * 1024


def test_an_unknown_extension_is_refused(tmp_path):
    with pytest.raises(BriefError, match="docx, .md or .txt"):
        read_brief_file(write(tmp_path, "brief.pdf", b"%PDF"))


def test_a_ragged_table_is_padded_with_a_warning():
    brief = "Title\nIntro.\nSection\n| A | B | C |\n| 1 | 2 |\n| 3 | 4 | 5 |\n"
    outline = read_brief(brief, "text")
    table = outline.blocks[1]
    assert table["rows"] == [["1", "2", ""], ["3", "4", "5"]]
    assert any("fewer cells" in warning for warning in outline.warnings)


def test_html_in_plain_text_is_kept_as_text_with_a_warning():
    brief = "Title\nIntro.\nSection\nClick <a href='x' onclick='evil()'>here</a>.\n"
    outline = read_brief(brief, "text")
    block = outline.blocks[1]
    assert block["text"] == "Click <a href='x' onclick='evil()'>here</a>."
    assert "<a" not in stream_data(outline)[1]["value"]
    assert outline.warnings


def test_unplaceable_content_is_warned_about_never_dropped():
    brief = (
        "Title\nIntro.\nFrequently Asked Questions\nA question?\n"
        "Scientific References\nA book with no link.\n"
    )
    outline = read_brief(brief, "text")
    warnings = " ".join(outline.warnings)
    assert "has no answer" in warnings
    assert "no link" in warnings
    faq = next(b for b in outline.blocks if b["type"] == "faq")
    assert faq["items"][0]["question"] == "A question?"
    references = next(b for b in outline.blocks if b["type"] == "references")
    assert references["items"][0]["title"] == "A book with no link."
