"""The header's "Contact" link, without a query on every page.

The contact page's address in each language is kept in the shared cache and
forgotten whenever a contact page is published, unpublished, moved or
deleted (``enquiries/signals.py``), and after an hour in any case. When the
cache is down every page simply looks it up.
"""

from django.conf import settings
from django.core.cache import cache

from .consent import active_language
from .models import ContactPage

FALLBACK = "#contact"  # the footer's contact details
TIMEOUT = 60 * 60


def _key(language):
    return f"enquiries:contact-url:{language}"


def contact_url(request):
    language = active_language()
    url = cache.get(_key(language))
    if url is None:
        page = ContactPage.objects.live().filter(locale__language_code=language)
        page = page.first()
        url = (page.get_url(request) if page is not None else None) or FALLBACK
        cache.set(_key(language), url, TIMEOUT)
    return url


def forget(**kwargs):
    cache.delete_many([_key(code) for code, _name in settings.LANGUAGES])
