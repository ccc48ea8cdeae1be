"""The required notice reads the disclaimer a page shows in its own language
(the clinic text in that language), not the clinic settings' copy, and reads
it once per language in an audit run."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clinic.models import ClinicSettings, ClinicText
from seo.audit import default_site, run_audit
from seo.content import extract
from tests.seo.demo_pages import TURKISH_SEED_URL
from treatments.models import TreatmentPage

pytestmark = pytest.mark.django_db

RESULTS_VARY = "Tedavi sonuçları kişiden kişiye farklılık gösterebilir."


def turkish_notices():
    (page,) = [page for page in run_audit().pages if page.url == TURKISH_SEED_URL]
    return [f for f in page.findings if f.check == "claims.required_notice"]


def test_the_turkish_seed_page_shows_the_results_vary_notice(demo):
    assert ClinicSettings.objects.get().medical_disclaimer  # English, no notice
    assert turkish_notices() == []


def test_a_turkish_disclaimer_without_the_notice_is_reported(demo):
    ClinicText.objects.filter(locale__language_code="tr").update(
        medical_disclaimer="<p>Bu sayfa tıbbi tavsiye yerine geçmez.</p>"
    )

    (finding,) = turkish_notices()

    assert finding.target == "medical_disclaimer"
    assert "Snippets › Clinic texts" in finding.message


def test_the_disclaimer_is_read_once_per_language(demo):
    """However many pages an audit reads, each language's clinic text is
    fetched once: the second Turkish medical page costs no query for it."""
    site = default_site()
    clinic = ClinicSettings.for_site(site)
    pages = list(TreatmentPage.objects.live().specific())
    turkish = [page for page in pages if page.locale.language_code == "tr"]
    assert turkish
    first = extract(turkish[0], clinic, site)
    assert RESULTS_VARY in first.disclaimer
    with CaptureQueriesContext(connection) as queries:
        again = extract(turkish[0], clinic, site)
    assert again.disclaimer == first.disclaimer
    assert not [q for q in queries if "clinictext" in q["sql"].lower()]
