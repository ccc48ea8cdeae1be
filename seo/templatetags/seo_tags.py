from django import template

from home.models import ClinicSettings

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
