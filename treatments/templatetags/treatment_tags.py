"""Links to the treatments list in the visitor's language.

The 404 page and an empty search point visitors to the list of treatments;
on /tr/ that must be the Turkish list, found by its locale (its slug is the
editors' to choose), and the language's home page where that language has
no list. The answer is kept with the other per-language answers in the
shared cache (``clinic.memo``), so a 404 costs no query once it is known.
"""

from django import template
from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from clinic.memo import memo

from ..models import TreatmentIndexPage

register = template.Library()


def _language():
    try:
        return get_supported_content_language_variant(get_language())
    except LookupError:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def index_url(request, language):
    """The address of the treatments list in ``language`` (else of the home
    page in that language), computed afresh in one query: the language's
    home pages (the site roots' translations, at depth 2) and treatment
    lists, in tree order; the first list under the first home wins."""
    is_index = Q(
        content_type__app_label=TreatmentIndexPage._meta.app_label,
        content_type__model=TreatmentIndexPage._meta.model_name,
    )
    pages = list(
        Page.objects.live()
        .filter(locale__language_code=language)
        .filter(Q(depth=2) | is_index)
        .annotate(is_index=ExpressionWrapper(is_index, output_field=BooleanField()))
        .order_by("path")
    )
    homes = [page for page in pages if page.depth == 2]
    indexes = [page for page in pages if page.is_index]
    home = homes[0] if homes else None
    under_home = [p for p in indexes if home and p.path.startswith(home.path)]
    page = (under_home or indexes or [home])[0]
    url = page.get_url(request) if page is not None else None
    return url or "/"


@register.simple_tag(takes_context=True)
def treatments_index_url(context):
    """``{% treatments_index_url %}``: the treatments list in the active
    language, from the shared cache while content is unchanged."""
    request = context.get("request")
    language = _language()
    host = request.get_host() if request is not None else ""
    return memo(
        f"treatments:index-url:{host}:{language}",
        lambda: index_url(request, language),
    )
