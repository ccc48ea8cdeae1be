"""Per-page robots controls, hreflang alternates, and validated extra JSON."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from clinic.models import ClinicSettings
from clinic.validators import validate_json_object
from tests.conftest import SEED_URL


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").head


def test_indexable_page_has_no_robots_meta(client, demo):
    assert head_of(client, SEED_URL).find("meta", attrs={"name": "robots"}) is None


@pytest.mark.parametrize(
    ("noindex", "nofollow", "expected"),
    [
        (True, False, "noindex"),
        (False, True, "nofollow"),
        (True, True, "noindex, nofollow"),
    ],
)
def test_robots_meta_follows_the_page_switches(
    client, demo, noindex, nofollow, expected
):
    demo.robots_noindex = noindex
    demo.robots_nofollow = nofollow
    demo.save_revision().publish()
    meta = head_of(client, SEED_URL).find("meta", attrs={"name": "robots"})
    assert meta["content"] == expected


def test_noindex_page_is_left_out_of_the_sitemap(client, demo):
    assert SEED_URL.encode() in client.get("/sitemap.xml").content
    demo.robots_noindex = True
    demo.save_revision().publish()
    body = client.get("/sitemap.xml").content
    assert SEED_URL.encode() not in body
    assert b"/treatments/</loc>" in body


def test_hreflang_lists_every_language_version_and_x_default(client, demo):
    """The demo's seed page has a live Turkish translation (hreflang over the
    whole site: tests/translation/test_languages.py)."""
    turkish = Locale.objects.get(language_code="tr")
    page_tr = demo.get_translation(turkish)

    english = {
        link["hreflang"]: link["href"]
        for link in head_of(client, SEED_URL).find_all("link", hreflang=True)
    }
    turkish_url = page_tr.get_url()
    assert turkish_url.startswith("/tr/")
    assert english == {
        "en": "http://127.0.0.1:8000" + SEED_URL,
        "tr": "http://127.0.0.1:8000" + turkish_url,
        "x-default": "http://127.0.0.1:8000" + SEED_URL,
    }
    reciprocal = {
        link["hreflang"]: link["href"]
        for link in head_of(client, turkish_url).find_all("link", hreflang=True)
    }
    assert reciprocal == english


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{not json", "This is not valid JSON"),
        ("[1, 2]", "Give a JSON object"),
        ('{"@type": "Hospital"}', "cannot be changed: @type"),
    ],
)
def test_extra_structured_data_rejects_bad_json(value, message):
    with pytest.raises(ValidationError, match=message):
        validate_json_object(value)


def test_extra_structured_data_form_error_keeps_the_stored_value(admin_client, demo):
    """Bad JSON typed in Settings > Clinic is a form error; pages keep working."""
    clinic = ClinicSettings.objects.get()
    clinic.extra_structured_data = '{"medicalSpecialty": "Pediatric"}'
    clinic.save()
    url = f"/admin/settings/clinic/clinicsettings/{clinic.site_id}/"
    form = admin_client.get(url)
    assert form.status_code == 200
    data = {
        "name": clinic.name,
        "extra_structured_data": "{broken",
        "opening_hours-count": "0",
        "medical_disclaimer": '{"blocks": [], "entityMap": {}}',
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "This is not valid JSON" in response.content.decode()
    clinic.refresh_from_db()
    assert clinic.extra_structured_data == '{"medicalSpecialty": "Pediatric"}'
    page = admin_client.get(SEED_URL)
    assert page.status_code == 200
    assert '"medicalSpecialty": "Pediatric"' in page.content.decode()
