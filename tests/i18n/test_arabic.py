"""A third language by configuration: Arabic, enabled by the settings entry
alone (clinic_site/settings/test_arabic.py), gets its own URLs, its language
and direction on <html>, and the admin offers it."""

import re
from pathlib import Path

import pytest

from .pages import build_site

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pages(db, arabic):
    return build_site(("en", "tr", "ar"))


def _html_tag(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def test_an_arabic_page_is_right_to_left(client, pages):
    assert pages["ar"].url.startswith("/ar/")
    for path in ("/ar/", pages["ar"].url, "/ar/search/?q=cell"):
        tag = _html_tag(client, path)
        assert 'lang="ar"' in tag, path
        assert 'dir="rtl"' in tag, path


def test_english_and_turkish_stay_left_to_right(client, pages):
    for language in ("en", "tr"):
        tag = _html_tag(client, pages[language].url)
        assert f'lang="{language}"' in tag
        assert 'dir="ltr"' in tag


def test_without_the_settings_entry_there_is_no_arabic(client, db, settings):
    settings.WAGTAIL_CACHE = False
    build_site(("en", "tr"))
    assert client.get("/ar/").status_code == 404


def test_the_admin_offers_arabic(client, pages, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "a@example.com", "x")
    client.force_login(user)
    html = client.get("/admin/account/").content.decode()
    select = re.search(
        r'<select name="locale-preferred_language".*?</select>', html, re.S
    ).group(0)
    assert re.findall(r'<option value="(\w+)"', select) == ["en", "tr", "ar"]


def test_templates_and_styles_hard_code_no_language_or_direction():
    """Language and direction come from the active language: no lang="en",
    no /tr/ link, no physical left/right in the CSS."""
    hard_coded = re.compile(
        r"""(lang|hreflang)=["'](en|tr)\b|["']/(en|tr)/|dir=["'](ltr|rtl)["']"""
    )
    found = []
    for path in sorted((ROOT / "templates").rglob("*.*")):
        found += [
            f"{path.name}: {m.group(0)}" for m in hard_coded.finditer(path.read_text())
        ]
    physical = re.compile(
        r"(margin|padding|border)-(left|right)\b|(?<![\w-])(left|right)\s*:"
        r"|text-align:\s*(left|right)|float:\s*(left|right)"
    )
    for path in sorted((ROOT / "static").rglob("*.css")):
        found += [
            f"{path.name}: {m.group(0)}" for m in physical.finditer(path.read_text())
        ]
    assert found == []
