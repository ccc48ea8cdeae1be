"""load_demo_content builds the demo site once, and a second run changes nothing."""

import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision, Site

from clinic.models import ClinicSettings
from doctors.models import Doctor
from home.models import HomePage
from treatments.models import TreatmentIndexPage, TreatmentPage


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "doctors": Doctor.objects.count(),
        "sites": Site.objects.count(),
        "settings": ClinicSettings.objects.count(),
    }


def test_builds_the_tree_and_points_the_site_at_port_8000(demo):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    home = HomePage.objects.get(locale=demo.locale)
    assert site.root_page_id == home.pk
    index = TreatmentIndexPage.objects.get(locale=demo.locale)
    assert index.get_parent().specific == home
    assert index.url == "/treatments/"
    assert demo.get_parent().specific == index
    assert demo.url == "/treatments/stem-cell-therapy-for-cerebral-palsy/"
    assert demo.live and not demo.has_unpublished_changes
    assert demo.full_url == (
        "http://127.0.0.1:8000/treatments/stem-cell-therapy-for-cerebral-palsy/"
    )
    assert [t.pk for t in (f.treatment for f in home.featured_treatments.all())] == [
        demo.pk
    ]


def test_second_run_changes_nothing(demo):
    before = counts()
    body_before = list(demo.body.raw_data)
    call_command("load_demo_content", verbosity=0)
    assert counts() == before
    demo.refresh_from_db()
    assert list(demo.body.raw_data) == body_before


def test_restores_an_edited_page_and_keeps_its_review_date(demo):
    import datetime

    demo.title = "Changed by hand"
    demo.last_reviewed = datetime.date(2025, 1, 2)
    demo.save_revision().publish()
    call_command("load_demo_content", verbosity=0)
    demo.refresh_from_db()
    assert demo.title == "Stem Cell Therapy for Cerebral Palsy"
    assert demo.last_reviewed == datetime.date(2025, 1, 2)
    assert TreatmentPage.objects.filter(locale=demo.locale).count() == 1


def test_does_not_overwrite_clinic_settings_an_editor_typed(demo):
    clinic = ClinicSettings.objects.get()
    clinic.name = "Another Clinic"
    clinic.save()
    call_command("load_demo_content", verbosity=0)
    assert ClinicSettings.objects.get().name == "Another Clinic"


def test_hostname_and_port_options(demo):
    call_command("load_demo_content", hostname="clinic.example", port=443, verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("clinic.example", 443)


def test_environment_sets_the_site(demo, monkeypatch):
    monkeypatch.setenv("DEMO_SITE_HOSTNAME", "demo.test")
    monkeypatch.setenv("DEMO_SITE_PORT", "8080")
    call_command("load_demo_content", verbosity=0)
    assert Site.objects.get(is_default_site=True).hostname == "demo.test"
    assert Site.objects.get(is_default_site=True).port == 8080


def test_missing_seed_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read the seed page"):
        call_command("load_demo_content", seed_file=str(tmp_path / "nope.txt"))
    assert TreatmentPage.objects.count() == 0


def test_ensure_superuser_generates_a_password_once(db, monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    out = io.StringIO()
    call_command("ensure_superuser", stdout=out)
    password = out.getvalue().split("password: ")[1].split()[0]
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)
    again = io.StringIO()
    call_command("ensure_superuser", stdout=again)
    assert "already exists" in again.getvalue()
    assert password not in again.getvalue()


def test_ensure_superuser_uses_the_environment_password(db, monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-test-password")
    out = io.StringIO()
    call_command("ensure_superuser", stdout=out)
    assert "a-long-test-password" not in out.getvalue()
    user = get_user_model().objects.get(username="admin")
    assert user.check_password("a-long-test-password")
