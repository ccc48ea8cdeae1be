"""axe-core on every key page, in the browser tests' Chromium.

The same axe.min.js as `make audit` (from axe-playwright-python), so a new
accessibility violation fails `make test` without Node; `make audit` adds
Lighthouse and the HTML checker on the production settings.
"""

from axe_playwright_python.sync_playwright import Axe

from .conftest import DESKTOP, PHONE
from .pages import key_pages

# axe's own "landmark-unique" leaves out a <form> that has no accessible name,
# even with role="search", which makes it a landmark whatever its name: two
# unnamed search forms on one page (the header's and the search page's) passed
# it, while other checkers (and screen reader users, listing the landmarks)
# found two identical "search" landmarks. This rule is the same check
# (landmark-is-unique: no two landmarks with one role and one name) on every
# search landmark, named or not.
SEARCH_LANDMARK_UNIQUE = {
    "id": "search-landmark-unique",
    "selector": "[role=search], search",
    "tags": ["cat.semantics", "best-practice"],
    "impact": "moderate",
    "all": [],
    "any": ["landmark-is-unique"],
    "none": [],
    "metadata": {
        "description": "Ensure every search landmark has a name of its own",
        "help": "Search landmarks should have a unique accessible name",
    },
}

RUN_AXE = """async rule => {
    axe.configure({rules: [rule]});
    const results = await axe.run(document, {resultTypes: ["violations"]});
    return results.violations;
}"""


def violations(page):
    """Every axe violation on the page (all impacts), with our extra rule."""
    page.evaluate(Axe().axe_script)
    found = page.evaluate(RUN_AXE, SEARCH_LANDMARK_UNIQUE)
    return [
        (item["id"], item["impact"], [node["html"][:160] for node in item["nodes"]])
        for item in found
    ]


def test_no_axe_violations_on_key_pages(site, new_page):
    axe_found = {}
    checked = []
    for viewport in (PHONE, DESKTOP):
        page = new_page(viewport=viewport)
        for name, path, status in key_pages(page, site):
            response = page.goto(site + path)
            assert response.status == status, path
            checked.append(path)
            if found := violations(page):
                axe_found[f"{name} at {viewport['width']} px"] = found
    # The pages with a second search form besides the header's are among them.
    assert any(path.startswith("/search/?q=") for path in checked)
    assert "/no-such-page/" in checked
    assert axe_found == {}


def test_the_extra_rule_finds_two_unnamed_search_landmarks(site, new_page):
    """The rule above can fail: on a page with two unnamed search forms."""
    page = new_page(viewport=DESKTOP)
    page.goto(site + "/no-such-page/")
    page.evaluate(
        """() => document.querySelectorAll("form[role=search]").forEach(form => {
            form.removeAttribute("aria-label");
            form.removeAttribute("aria-labelledby");
        })"""
    )
    assert [found[0] for found in violations(page)] == ["search-landmark-unique"]
