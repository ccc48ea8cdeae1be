"""Snippet geometry: widths from the committed table, cuts at word boundaries."""

import subprocess
import sys
from pathlib import Path

import pytest

from seo import serp
from seo.content import extract
from seo.serp_widths import WIDTHS

ROOT = Path(__file__).resolve().parents[2]
SEED_URL = "http://127.0.0.1:8000/treatments/stem-cell-therapy-for-cerebral-palsy/"


@pytest.mark.parametrize(
    ("char", "arial_width"),
    [("a", 556), ("A", 667), ("i", 222), ("W", 944), ("m", 833), (" ", 278)],
)
def test_table_has_arials_published_widths(char, arial_width):
    assert round(WIDTHS[char]) == arial_width


def test_table_covers_ascii_latin1_and_turkish_letters():
    printable_ascii = {chr(code) for code in range(0x20, 0x7F)}
    latin1_letters = {chr(code) for code in range(0xC0, 0x100)} - {"×", "÷"}
    assert printable_ascii <= set(WIDTHS)
    assert latin1_letters <= set(WIDTHS)
    assert set("ğĞıİşŞçÇöÖüÜ…") <= set(WIDTHS)


def test_widths_need_no_font_at_runtime():
    code = "import sys, seo.serp; print('PIL' in sys.modules)"
    # A fixed command with this interpreter: nothing untrusted reaches it.
    output = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert output.strip() == "False"


def test_text_width_scales_with_font_size():
    assert serp.text_width_px("a", 20) == pytest.approx(WIDTHS["a"] * 20 / 1000)
    assert serp.text_width_px("Wi", 14) == pytest.approx(
        (WIDTHS["W"] + WIDTHS["i"]) * 14 / 1000
    )
    assert serp.text_width_px("", 20) == 0


def test_unknown_characters_count_as_an_average_letter():
    assert "Ж" not in WIDTHS
    assert serp.text_width_px("Ж", 20) == pytest.approx(serp.AVERAGE_WIDTH * 20 / 1000)
    assert WIDTHS["i"] < serp.AVERAGE_WIDTH < WIDTHS["W"]


def test_text_that_fits_is_shown_whole():
    assert serp.truncate_to_width("Stem cell  therapy", 600, 20) == (
        "Stem cell therapy",
        False,
    )


def test_text_is_cut_at_a_word_boundary_with_an_ellipsis():
    text = "Stem Cell Therapy for Cerebral Palsy | Regenerative Medicine in Istanbul"
    shown, truncated = serp.truncate_to_width(text, 400, 20)
    assert truncated
    assert shown == "Stem Cell Therapy for Cerebral Palsy …"
    assert serp.text_width_px(shown, 20) <= 400


def test_dangling_punctuation_is_dropped_before_the_ellipsis():
    shown, _ = serp.truncate_to_width("Stem Cell Therapy | Clinic Name", 200, 20)
    assert shown == "Stem Cell Therapy …"


def test_one_word_wider_than_the_space_is_cut_mid_word():
    shown, truncated = serp.truncate_to_width("W" * 40, 100, 20)
    assert truncated
    assert shown == "WWWW…"
    assert serp.text_width_px(shown, 20) <= 100


def test_wrapping_keeps_each_line_within_its_width():
    text = "Stem cell therapy for cerebral palsy aims to repair damaged brain tissue"
    lines = serp.wrap_lines(text, 200, 14)
    assert " ".join(lines) == text
    assert len(lines) > 1
    assert all(serp.text_width_px(line, 14) <= 200 for line in lines)


def test_mobile_title_wraps_over_two_lines_before_it_is_cut():
    title = "Stem Cell Therapy for Cerebral Palsy in Istanbul"
    assert serp.text_width_px(title, 20) > serp.MOBILE_TITLE.line_px
    assert serp.fit(title, serp.MOBILE_TITLE) == (title, False)
    longer = title + " | Regenerative Medicine and Rehabilitation Clinic"
    shown, truncated = serp.fit(longer, serp.MOBILE_TITLE)
    assert truncated
    assert shown.endswith(" …")
    assert longer.startswith(shown[: -len(" …")])


def test_breadcrumbs_show_host_and_path_segments():
    assert serp.breadcrumbs(SEED_URL + "?utm=x#faq") == (
        "127.0.0.1:8000 › treatments › stem-cell-therapy-for-cerebral-palsy"
    )
    assert serp.breadcrumbs("https://example.com/") == "example.com"
    assert serp.breadcrumbs("/tr/tedaviler/k%C3%B6k-h%C3%BCcre/") == (
        "tr › tedaviler › kök-hücre"
    )


def test_snippet_preview_gives_desktop_and_mobile():
    title = "Stem Cell Therapy for Cerebral Palsy"
    preview = serp.snippet_preview(title, "Short description.", SEED_URL)
    assert set(preview) == {"desktop", "mobile"}
    desktop = preview["desktop"]
    assert desktop == {
        "title": title,
        "title_truncated": False,
        "title_width_px": round(serp.text_width_px(title, 20)),
        "title_max_px": 600,
        "description": "Short description.",
        "description_truncated": False,
        "url": "127.0.0.1:8000 › treatments › stem-cell-therapy-for-cerebral-palsy",
    }
    assert preview["mobile"]["title_max_px"] == 660


def test_snippet_preview_cuts_long_titles_and_descriptions():
    title = "Stem Cell Therapy for Cerebral Palsy | Regenerative Medicine Clinic"
    description = "Families ask how the treatment works and what to expect. " * 5
    preview = serp.snippet_preview(title, description, SEED_URL)
    desktop, mobile = preview["desktop"], preview["mobile"]
    assert desktop["title_truncated"] and desktop["title"].endswith(" …")
    assert desktop["title_width_px"] > 600
    assert not mobile["title_truncated"]
    assert desktop["description_truncated"] and mobile["description_truncated"]
    assert serp.text_width_px(desktop["description"], 14) <= 1000


def test_seed_page_preview(demo):
    content = extract(demo)
    preview = serp.snippet_preview(content.seo_title, content.description, SEED_URL)
    assert preview["desktop"]["title"] == content.seo_title
    assert not preview["desktop"]["title_truncated"]
    assert 0 < preview["desktop"]["title_width_px"] <= 600
    assert preview["desktop"]["description"] == content.description
    assert not preview["desktop"]["description_truncated"]
    assert demo.full_url == SEED_URL
    assert preview["desktop"]["url"] == serp.breadcrumbs(demo.full_url)
