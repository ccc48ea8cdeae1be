"""Responsive layout: no sideways scrolling on a phone, a readable column on a
desktop, and screenshots of every key page at both widths."""

import pytest

from .conftest import DESKTOP, PHONE, SCREENSHOTS, screenshot
from .pages import SEED_PATH, key_pages

OVERFLOW = """() => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > root.clientWidth + 1)
    .filter(el => !el.closest('.visually-hidden, .skip-link, [hidden]'))
    .slice(0, 5)
    .map(el => el.outerHTML.slice(0, 160));
  return {scroll: root.scrollWidth, client: root.clientWidth, wide};
}"""


def test_no_horizontal_scrolling_at_375_px(site, new_page):
    page = new_page(viewport=PHONE)
    problems = []
    for name, path, status in key_pages(page, site):
        response = page.goto(site + path)
        assert response.status == status, path
        width = page.evaluate(OVERFLOW)
        if width["scroll"] > width["client"]:
            problems.append((name, path, width))
    assert problems == []


def test_article_column_is_readable_and_centred_at_1280_px(site, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto(site + SEED_PATH)
    body = page.locator(".article__body").bounding_box()
    # A line of 600-900 px: about 65-100 characters of body text.
    assert 600 <= body["width"] <= 900, body
    toc = page.locator("nav.toc")
    boxes = [body]
    if toc.count():
        toc_box = toc.bounding_box()
        # The table of contents sits beside the article, not above it.
        assert toc_box["x"] >= body["x"] + body["width"], (toc_box, body)
        assert toc_box["y"] < body["y"] + body["height"]
        boxes.append(toc_box)
    left = min(box["x"] for box in boxes)
    right = max(box["x"] + box["width"] for box in boxes)
    # The content is centred: its margins differ by less than a tenth of the page.
    assert abs(left - (DESKTOP["width"] - right)) < DESKTOP["width"] / 10, (
        left,
        right,
    )
    width = page.evaluate(OVERFLOW)
    assert width["scroll"] <= width["client"], width


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_screenshots_of_key_pages(site, new_page, viewport):
    page = new_page(viewport=viewport)
    written = []
    for name, path, _status in key_pages(page, site):
        page.goto(site + path)
        written.append(screenshot(page, f"{name}-{viewport['width']}"))
    assert all(path.stat().st_size > 1000 for path in written)
    assert SCREENSHOTS in written[0].parents
