from django import template
from django.utils.translation import get_language

from clinic.models import ClinicSettings

from ..graph import build_graph
from ..jsonld import script_tag
from ..languages import alternates, live_versions, og_locale

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
    """Alternate-language links for a page that exists in several languages.

    Every version lists itself and all the others, live, public and indexable
    (links must be reciprocal), plus ``x-default`` pointing at the default
    language's version (``seo.languages``).
    """
    versions, default_url = alternates(page, context.get("request"))
    return {"alternates": versions, "default_url": default_url}


@register.inclusion_tag("includes/og_locale.html")
def og_locales(page):
    """``og:locale`` (the page's language) and ``og:locale:alternate`` (its
    other live translations)."""
    versions = live_versions(page)
    own = [code for code, version in versions if version.pk == page.pk]
    language = own[0] if own else get_language()
    others = [code for code, _version in versions if code != language]
    return {
        "locale": og_locale(language),
        "alternates": [og_locale(code) for code in others],
    }
