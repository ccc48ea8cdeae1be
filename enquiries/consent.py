"""Which consent text a visitor is shown, in their language."""

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant

from clinic.memo import memo

from .models import ConsentText

DEFAULT_VERSION = "default"


def default_health_consent():
    return _(
        "I give my explicit consent to the clinic processing the health "
        "information in this enquiry in order to answer it."
    )


def active_language():
    """The content language being shown, without a query (``Locale.get_active``
    costs one each time; the callers join on the language code instead)."""
    try:
        return get_supported_content_language_variant(get_language())
    except LookupError:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def consent_for_language():
    """The active language's consent text (else the default one's), or None.

    Kept in the shared cache until content changes (``clinic.memo``): every
    treatment page shows it."""
    language = active_language()
    return memo(f"enquiries:consent:{language}", lambda: _consent_for(language))


def _consent_for(language):
    texts = ConsentText.objects.select_related("privacy_notice", "locale")
    found = texts.filter(locale__language_code=language).first()
    if found is None:
        default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        found = texts.filter(locale__language_code=default).first()
    return found


def shown_text(consent):
    """(health consent text, marketing consent text, version) as shown."""
    if consent is None:
        return default_health_consent(), "", DEFAULT_VERSION
    return consent.health_consent, consent.marketing_consent, consent.version
