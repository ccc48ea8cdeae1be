from django import template
from django.conf import settings

from clinic.models import ClinicSettings

from ..graph import build_graph
from ..jsonld import script_tag

register = template.Library()


@register.simple_tag(takes_context=True)
def structured_data(context, page):
    """The page's JSON-LD, escaped so no field can end the <script> element."""
    request = context.get("request")
    if page is None or request is None:
        return ""
    clinic = ClinicSettings.for_request(request)
    return script_tag(build_graph(page, request, clinic))


@register.inclusion_tag("includes/hreflang.html", takes_context=True)
def hreflang_links(context, page):
    """Alternate-language links for a page that exists in several locales.

    Every version lists itself and all the others (links must be reciprocal),
    plus ``x-default`` pointing at the default language's version.
    """
    request = context.get("request")
    versions = []
    if page is not None and getattr(page, "translation_key", None):
        translations = (
            page.get_translations(inclusive=True)
            .live()
            .select_related("locale")
            .order_by("locale__language_code")
        )
        versions = [
            (version.locale.language_code, version.get_full_url(request))
            for version in translations
        ]
    if len(versions) < 2:
        return {"alternates": [], "default_url": ""}
    default_language = settings.LANGUAGE_CODE
    default_url = dict(versions).get(default_language, versions[0][1])
    return {"alternates": versions, "default_url": default_url}
