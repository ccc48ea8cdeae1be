"""The clinic's disclaimer is translatable (``ClinicText``), each page shows
it in its own language, and the migration carried the settings' text over."""

import importlib

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Locale
from wagtail_localize.fields import TranslatableField, get_translatable_fields

from clinic.models import ClinicSettings, ClinicText
from tests.conftest import SEED_URL
from treatments.models import TreatmentPage

MIGRATION = "0002_clinic_text"
migration = importlib.import_module(f"clinic.migrations.{MIGRATION}")


@pytest.fixture(autouse=True)
def _uncached_pages(settings):
    settings.WAGTAIL_CACHE = False


def disclaimer(client, url):
    response = client.get(url)
    assert response.status_code == 200
    aside = BeautifulSoup(response.content, "html.parser").find(
        "aside", class_="disclaimer"
    )
    return " ".join(aside.get_text().split()) if aside else None


def test_the_migration_copies_the_settings_disclaimer(demo):
    clinic = ClinicSettings.objects.get()
    clinic.medical_disclaimer = "<p>Not medical advice.</p>"
    clinic.save()
    ClinicText.objects.all().delete()
    apps = (
        MigrationExecutor(connection).loader.project_state(("clinic", MIGRATION)).apps
    )
    migration.copy_disclaimer(apps, None)
    text = ClinicText.objects.get()
    assert text.locale == Locale.get_default()
    assert text.medical_disclaimer == "<p>Not medical advice.</p>"
    # Run again, it adds nothing.
    migration.copy_disclaimer(apps, None)
    assert ClinicText.objects.count() == 1


def test_each_page_shows_the_disclaimer_in_its_language(client, demo):
    turkish = Locale.objects.get(language_code="tr")
    page_tr = TreatmentPage.objects.get(
        translation_key=demo.translation_key, locale=turkish
    )
    clinic = ClinicSettings.objects.get()
    clinic.medical_disclaimer = "<p>Settings disclaimer.</p>"
    clinic.save()
    ClinicText.objects.all().delete()
    # No clinic text yet: the settings' own.
    assert disclaimer(client, page_tr.url) == "Settings disclaimer."

    english = ClinicText.objects.create(medical_disclaimer="<p>Not advice.</p>")
    assert disclaimer(client, SEED_URL) == "Not advice."
    # Not translated yet: the default language's text.
    assert disclaimer(client, page_tr.url) == "Not advice."

    text_tr = english.copy_for_translation(turkish)
    text_tr.medical_disclaimer = "<p>Tıbbi tavsiye değildir.</p>"
    text_tr.save()
    assert disclaimer(client, page_tr.url) == "Tıbbi tavsiye değildir."
    assert disclaimer(client, SEED_URL) == "Not advice."


def test_the_clinic_text_is_translated():
    assert get_translatable_fields(ClinicText) == [
        TranslatableField("medical_disclaimer")
    ]
