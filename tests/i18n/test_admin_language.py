"""The Wagtail admin follows each editor's language preference (Wagtail ships
Turkish); the choice offered is the site's languages."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.users.models import UserProfile


def _editor(username, language):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.com", password="x" * 16
    )
    user.groups.add(Group.objects.get(name="Editors"))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def turkish_editor(db):
    return _editor("ayse", "tr")


@pytest.fixture
def english_editor(db):
    return _editor("anne", "en")


def _dashboard(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def test_an_editor_who_prefers_turkish_sees_the_turkish_admin(client, turkish_editor):
    html = _dashboard(client, turkish_editor)
    assert re.search(r'<html[^>]* lang="tr"', html)
    assert "Kontrol paneli" in html  # Wagtail's own "Dashboard"
    assert "Sayfalar" in html  # "Pages" in the menu
    # Our own admin strings too: the review panel's heading.
    assert "Tıbbi inceleme zamanı gelenler" in html
    assert "Due for medical review" not in html


def test_an_editor_who_prefers_english_sees_english(client, english_editor):
    html = _dashboard(client, english_editor)
    assert re.search(r'<html[^>]* lang="en"', html)
    assert "Dashboard" in html
    assert "Due for medical review" in html
    assert "Kontrol paneli" not in html


def test_the_language_preference_offers_the_site_languages(
    client, turkish_editor, settings
):
    client.force_login(turkish_editor)
    response = client.get("/admin/account/")
    assert response.status_code == 200
    select = re.search(
        r'<select name="locale-preferred_language".*?</select>',
        response.content.decode(),
        re.S,
    ).group(0)
    offered = re.findall(r'<option value="(\w+)"', select)
    assert offered == [code for code, _name in settings.LANGUAGES]
    assert offered == ["en", "tr"]
