"""axe-core on every key page, in the browser tests' Chromium.

The same axe.min.js as `make audit` (from axe-playwright-python), so a new
accessibility violation fails `make test` without Node; `make audit` adds
Lighthouse and the HTML checker on the production settings.
"""

from axe_playwright_python.sync_playwright import Axe

from .conftest import DESKTOP, PHONE
from .pages import key_pages


def violations(page):
    found = Axe().run(page).response["violations"]
    return [
        (item["id"], item["impact"], [node["html"][:160] for node in item["nodes"]])
        for item in found
    ]


def test_no_axe_violations_on_key_pages(site, new_page):
    axe_found = {}
    for viewport in (PHONE, DESKTOP):
        page = new_page(viewport=viewport)
        for name, path, _status in key_pages(page, site):
            page.goto(site + path)
            if found := violations(page):
                axe_found[f"{name} at {viewport['width']} px"] = found
    assert axe_found == {}
