"""The seed page arrives on the rendered page whole and word for word.

The expectations come from the seed file and its outline, read here on their
own (not through the importer), so a mistake in the importer cannot hide.
"""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from demo.seed import OUTLINE_FILE, SEED_FILE
from tests.conftest import SEED_URL

SHARED_SEED = Path(__file__).resolve().parents[3] / "shared" / "seed"


def outline_headings():
    """(level, text) from the outline's heading table."""
    rows = re.findall(
        r"^\| \d+ \| (h[23]) \| (.+?) \|$",
        OUTLINE_FILE.read_text(encoding="utf-8"),
        flags=re.MULTILINE,
    )
    assert len(rows) == 20
    return rows


def seed_lines():
    return [
        line.strip()
        for line in SEED_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def text(node):
    return " ".join(node.get_text(" ", strip=True).split())


@pytest.fixture
def soup(client, demo):
    response = client.get(SEED_URL)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="no shared/ checkout beside")
def test_repository_copies_match_the_shared_seed():
    assert SEED_FILE.read_bytes() == (SHARED_SEED / SEED_FILE.name).read_bytes()
    assert OUTLINE_FILE.read_bytes() == (SHARED_SEED / "outline.md").read_bytes()


def test_seo_title_and_description_exactly(soup):
    lines = seed_lines()
    assert soup.title.string == lines[0].removeprefix("SEO Title: ")
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description == lines[1].removeprefix("SEO Description: ")


def test_page_title_is_the_only_h1_and_summary_follows(soup):
    lines = seed_lines()
    assert [text(h1) for h1 in soup.find_all("h1")] == [lines[2]]
    lead = [text(p) for p in soup.select("main .lead p")]
    assert lead == lines[3:5]


def article_headings(soup):
    """The article's own headings: not the contents list, the contact box or
    the enquiry form's."""
    article = soup.select_one("main article")
    return [
        h
        for h in article.find_all(["h2", "h3"])
        if not h.find_parent(class_=["toc", "cta", "enquiry"])
    ]


def test_all_twenty_headings_in_order_at_their_levels(soup):
    found = [(h.name, text(h)) for h in article_headings(soup)]
    assert found == outline_headings()


def test_every_seed_line_appears_word_for_word(soup):
    """Each line after the summary is on the page as its own piece of text."""
    main = soup.select_one("main")
    pieces = {
        text(node)
        for node in main.find_all(["p", "h2", "h3", "summary", "li", "tr", "dd"])
    }
    page_text = text(main)
    for line in seed_lines()[5:]:
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            assert " ".join(cells) in pieces, line
        elif line.startswith("Case "):
            label, narrative = line.split(": ", 1)
            assert narrative in pieces, line
        elif "'s Advice: " in line:
            quote = line.split(": ", 1)[1].strip('"')
            assert quote in pieces, line
        elif re.match(r"^[^:]+: .+ https?://\S+$", line):
            assert line.rsplit(" ", 1)[0].rstrip(".") in page_text, line
        else:
            assert line in pieces, line


def test_table_has_header_and_three_rows(soup):
    table = soup.select_one("main table")
    assert [text(th) for th in table.select("thead th")] == [
        "Application Method",
        "Target Mechanism",
        "Advantage",
    ]
    assert all(th["scope"] == "col" for th in table.select("thead th"))
    rows = [[text(td) for td in tr.find_all("td")] for tr in table.select("tbody tr")]
    assert rows[0] == [
        "Intravenous (IV)",
        "Systemic distribution",
        "General immune system regulation and low risk.",
    ]
    assert [row[0] for row in rows] == [
        "Intravenous (IV)",
        "Intranasal",
        "Combined application",
    ]


def test_doctor_quote_is_attributed_to_the_doctor_snippet(soup, demo):
    from doctors.models import Doctor

    figure = soup.select_one("main figure.doctor-quote")
    assert text(figure.blockquote).startswith("Stem cell and exosome applications")
    assert text(figure.blockquote).endswith("become permanent.")
    assert text(figure.figcaption) == "Prof. Dr. Erdinç Özek"
    quote_block = next(b for b in demo.body if b.block_type == "doctor_quote")
    assert quote_block.value["doctor"] == Doctor.objects.get(
        name="Erdinç Özek", locale=demo.locale
    )


def test_both_cases_with_structured_facts_and_anonymised_marker(soup):
    cases = soup.select("main .case-study")
    assert [text(case.find("h4")) for case in cases] == ["Case A", "Case B"]
    for case in cases:
        assert "Anonymised" in text(case)
    facts_a = dict(
        zip(
            [text(dt) for dt in cases[0].select("dt")],
            [text(dd) for dd in cases[0].select("dd")],
            strict=True,
        )
    )
    assert facts_a["Age"] == "5 years"
    assert facts_a["Classification"] == "GMFCS Level 4"


def test_six_faq_entries_in_order(soup):
    lines = seed_lines()
    start = lines.index("Frequently Asked Questions") + 1
    end = lines.index("Scientific References")
    qa = lines[start:end]
    details = soup.select("main .faq details")
    assert len(details) == 6
    assert [text(d.summary) for d in details] == qa[::2]
    assert [text(d.select_one(".faq__answer")) for d in details] == qa[1::2]


def test_three_references_with_links(soup):
    items = soup.select("main ol.references > li")
    assert len(items) == 3
    hrefs = [[a["href"] for a in item.find_all("a")] for item in items]
    assert "https://pubmed.ncbi.nlm.nih.gov/31515568/" in hrefs[0]
    assert "https://www.thelancet.com/journals/laneur/home" in hrefs[1]
    assert (
        "https://www.frontiersin.org/articles/10.3389/fneur.2020.00079/full" in hrefs[2]
    )
    assert text(items[0]).startswith("PubMed: Mesenchymal Stem Cell Therapy")
    assert "PMID 31515568" in text(items[0])


def test_reviewer_and_review_date_in_the_byline(soup, demo):
    from django.utils import timezone

    byline = soup.select_one("main .byline")
    assert "Medically reviewed by" in text(byline)
    assert "Prof. Dr. Erdinç Özek" in text(byline)
    today = timezone.localdate()
    assert byline.time["datetime"] == today.isoformat()
    assert demo.last_reviewed == today
    assert demo.medical_reviewer.full_name == "Prof. Dr. Erdinç Özek"
