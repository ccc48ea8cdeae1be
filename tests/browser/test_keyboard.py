"""Keyboard only: skip link, navigation, search box, FAQ disclosures, contents.

Nothing here clicks: every step is a key press, as for someone who cannot use
a mouse, and every check reads where the focus or the page has gone.
"""

from .conftest import DESKTOP
from .pages import SEED_PATH

ACTIVE = """() => {
  const el = document.activeElement;
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    text: (el.textContent || '').trim().slice(0, 80),
    type: el.getAttribute('type'),
    inNav: !!el.closest('nav.site-nav, header nav'),
    inToc: !!el.closest('nav.toc'),
    summary: el.tagName === 'SUMMARY',
    href: el.getAttribute('href'),
  };
}"""


def tab_until(page, wanted, limit=250):
    """Press Tab until ``wanted(active element)``; return what was reached."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        seen.append(active)
        if wanted(active):
            return active
    raise AssertionError(f"never reached; focus went through {seen[:40]}")


def is_open(page):
    return page.evaluate("() => document.activeElement.parentElement.open")


def test_skip_link_navigation_and_search_box(site, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto(site + SEED_PATH)
    first = tab_until(page, lambda active: True, limit=1)
    assert first["href"] == "#main"
    assert "skip" in first["text"].lower()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"

    page.goto(site + SEED_PATH)
    tab_until(page, lambda active: active["inNav"])
    search = tab_until(page, lambda active: active["type"] == "search")
    assert search["id"]
    page.keyboard.type("stem cells")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=stem*")
    assert page.locator("main h1").count() == 1
    assert page.locator(f"main a[href='{SEED_PATH}']").count() >= 1


def test_faq_opens_and_closes_with_enter_and_space(site, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto(site + SEED_PATH)
    tab_until(page, lambda active: active["summary"])
    assert not is_open(page)
    page.keyboard.press("Enter")
    assert is_open(page)
    page.keyboard.press("Enter")
    assert not is_open(page)
    page.keyboard.press("Space")
    assert is_open(page)
    answer = page.evaluate(
        "() => document.activeElement.parentElement"
        ".querySelector('.faq__answer').getBoundingClientRect().height"
    )
    assert answer > 0
    page.keyboard.press("Space")
    assert not is_open(page)


def test_table_of_contents_links_move_to_their_section(site, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto(site + SEED_PATH)
    assert page.locator("nav.toc[aria-labelledby='toc-title']").count() == 1
    tab_until(page, lambda active: active["inToc"])
    # The third entry, so that the page really has to move.
    for _ in range(2):
        tab_until(page, lambda active: active["inToc"], limit=1)
    link = page.evaluate(ACTIVE)
    assert link["href"].startswith("#")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => location.hash === {link['href']!r}")
    target = page.locator(link["href"])
    assert target.evaluate("el => /^H[2-4]$/.test(el.tagName)")
    assert link["text"] in target.inner_text()
    # Smooth scrolling may animate: wait for the heading to reach the top.
    page.wait_for_function(
        "el => { const top = el.getBoundingClientRect().top;"
        " return top >= 0 && top < 200; }",
        arg=target.element_handle(),
        timeout=5000,
    )
    assert page.evaluate("() => window.scrollY") > 300
    # The next Tab continues from the section, not from the contents.
    following = tab_until(page, lambda active: True, limit=1)
    assert not following["inToc"]
