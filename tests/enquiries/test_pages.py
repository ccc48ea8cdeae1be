"""Where the form appears: every treatment page, the contact pages, the header."""

import re

import pytest
from django.test import Client

from enquiries.models import ContactPage
from tests.conftest import SEED_URL
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db


def test_the_seed_page_asks_at_the_top_and_has_the_form_after_the_faq(demo):
    html = Client().get(SEED_URL).content.decode()
    assert html.count('id="enquiry"') == 1
    ask = html.index('href="#enquiry"')
    form = html.index('<section class="enquiry" id="enquiry"')
    assert ask < html.index('class="article__body"') < form
    faq_end = max(match.end() for match in re.finditer(r"</details>", html))
    assert faq_end < form
    # Every label is a real <label>, tied to its input; no placeholder labels.
    for field in (
        "name",
        "email",
        "phone",
        "preferred_language",
        "patient_age",
        "message",
        "consent",
        "marketing",
    ):
        assert f'for="enquiry-{field}"' in html
        assert f'id="enquiry-{field}"' in html
    # The page's own treatment travels hidden, named in words.
    assert 'type="hidden" name="treatment"' in html
    assert "Your question is about: Stem Cell Therapy for Cerebral Palsy" in html
    assert "placeholder=" not in html[form:]
    assert 'aria-describedby="enquiry-email-help"' in html
    assert 'href="/privacy-notice/"' in html
    consent = re.search(r'<input type="checkbox" name="consent"[^>]*>', html).group()
    assert "checked" not in consent and "required" in consent
    marketing = re.search(r'<input type="checkbox" name="marketing"[^>]*>', html)
    assert "checked" not in marketing.group() and "required" not in marketing.group()


def test_every_treatment_page_has_the_form(demo):
    for page in TreatmentPage.objects.live():
        response = Client().get(page.url)
        assert response.status_code == 200
        assert 'action="' in response.content.decode()
        assert '/enquiry/"' in response.content.decode()


@pytest.mark.parametrize(
    ("url", "language", "action"),
    [("/contact/", "en", "/enquiry/"), ("/tr/iletisim/", "tr", "/tr/enquiry/")],
)
def test_the_contact_page_in_each_language_has_the_form(demo, url, language, action):
    response = Client().get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert f'action="{action}"' in html
    assert f'<option value="{language}" selected>' in html  # reply language


def test_the_turkish_contact_page_is_a_translation_of_the_english_one(demo):
    english = ContactPage.objects.get(locale__language_code="en")
    turkish = ContactPage.objects.get(locale__language_code="tr")
    assert turkish.translation_key == english.translation_key
    assert turkish.url == "/tr/iletisim/"
    assert turkish.live


@pytest.mark.parametrize(
    ("url", "contact"), [(SEED_URL, "/contact/"), ("/tr/", "/tr/iletisim/")]
)
def test_the_header_contact_link_goes_to_the_contact_page_in_the_language(
    demo, url, contact
):
    html = Client().get(url).content.decode()
    assert f'class="site-header__contact" href="{contact}"' in html


def test_running_the_demo_loader_again_changes_nothing(demo):
    from django.core.management import call_command
    from wagtail.models import Revision

    before = Revision.objects.count()
    call_command("load_demo_content", verbosity=0)
    assert Revision.objects.count() == before
    assert ContactPage.objects.count() == 2


def test_the_header_link_follows_a_renamed_contact_page(demo):
    assert 'href="/contact/"' in Client().get("/").content.decode()
    page = ContactPage.objects.get(locale__language_code="en")
    page.slug = "reach-us"
    page.save_revision().publish()
    html = Client().get(SEED_URL).content.decode()
    assert 'class="site-header__contact" href="/reach-us/"' in html
    page.unpublish()
    html = Client().get(SEED_URL).content.decode()
    assert 'class="site-header__contact" href="#contact"' in html
