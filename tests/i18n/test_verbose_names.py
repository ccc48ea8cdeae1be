"""Model fields carry translated labels: a Turkish editor's edit forms have
no English field names left."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Site
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def turkish_admin(admin_client, admin_user):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "tr"
    profile.save()
    return admin_client


def labels(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        label["for"]: label.get_text(" ", strip=True).rstrip("*").strip()
        for label in soup.select("label[for]")
    }


def test_the_treatment_page_form_has_turkish_field_labels(turkish_admin, demo):
    response = turkish_admin.get(reverse("wagtailadmin_pages:edit", args=[demo.pk]))

    found = labels(response)
    assert found["id_condition_name"] == "Tedavi edilen hastalık"
    assert found["id_summary"] == "Özet"
    assert found["id_last_reviewed"] == "Son inceleme"
    assert found["id_focus_keyphrase"] == "Odak anahtar kelime"
    assert "Condition name" not in response.content.decode()


def test_the_clinic_settings_form_has_turkish_field_labels(turkish_admin, demo):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["clinic", "clinicsettings", site.pk])

    found = labels(turkish_admin.get(url))

    assert found["id_name"] == "Klinik adı"
    assert found["id_street_address"] == "Sokak adresi"
    assert found["id_postal_code"] == "Posta kodu"
    assert found["id_country"] == "Ülke"
