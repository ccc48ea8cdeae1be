"""A patient asks about the seed treatment from a phone; a coordinator finds it.

Through the real page cache and CSRF checks: the visitor reads the cached seed
page, jumps to the form from "Ask about this treatment", forgets the consent
box (the error summary takes the focus), ticks it, sends, and sees the
thank-you page. A patient coordinator then signs in to the admin and opens
the enquiry from the "Enquiries" menu.
"""

import pytest
from django.contrib.auth.models import Group

from enquiries.models import Enquiry

from .conftest import DESKTOP, screenshot
from .pages import SEED_PATH

PASSWORD = "correct horse battery staple"
MESSAGE = "My daughter is 6 and has spastic diplegia. Could she be treated?"


@pytest.fixture
def coordinator(site, django_user_model):
    user = django_user_model.objects.create_user(
        "coordinator", "coordinator@example.com", PASSWORD
    )
    user.groups.add(Group.objects.get(name="Patient coordinators"))
    return user


def test_a_visitor_on_a_phone_sends_an_enquiry_and_a_coordinator_finds_it(
    site, new_page, coordinator, settings
):
    settings.ENQUIRY_FORM_MIN_SECONDS = 1
    page = new_page()
    page.goto(site + SEED_PATH)
    page.get_by_role("link", name="Ask about this treatment").click()
    form = page.locator("#enquiry")
    form.get_by_label("Your name", exact=True).fill("Elif Demir")
    form.get_by_label("Email", exact=True).fill("elif@example.com")
    form.get_by_label("Phone", exact=True).fill("0532 765 43 21")
    form.get_by_label("Patient's age (optional)").fill("6")
    form.get_by_label("Your question").fill(MESSAGE)
    # The page's treatment goes with the question, named in words.
    assert form.get_by_text("Your question is about:").inner_text() == (
        "Your question is about: Stem Cell Therapy for Cerebral Palsy"
    )
    page.wait_for_timeout(1200)
    form.get_by_role("button", name="Send enquiry").click()

    # Consent was not given: the error summary is shown and focused.
    page.wait_for_selector("#enquiry-errors")
    assert page.evaluate("document.activeElement.id") == "enquiry-errors"
    assert "tick the box" in page.locator("#enquiry-errors").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "enquiry-error-phone")
    assert Enquiry.objects.count() == 0

    page.locator("#enquiry-consent").check()
    page.wait_for_timeout(1200)
    page.get_by_role("button", name="Send enquiry").click()
    page.wait_for_url("**/enquiry/thanks/")
    assert "your enquiry has been sent" in page.locator("h1").inner_text()
    screenshot(page, "enquiry-thanks-phone")

    enquiry = Enquiry.objects.get()
    assert str(enquiry.phone) == "+905327654321"
    assert enquiry.treatment.title == "Stem Cell Therapy for Cerebral Palsy"

    admin = new_page(viewport=DESKTOP)
    admin.goto(site + "/admin/login/")
    admin.fill("#id_username", "coordinator")
    admin.fill("#id_password", PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    admin.wait_for_url(site + "/admin/")
    admin.get_by_role("link", name="Enquiries").click()
    admin.wait_for_url("**/admin/enquiries/")
    admin.get_by_role("link", name=f"Enquiry #{enquiry.pk}").first.click()
    admin.wait_for_url(f"**/admin/enquiries/edit/{enquiry.pk}/")
    body = admin.locator("main").inner_text()
    assert MESSAGE in body
    assert "Elif Demir" in body
    screenshot(admin, "enquiry-in-admin")
