"""``/theme.css``: the clinic's accent colour as a stylesheet."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from . import theme
from .models import ClinicSettings


@require_GET
def theme_css(request):
    """The clinic's accent colour as CSS custom properties (see ``clinic.theme``).

    Pages link to it as ``/theme.css?v=<hash of the colours>``: a request with
    the current hash is cached for a year (a new colour means a new URL); any
    other request gets the current colours, cached for five minutes only.
    """
    # Kept out of the page cache, whose browser max-age (a minute) would replace
    # the year this versioned URL may be kept; the view is one small query.
    request._wagtailcache_skip = True
    accent = ClinicSettings.for_request(request).accent_colour
    response = HttpResponse(theme.theme_css(accent), content_type="text/css")
    if request.GET.get("v") == theme.theme_version(accent):
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "public, max-age=300"
    return response
