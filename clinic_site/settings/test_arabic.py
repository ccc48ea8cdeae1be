"""The test settings with Arabic as a third language.

This is all a new language takes in settings (docs/languages.md): one entry
in ``LANGUAGES``, which the content languages and the admin's language choice
follow. Its interface text comes from ``locale/ar/`` when there is one
(English until then); the layout mirrors by itself (``dir="rtl"``, CSS with
logical properties). tests/i18n and tests/browser apply these values with
pytest-django's ``settings`` fixture; `DJANGO_SETTINGS_MODULE=
clinic_site.settings.test_arabic` runs the whole site with them.
"""

from django.utils.translation import gettext_lazy as _

from .test import *  # noqa: F403

LANGUAGES = [*LANGUAGES, ("ar", _("Arabic"))]  # noqa: F405
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
