import pytest

from clinic_site.settings import test_arabic


@pytest.fixture
def arabic(settings):
    """Arabic enabled as clinic_site/settings/test_arabic.py enables it."""
    for name in ("LANGUAGES", "WAGTAIL_CONTENT_LANGUAGES"):
        setattr(settings, name, getattr(test_arabic, name))
    settings.WAGTAILADMIN_PERMITTED_LANGUAGES = (
        test_arabic.WAGTAILADMIN_PERMITTED_LANGUAGES
    )
    settings.WAGTAIL_CACHE = False
