"""The demo clinic shows what Turkish health promotion must show: a
disclaimer saying results vary from person to person, and a contact. Both
are the clinic's configuration (settings and clinic text), not the seed
page's own text, which stays as the seed file has it."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Locale

from clinic.models import ClinicSettings, ClinicText
from demo.build import CONTACT_EMAIL, DISCLAIMER, EARLIER_DISCLAIMERS
from seo.audit import run_audit
from tests.conftest import SEED_URL

pytestmark = pytest.mark.django_db

TURKISH_URL = "/tr/tedaviler/serebral-palside-kok-hucre-tedavisi/"
RESULTS_VARY = {
    "en": "Treatment results vary from person to person.",
    "tr": "Tedavi sonuçları kişiden kişiye farklılık gösterebilir.",
}


def page_text(client, url, selector):
    response = client.get(url)
    assert response.status_code == 200
    node = BeautifulSoup(response.content, "html.parser").select_one(selector)
    return " ".join(node.get_text(" ", strip=True).split())


@pytest.mark.parametrize(("language", "url"), [("en", SEED_URL), ("tr", TURKISH_URL)])
def test_the_disclaimer_says_results_vary_in_the_pages_language(
    client, demo, language, url
):
    assert RESULTS_VARY[language] in page_text(client, url, ".disclaimer")
    text = ClinicText.objects.get(locale__language_code=language)
    assert RESULTS_VARY[language] in text.medical_disclaimer


@pytest.mark.parametrize("url", [SEED_URL, TURKISH_URL])
def test_the_clinic_gives_an_email_address(client, demo, url):
    assert ClinicSettings.objects.get().email == CONTACT_EMAIL
    response = client.get(url)
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(f"main .cta a[href='mailto:{CONTACT_EMAIL}']")


def test_the_turkish_seed_page_names_the_responsible_contact(demo):
    """The regulation's contact: the medical reviewer and the clinic's e-mail."""
    (turkish,) = [page for page in run_audit().pages if page.url == TURKISH_URL]
    notices = [f for f in turkish.findings if f.check == "claims.required_notice"]
    assert "contact" not in {f.target for f in notices}
    assert "medical_reviewer" not in {f.target for f in notices}


def test_an_earlier_demo_disclaimer_is_brought_up_to_date(demo):
    """A database loaded by an earlier demo gets the notice on the next run
    (the Turkish clinic text follows through the translation)."""
    (earlier,) = EARLIER_DISCLAIMERS
    ClinicSettings.objects.update(medical_disclaimer=earlier)
    ClinicText.objects.filter(locale=Locale.get_default()).update(
        medical_disclaimer=earlier
    )

    call_command("load_demo_content", verbosity=0)

    assert ClinicSettings.objects.get().medical_disclaimer == DISCLAIMER
    texts = {
        text.locale.language_code: text.medical_disclaimer
        for text in ClinicText.objects.select_related("locale")
    }
    assert texts["en"] == DISCLAIMER
    assert RESULTS_VARY["tr"] in texts["tr"]


def test_an_editors_disclaimer_and_email_are_kept(demo):
    mine = "<p>Our own words, checked by our lawyer.</p>"
    ClinicSettings.objects.update(medical_disclaimer=mine, email="desk@clinic.example")

    call_command("load_demo_content", verbosity=0)

    clinic = ClinicSettings.objects.get()
    assert (clinic.medical_disclaimer, clinic.email) == (mine, "desk@clinic.example")
