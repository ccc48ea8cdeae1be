"""What a visitor gets on a treatment page: contents, reading time, a trust byline
linked to the doctor, cited and numbered references, the call to action,
responsive images and a print stylesheet."""

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from clinic.models import ClinicSettings
from content_blocks.tables import table_value
from tests.conftest import SEED_URL
from treatments import article
from treatments.models import TreatmentIndexPage, TreatmentPage


@pytest.fixture(autouse=True)
def _uncached_pages(settings):
    settings.WAGTAIL_CACHE = False


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text(node):
    return " ".join(node.get_text(" ").split())


class FakeBlock:
    def __init__(self, block_type, value):
        self.block_type = block_type
        self.value = value


# Pure functions --------------------------------------------------------------


def test_table_of_contents_nests_h3_under_the_h2_before_it():
    anchored = [
        (FakeBlock("heading", {"text": "Early", "level": "h3"}), "early"),
        (FakeBlock("heading", {"text": "One", "level": "h2"}), "one"),
        (FakeBlock("paragraph", "<p>x</p>"), None),
        (FakeBlock("heading", {"text": "One a", "level": "h3"}), "one-a"),
        (FakeBlock("heading", {"text": "One b", "level": "h3"}), "one-b"),
        (FakeBlock("heading", {"text": "Two", "level": "h2"}), "two"),
    ]
    toc = article.table_of_contents(anchored)
    assert [(e.text, e.anchor) for e in toc] == [
        ("Early", "early"),
        ("One", "one"),
        ("Two", "two"),
    ]
    assert [c.anchor for c in toc[1].children] == ["one-a", "one-b"]
    assert toc[0].children == [] and toc[2].children == []


@pytest.mark.parametrize(
    ("words", "minutes"), [(0, 1), (1, 1), (200, 1), (201, 2), (1600, 8), (1601, 9)]
)
def test_reading_minutes_round_up_at_200_words_a_minute(words, minutes):
    assert article.reading_minutes(words) == minutes


def test_words_are_counted_with_hyphens_and_apostrophes_as_one():
    assert article.count_words("Blood-brain barrier: the patient's own cells") == 6


def test_stream_text_reads_every_kind_of_block():
    raw = [
        {"type": "heading", "value": {"text": "Alpha heading"}},
        {"type": "paragraph", "value": "<p>Beta &amp; <b>gamma</b></p>"},
        {"type": "doctor_quote", "value": {"quote": "Delta", "doctor": 1}},
        {"type": "case_study", "value": {"label": "Case", "narrative": "Epsilon"}},
        {
            "type": "faq",
            "value": {
                "items": [
                    {
                        "type": "item",
                        "value": {"question": "Zeta?", "answer": "<p>Eta</p>"},
                    }
                ]
            },
        },
        {"type": "references", "value": {"items": [{"title": "Theta"}]}},
        {"type": "callout", "value": {"heading": "Iota", "text": "<p>Kappa</p>"}},
        {"type": "table", "value": table_value(["Lambda", None], [["Mu", "Nu"]])},
        {"type": "image", "value": {"image": 1, "caption": "Xi"}},
    ]
    found = article.stream_text(raw)
    for word in [
        "Alpha", "Beta & gamma", "Delta", "Epsilon", "Zeta?", "Eta", "Theta",
        "Iota", "Kappa", "Lambda", "Nu", "Xi",
    ]:  # fmt: skip
        assert word in found
    assert "<" not in found


def test_citations_become_links_in_text_only():
    citations = article.Citations(reference_count=2)
    html = (
        '<p>Studies [1] agree [1, 2]. <a href="https://x.org/[1]">see [2]</a> '
        "and [3] is no source here.</p>"
    )
    out = BeautifulSoup(citations.link(html), "html.parser")
    links = out.select("sup.cite a")
    assert [(a["href"], a["id"]) for a in links] == [
        ("#ref-1", "cite-1-1"),
        ("#ref-1", "cite-1-2"),
        ("#ref-2", "cite-2-1"),
    ]
    # Text inside a link and in attributes is left alone, as is an unknown number.
    assert out.find("a", href="https://x.org/[1]").get_text() == "see [2]"
    assert "[3] is no source here" in out.get_text()
    assert out.select("sup.cite")[1].get_text() == "[reference 1, reference 2]"
    assert citations.first_id(1) == "cite-1-1"
    assert citations.first_id(3) == ""


# The seed page -------------------------------------------------------------------


def test_seed_page_has_a_table_of_contents_of_its_sections(client, demo):
    soup = soup_of(client.get(SEED_URL))
    toc = soup.select_one("main nav.toc")
    assert toc["aria-labelledby"] == "toc-title"
    assert toc.find("h2", id="toc-title")
    top = toc.select(":scope > ol > li > a")
    h2s = [
        h
        for h in soup.select(".article__body h2[id]")
        # Neither the call to action nor the enquiry form is a section.
        if not h.find_parent(class_="cta") and not h.find_parent(class_="enquiry")
    ]
    assert [a["href"] for a in top] == [f"#{h['id']}" for h in h2s]
    assert [a.get_text() for a in top] == [h.get_text() for h in h2s]
    assert len(top) == 7
    nested = toc.select("ol ol a")
    h3s = soup.select(".article__body h3[id]")
    # The 13 section h3s, each linking to an id that exists on the page.
    assert [a["href"] for a in nested] == [f"#{h['id']}" for h in h3s]
    assert len(nested) == 13


def test_seed_page_reading_time_is_computed_from_its_text(client, demo, seed):
    soup = soup_of(client.get(SEED_URL))
    shown = soup.select_one(".reading-time").get_text()
    words = article.count_words(
        "\n".join([demo.title, demo.summary, article.stream_text(demo.body.raw_data)])
    )
    # The seed is a long article: a few thousand words.
    assert 1000 < words < 5000
    assert shown == f"{article.reading_minutes(words)} min read"
    assert demo.reading_minutes == article.reading_minutes(words)


def test_byline_links_to_the_reviewers_profile(client, demo):
    soup = soup_of(client.get(SEED_URL))
    byline = soup.select_one("main .byline")
    link = byline.find("a")
    assert link["href"] == "/doctors/erdinc-ozek/"
    assert link.get_text() == "Prof. Dr. Erdinç Özek"
    assert text(byline).startswith("Medically reviewed by Prof. Dr. Erdinç Özek on ")
    assert client.get(link["href"]).status_code == 200
    # The quote in the body links to the same profile.
    quote = soup.select_one(".doctor-quote figcaption a")
    assert quote["href"] == "/doctors/erdinc-ozek/"


def test_structured_data_points_the_reviewer_at_the_profile(client, demo):
    soup = soup_of(client.get(SEED_URL))
    graph = json.loads(soup.find("script", type="application/ld+json").string)
    (physician,) = [n for n in graph["@graph"] if n["@type"] == "Physician"]
    assert physician["url"] == "http://127.0.0.1:8000/doctors/erdinc-ozek/"
    assert "sameAs" not in physician  # no address typed on the snippet


def test_call_to_action_uses_the_clinics_contact_details(client, demo):
    clinic = ClinicSettings.objects.get()
    clinic.phone = "+90 212 555 01 23"
    clinic.email = "info@clinic.example"
    clinic.save()
    soup = soup_of(client.get(SEED_URL))
    cta = soup.select_one("main article .cta")
    assert cta.find("h2").get_text() == f"Talk to {clinic.name}"
    hrefs = [a["href"] for a in cta.select("a.button")]
    assert hrefs == ["tel:+902125550123", "mailto:info@clinic.example", "#contact"]
    # It comes after the body and the disclaimer.
    body = soup.select_one(".article__body")
    assert list(body.children)[-1] is not None
    assert body.select_one(".disclaimer").find_next(class_="cta") is cta
    # The header's "Contact" goes to the contact page (tests/enquiries); the
    # footer still holds the details.
    assert soup.select_one("header a.site-header__contact")["href"] == "/contact/"
    assert soup.select_one("footer#contact address a[href^='tel:']")


def test_faq_entries_are_native_disclosure_widgets(client, demo):
    soup = soup_of(client.get(SEED_URL))
    items = soup.select("main .faq details.faq__item")
    assert len(items) == 6
    for item in items:
        assert item.contents[1].name == "summary" or item.find("summary")
        assert not item.has_attr("open")


def test_tables_scroll_in_their_own_focusable_box(client, demo):
    soup = soup_of(client.get(SEED_URL))
    box = soup.select_one("main .table-scroll")
    assert box["tabindex"] == "0" and box["role"] == "region"
    assert box.find("table")


def test_print_stylesheet_hides_chrome_and_prints_reference_urls():
    css = (Path(django_settings.BASE_DIR) / "static/css/site.css").read_text()
    start = css.index("@media print")
    block = css[start : css.index("\n}\n", start)]
    for selector in (".site-header", ".site-footer", ".site-search", ".toc", ".cta"):
        assert selector in block.split("{", 2)[1] or selector in block
    assert 'content: " (" attr(href) ")"' in block
    assert ".references a" in block
    assert ".table-scroll { overflow: visible" in block


# Citations on a page ---------------------------------------------------------


@pytest.fixture
def cited_page(demo):
    index = TreatmentIndexPage.objects.get(locale__language_code="en")
    page = TreatmentPage(
        title="Cited therapy",
        slug="cited-therapy",
        condition_name="Example",
        summary="A page that cites its sources.",
        body=[
            ("heading", {"text": "Evidence", "level": "h2"}),
            ("paragraph", "<p>Trials [1] and a review [2] agree [1].</p>"),
            ("paragraph", "<p>Nothing cited here, and [9] is not a source.</p>"),
            (
                "references",
                {
                    "items": [
                        {"title": "A trial", "url": "https://example.org/trial"},
                        {"title": "A review", "pubmed_id": "31515568"},
                        {"title": "Never cited", "url": "https://example.org/other"},
                    ]
                },
            ),
        ],
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    assert [b.block_type for b in page.body] == [
        "heading",
        "paragraph",
        "paragraph",
        "references",
    ]
    return page


def test_in_text_citations_link_to_numbered_references_and_back(client, cited_page):
    soup = soup_of(client.get(cited_page.url))
    cites = soup.select(".article__body sup.cite a")
    assert [(a["href"], a["id"]) for a in cites] == [
        ("#ref-1", "cite-1-1"),
        ("#ref-2", "cite-2-1"),
        ("#ref-1", "cite-1-2"),
    ]
    assert "[9] is not a source" in soup.select(".article__body .rich-text")[1].text
    refs = soup.select("ol.references > li")
    assert [li["id"] for li in refs] == ["ref-1", "ref-2", "ref-3"]
    backs = [li.select_one("a.references__back") for li in refs]
    assert backs[0]["href"] == "#cite-1-1"
    assert backs[1]["href"] == "#cite-2-1"
    assert backs[2] is None  # never cited: no link back
    assert "back to citation" in text(backs[0])
    # Every link target exists on the page.
    for a in cites + backs[:2]:
        assert soup.find(id=a["href"][1:]) is not None


# Images ------------------------------------------------------------------------


def test_hero_image_is_a_responsive_picture_loaded_first(client, demo):
    image = Image.objects.create(
        title="Hero", file=get_test_image_file(size=(1600, 900))
    )
    demo.hero_image = image
    demo.save_revision().publish()
    soup = soup_of(client.get(SEED_URL))
    picture = soup.select_one("main .article__header picture")
    types = [source["type"] for source in picture.find_all("source")]
    assert types == ["image/avif", "image/webp"]
    img = picture.find("img")
    assert img["class"] == ["hero"]
    assert img["fetchpriority"] == "high"
    assert img["loading"] == "eager"
    assert img["alt"] == ""
    assert img["src"].endswith(".jpg")
    assert int(img["width"]) > 0 and int(img["height"]) > 0
    assert len(img["srcset"].split(",")) == 3
    assert img["sizes"]


def test_logo_is_shown_at_two_densities_with_a_png_fallback(client, demo):
    clinic = ClinicSettings.objects.get()
    clinic.logo = Image.objects.create(
        title="Logo", file=get_test_image_file(size=(400, 200))
    )
    clinic.save()
    soup = soup_of(client.get(SEED_URL))
    brand = soup.select_one("header a.site-header__brand")
    source = brand.select_one("picture source")
    assert source["type"] == "image/webp"
    assert source["srcset"].endswith(" 2x") and ".webp 1x" in source["srcset"]
    img = brand.select_one("picture img")
    assert img["src"].endswith(".png")
    assert (img["width"], img["height"]) == ("96", "48")
    assert img["alt"] == ""  # the name is printed next to it
    assert text(brand) == clinic.name
