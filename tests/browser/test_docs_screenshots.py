"""The two pictures the README shows, taken while checking what they show.

A visitor's first screen of the seed treatment page on a phone, and the
editor's "SEO & trust checks" preview beside the page form. ``make
screenshots`` copies them to ``docs/images/`` to be committed; every run of the
browser tests retakes them in ``test-artifacts/screenshots/``.
"""

import re

import pytest

from tests.conftest import SEED_URL

from .conftest import PHONE, screenshot

PASSWORD = "correct horse battery staple"
WIDE_DESKTOP = {"width": 1440, "height": 900}


@pytest.fixture
def editor(site, django_user_model):
    return django_user_model.objects.create_superuser(
        "editor", "editor@example.com", PASSWORD
    )


def test_treatment_page_on_a_phone(site, new_page):
    page = new_page(viewport=PHONE)
    response = page.goto(site + SEED_URL)

    assert response.status == 200
    heading = page.locator("main h1")
    assert heading.inner_text() == "Stem Cell Therapy for Cerebral Palsy"
    assert heading.is_visible()
    assert page.get_by_text("Medically reviewed by").first.is_visible()
    screenshot(page, "docs-treatment-page", full_page=False)


def test_seo_and_trust_checks_beside_the_page_form(site, editor, new_page):
    from treatments.models import TreatmentPage

    treatment = TreatmentPage.objects.get(url_path__endswith=SEED_URL)
    page = new_page(viewport=WIDE_DESKTOP)
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(site + "/admin/")

    page.goto(f"{site}/admin/pages/{treatment.pk}/edit/")
    page.get_by_role("button", name="Toggle preview").click()
    # The page preview loads first; choosing the mode then reloads the frame.
    preview = page.frame_locator("iframe[title='Preview']").last
    preview.locator("main h1").get_by_text(treatment.title).wait_for()
    page.select_option("#id_preview_mode", "seo-checks")
    checks = page.frame_locator("iframe[title='Preview']").last
    title = checks.locator("h1")
    title.get_by_text("SEO & trust checks").wait_for()

    assert re.fullmatch(r"SEO & trust checks\s+\d{1,3}/100", title.inner_text())
    for group in ("Search engines", "Readability", "Medical trust", "Claims"):
        assert checks.get_by_role("heading", name=group).is_visible()
    assert checks.get_by_text("How it may look in search results").is_visible()
    screenshot(page, "docs-seo-checks-panel", full_page=False)
