"""Turkish and Arabic pages in the real browser at 375 px.

The site is made in code (tests/i18n/pages.py) with Arabic enabled as
clinic_site/settings/test_arabic.py enables it, so these tests depend neither
on the demo content nor on a Turkish seed page: the Turkish treatment page is
ours, with Turkish text.
"""

import pytest

from clinic_site.settings import test_arabic
from tests.i18n.pages import build_site

from .conftest import PHONE, screenshot

# Where the page overflows its width on either side: a right-to-left page
# overflows to the left, which getBoundingClientRect().left < 0 shows.
WIDTH = """() => {
  const root = document.documentElement;
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => !el.closest('.visually-hidden, .skip-link, [hidden]'))
    .filter(el => {
      const box = el.getBoundingClientRect();
      return box.width && (box.right > root.clientWidth + 1 || box.left < -1);
    })
    .slice(0, 5)
    .map(el => el.outerHTML.slice(0, 160));
  return {scroll: root.scrollWidth, client: root.clientWidth, wide};
}"""
DIRECTION = "() => getComputedStyle(document.documentElement).direction"


@pytest.fixture
def pages(django_db_serialized_rollback, live_server, settings):
    for name in (
        "LANGUAGES",
        "WAGTAIL_CONTENT_LANGUAGES",
        "WAGTAILADMIN_PERMITTED_LANGUAGES",
    ):
        setattr(settings, name, getattr(test_arabic, name))
    settings.WAGTAIL_CACHE = False
    return build_site(("en", "tr", "ar"))


@pytest.fixture
def site(pages, live_server):
    """This module's site instead of the demo site (the browser fixture
    starts after it)."""
    return live_server.url


def _fits(page):
    width = page.evaluate(WIDTH)
    assert width["scroll"] <= width["client"], width
    assert width["wide"] == [], width


def test_a_turkish_page_at_375_px(site, pages, new_page):
    page = new_page(viewport=PHONE)
    response = page.goto(site + pages["tr"].url)
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "tr"
    assert page.evaluate(DIRECTION) == "ltr"
    _fits(page)
    assert page.get_by_role("button", name="Ara").is_visible()
    assert "dakikada okunur" in page.locator(".reading-time").inner_text()
    assert "2 Aralık 2026" in page.locator(".byline time").inner_text()
    assert page.get_by_role("heading", name="Bu sayfada").is_visible()
    # The search script's words come translated from the template.
    suggestions = page.locator("#site-search-q-suggestions")
    assert suggestions.get_attribute("aria-label") == "Önerilen sayfalar"
    screenshot(page, "treatment-tr-375")


def test_an_arabic_page_is_mirrored_at_375_px(site, pages, new_page):
    english = new_page(viewport=PHONE)
    english.goto(site + pages["en"].url)
    arabic = new_page(viewport=PHONE)
    response = arabic.goto(site + pages["ar"].url)
    assert response.status == 200
    assert arabic.locator("html").get_attribute("lang") == "ar"
    assert arabic.evaluate(DIRECTION) == "rtl"
    assert english.evaluate(DIRECTION) == "ltr"
    _fits(arabic)

    # The header's brand (logo and name) starts on the right, as it starts
    # on the left in English, the same distance from the edge.
    width = PHONE["width"]
    brand_en = english.locator(".site-header__brand").bounding_box()
    brand_ar = arabic.locator(".site-header__brand").bounding_box()
    assert brand_en["x"] < width / 4
    assert brand_ar["x"] + brand_ar["width"] > width * 3 / 4
    assert abs(brand_ar["x"] + brand_ar["width"] - (width - brand_en["x"])) <= 1

    # The reviewer line's rule is on the reading side: left in English,
    # right in Arabic (border-inline-start).
    rule = """el => {
      const style = getComputedStyle(el);
      return [style.borderLeftWidth, style.borderRightWidth];
    }"""
    assert english.locator(".byline").evaluate(rule) == ["4px", "0px"]
    assert arabic.locator(".byline").evaluate(rule) == ["0px", "4px"]
    screenshot(arabic, "treatment-ar-375")
