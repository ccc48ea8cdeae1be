"""A review reminder is written in the language its reader chose for the admin."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile

from reviews.notify import Notice, message_for

from .pages import REVIEWED, build_site


@pytest.fixture
def page(db):
    return build_site(("en",))["en"].specific


def _reader(language):
    user = get_user_model().objects.create_user(
        username=f"dr-{language}",
        email=f"dr-{language}@example.com",
        first_name="Deniz",
        last_name="Kaya",
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def test_a_doctor_who_prefers_turkish_gets_the_reminder_in_turkish(page):
    message = message_for(Notice(_reader("tr"), [page]), REVIEWED)
    assert "1 tedavi sayfasının tıbbi inceleme zamanı geldi" in message.subject
    assert "Merhaba Deniz Kaya," in message.body
    assert "Son inceleme: 2 Aralık 2026" in message.body
    assert "Hello" not in message.body


def test_an_english_reader_gets_it_in_english(page):
    message = message_for(Notice(_reader("en"), [page]), REVIEWED)
    assert "1 treatment page is due for medical review" in message.subject
    assert "Hello Deniz Kaya," in message.body
    assert "Last reviewed: 2 December 2026" in message.body
