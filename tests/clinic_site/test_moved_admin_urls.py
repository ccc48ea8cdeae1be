"""Old admin addresses of the moved models lead to the same screens."""

import pytest
from django.urls import reverse

from doctors.models import Doctor

pytestmark = pytest.mark.django_db


def test_old_doctor_edit_address_redirects_to_the_new_one(admin_client, demo):
    doctor = Doctor.objects.filter(locale__language_code="en").first()
    new = reverse("wagtailsnippets_doctors_doctor:edit", args=(doctor.pk,))

    response = admin_client.get(f"/admin/snippets/home/doctor/edit/{doctor.pk}/")

    assert response.status_code == 302
    assert response["Location"] == new
    followed = admin_client.get(response["Location"])
    assert followed.status_code == 200
    assert doctor.name in followed.content.decode()


def test_old_doctor_listing_keeps_its_query(admin_client, demo):
    response = admin_client.get("/admin/snippets/home/doctor/?q=%C3%96zek")

    assert response.status_code == 302
    assert response["Location"] == "/admin/snippets/doctors/doctor/?q=%C3%96zek"


def test_old_clinic_settings_address_redirects(admin_client, demo):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    response = admin_client.get(f"/admin/settings/home/clinicsettings/{site.pk}/")

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wagtailsettings:edit", args=("clinic", "clinicsettings", site.pk)
    )
    assert admin_client.get(response["Location"]).status_code == 200


def test_other_admin_addresses_are_untouched(admin_client, demo):
    assert admin_client.get("/admin/snippets/home/nosuchmodel/").status_code == 404
    assert admin_client.get(reverse("wagtailadmin_home")).status_code == 200
